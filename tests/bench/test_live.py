"""The live benchmark as `studio bench` runs it, shortened: every side streams to a real
nginx-rtmp (or records) in real time, each timed as a whole process, two rounds of each, and
the figures say what the server received."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studio.bench.live import run_live
from studio.bench.rtmp_server import RTMP_MODULE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs the ffmpeg CLI"),
    pytest.mark.skipif(not RTMP_MODULE.exists(), reason="needs nginx's rtmp module"),
]

SECONDS = 3.0


def test_every_side_runs_live_for_the_same_time_and_is_judged_on_what_arrived(
    tmp_path: Path,
) -> None:
    from studio.render.text import ensure_gui_app

    ensure_gui_app()
    said: list[str] = []
    live = run_live(tmp_path, ((320, 180),), SECONDS, with_app=True, rounds=2,
                    progress=said.append)  # fmt: skip

    runs = live["320x180"]
    assert set(runs) == {"stream", "record", "app"}
    for mode, run in runs.items():
        for side in (run["ours"], run["reference"]):
            assert side["expected_frames"] == 90
            # Each side ran in real time: about SECONDS of show, whole process start to exit.
            assert SECONDS <= side["wall_s"] < SECONDS + 20, (mode, side)
            assert side["received_frames"] >= 85, (mode, side)
            assert side["cpu_s"] > 0 and side["peak_rss_mb"] > 20
        assert run["cpu_ratio"] == pytest.approx(
            run["ours"]["cpu_s_per_minute"] / run["reference"]["cpu_s_per_minute"], rel=1e-2
        )
    # The app is compared with our own headless stream, the headless runs with ffmpeg.
    assert runs["app"]["reference"] == runs["stream"]["ours"]
    assert any("desktop app" in line for line in said)
    # Two rounds of every side, the headless ones in turn; the figures are a median run's.
    assert [line.split(":")[0].strip() for line in said if "CPU s/min" in line] == [
        "320x180-0", "320x180-1"]  # fmt: skip
    assert sorted(p.name for p in tmp_path.glob("app-320x180-*")) == [
        "app-320x180-0", "app-320x180-1"]  # fmt: skip
