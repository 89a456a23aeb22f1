"""Headless `studio record` honours the slate: a camera missing from the start records the
slate, and the host reads why on the terminal."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np

from studio.cli.status import StatusPrinter
from studio.engine.canvas import CanvasStats
from studio.engine.slate import SlateEvent, SlateReason
from studio.engine.video_thread import VideoCounters
from tests.cli.test_cli import studio
from tests.support.scenes import collection, write_collection

W, H = 160, 96


def test_a_recording_without_its_camera_shows_the_slate_and_says_why(tmp_path: Path) -> None:
    missing = tmp_path / "video9"  # no such device: the camera cannot be opened
    canvas = {"name": "main", "width": W, "height": H, "fps": 30, "scene": "Live",
              "slate_scene": "BRB"}  # fmt: skip
    document = collection(
        [canvas],
        [
            {"name": "Live", "items": [
                {"source": {"kind": "camera", "name": "Cam", "device": str(missing)},
                 "transform": {"fit": "cover"}},
            ]},
            {"name": "BRB", "items": [
                {"source": {"kind": "color", "color": "#FF00FF", "width": W, "height": H}},
            ]},
        ],
    )  # fmt: skip
    scene = write_collection(tmp_path / "show.json", document)
    output = tmp_path / "show.mkv"
    result = studio("record", "--scene", str(scene), "--output", str(output), "--duration", "3")
    assert result.returncode == 0, result.stderr
    assert f"Camera lost — showing BRB on main (camera '{missing}' is not available" in (
        result.stderr
    )
    with av.open(str(output)) as container:
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]
    magenta = [
        bool(np.abs(f[H // 2, W // 2].astype(int) - (255, 0, 255)).max() <= 40) for f in frames
    ]
    assert len(frames) >= 60 and all(magenta[15:]), magenta  # from the first moments on


def test_the_status_line_says_the_slate_is_on_air() -> None:
    out = io.StringIO()
    printer = StatusPrinter(stream=out)
    printer.event(
        SlateEvent("main", True, SlateReason.MANUAL, slate_scene="BRB", program_scene="Live")
    )
    stats = CanvasStats(
        name="main", width=W, height=H, fps=30.0, running=True, live=True,
        video=VideoCounters(), audio_levels={}, outputs=[], on_slate="BRB",
        slate_reason=SlateReason.CAMERA_LOST.value,
    )  # fmt: skip
    printer.status(1.0, [stats])
    lines = out.getvalue().splitlines()
    assert lines[0] == "[00:00:00] Be right back — showing BRB on main"
    assert lines[1].startswith("00:00:01 | main: showing BRB (camera lost), 0 frames")
