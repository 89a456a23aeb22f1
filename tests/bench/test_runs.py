"""ffmpeg, the encoder floor and our pipeline produce the same number of frames."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studio.bench.ffmpeg_ref import build_command, run_ffmpeg, write_overlays
from studio.bench.floor import run_floor
from studio.bench.ours import run_ours
from studio.bench.runner import count_video_packets
from studio.bench.scene import build_scene

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs the ffmpeg CLI")


def test_every_side_encodes_exactly_the_frames_asked_for(tmp_path: Path) -> None:
    from studio.render.text import ensure_gui_app

    ensure_gui_app()
    scene = build_scene(tmp_path, 160, 96, 30)
    run_ffmpeg(build_command(scene, write_overlays(scene), tmp_path / "ffmpeg.flv"))
    floor = run_floor(160, 96, 30, 30, tmp_path / "floor.flv")
    ours = run_ours(scene, tmp_path / "ours.flv")

    assert count_video_packets(tmp_path / "ffmpeg.flv") == 30
    assert count_video_packets(tmp_path / "floor.flv") == floor.frames == 30
    assert count_video_packets(tmp_path / "ours.flv") == ours.encoded_frames == 30
    assert ours.errors == []
    assert set(ours.stage_ms) == {"compose", "convert", "encode", "mux"}
