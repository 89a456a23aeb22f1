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


COUNT_MALLOC_ARENAS_AFTER_THREADS = """
import ctypes, os, sys, threading
if sys.argv[1] == "setup":
    from studio.process_setup import prepare_process
    prepare_process()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
started, finish = threading.Barrier(9), threading.Event()

def allocate():  # what a capture, render or encoder thread does: keep some memory
    kept = [libc.malloc(4096 + i) for i in range(100)]
    started.wait()
    finish.wait()

threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
started.wait()
text, size = ctypes.c_char_p(), ctypes.c_size_t()
libc.open_memstream.restype = ctypes.c_void_p
stream = ctypes.c_void_p(libc.open_memstream(ctypes.byref(text), ctypes.byref(size)))
libc.malloc_info(0, stream)
libc.fclose(stream)
print(ctypes.string_at(text, size.value).decode().count("<heap nr="))
finish.set()
"""


def _malloc_arenas(mode: str, **env: str) -> int:
    environment = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"} | env
    result = subprocess.run(
        [sys.executable, "-c", COUNT_MALLOC_ARENAS_AFTER_THREADS, mode],
        env=environment, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return int(result.stdout)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
    reason="glibc's malloc arenas",
)
def test_threads_share_two_malloc_arenas_after_the_setup() -> None:
    from studio.process_setup import MALLOC_ARENAS

    assert _malloc_arenas("setup") == MALLOC_ARENAS
    assert _malloc_arenas("plain") > MALLOC_ARENAS  # one per thread without it
    assert _malloc_arenas("setup", MALLOC_ARENA_MAX="4") > MALLOC_ARENAS  # the user's wins
