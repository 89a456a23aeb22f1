"""The executable keeps numpy's BLAS to one thread: no idle BLAS threads in a show's process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from studio.process_setup import BLAS_THREAD_VARIABLES

COUNT_THREADS_AFTER_NUMPY = """
import os, sys
if sys.argv[1] == "setup":
    from studio.process_setup import use_one_blas_thread
    use_one_blas_thread()
import numpy
print(len(os.listdir("/proc/self/task")))
"""


def _threads_after_numpy(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    result = subprocess.run([sys.executable, "-c", COUNT_THREADS_AFTER_NUMPY, mode],
                            env=env, capture_output=True, text=True, check=True)  # fmt: skip
    return int(result.stdout)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc")
def test_numpy_starts_no_blas_threads_after_the_setup() -> None:
    assert _threads_after_numpy("setup") == 1
    if (os.cpu_count() or 1) > 1:  # the setup is what keeps them away
        assert _threads_after_numpy("plain") > 1


def test_a_value_the_user_set_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from studio.process_setup import use_one_blas_thread

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    use_one_blas_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
    assert os.environ["OMP_NUM_THREADS"] == "1"
