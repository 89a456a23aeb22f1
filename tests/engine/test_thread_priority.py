"""The video encoder has the CPU first: the compositing and mixing threads run lowered; the
encode thread, the encoder's own threads and capture (latency) do not."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from studio.bench.ours import wait_for_pictures
from studio.clock import ManualClock
from studio.engine import canvas
from studio.engine.encoding_run import EncodingRun
from studio.engine.session import Session
from studio.scene import load_collection
from studio.thread_priority import LINUX_NICE_STEP, lower_current_thread_priority, thread_nice
from tests.support.scenes import collection, write_collection

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="per-thread nice values are read from /proc"
)


def test_lowering_touches_only_the_calling_thread() -> None:
    seen: dict[str, int | None] = {}

    def lowered() -> None:
        assert lower_current_thread_priority()
        seen["lowered"] = thread_nice(threading.get_native_id())

    base = thread_nice(threading.get_native_id())
    assert base is not None
    thread = threading.Thread(target=lowered)
    thread.start()
    thread.join()
    assert seen["lowered"] == min(19, base + LINUX_NICE_STEP)
    assert thread_nice(threading.get_native_id()) == base


def test_a_running_pipeline_keeps_the_encoder_above_compositing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = thread_nice(threading.get_native_id())
    assert base is not None
    encoder_threads: set[str] = set()

    class WatchedRun(EncodingRun):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            before = set(os.listdir("/proc/self/task"))
            super().__init__(*args, **kwargs)
            encoder_threads.update(set(os.listdir("/proc/self/task")) - before)

    monkeypatch.setattr(canvas, "EncodingRun", WatchedRun)
    document = collection(
        [{"name": "main", "width": 640, "height": 360, "fps": 30, "scene": "S"}],
        [{"name": "S", "items": [
            {"source": {"kind": "test_pattern", "width": 640, "height": 360}},
            {"source": {"kind": "tone", "frequency_hz": 500}},
        ]}],
    )  # fmt: skip
    session = Session(load_collection(write_collection(tmp_path / "s.json", document)),
                      clock=ManualClock())  # fmt: skip
    session.add_recording(tmp_path / "out.mkv")
    # The camera stand-in opens (and starts FFmpeg's threads) before the encoders do.
    wait_for_pictures(session.sources.sources())
    session.start(frame_limit=3000)  # opens the encoders on this thread
    try:
        deadline = time.monotonic() + 30
        while session.stats()[0].video.encoded_frames < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        nice = {t.name: thread_nice(t.native_id) for t in threading.enumerate() if t.native_id}
        encoder_nice = [thread_nice(int(tid)) for tid in encoder_threads]
    finally:
        session.stop()
    lowered = min(19, base + LINUX_NICE_STEP)
    assert nice["main-render"] == lowered
    assert nice["main-audio"] == lowered
    assert [n for name, n in nice.items() if name.startswith("source-")] == [base]
    assert nice["main-encode"] == base
    # x264's slice and lookahead threads, started while the encoder opened: not lowered.
    assert encoder_nice and all(n == base for n in encoder_nice)
