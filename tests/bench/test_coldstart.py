"""The cold-start probe launches the real `studio stream` and sees its first encoded frame."""

from __future__ import annotations

import socket
from pathlib import Path

from studio.bench.coldstart import closed_loopback_port, compile_bytecode, measure_cold_start
from studio.bench.scene import build_scene
from tests.support.analysis import read_video


def test_the_probe_port_refuses_connections() -> None:
    port = closed_loopback_port()
    with socket.socket() as client:
        assert client.connect_ex(("127.0.0.1", port)) != 0


def test_studio_stream_cold_start_is_timed_to_its_first_encoded_frame(tmp_path: Path) -> None:
    from studio.render.text import ensure_gui_app

    ensure_gui_app()
    scene = build_scene(tmp_path, 160, 96, 30)
    seconds = measure_cold_start(scene.scene_path, tmp_path)
    assert seconds is not None and 0.0 < seconds < 30.0
    # The stream's destination refused, yet the encoder ran: the recording holds ~2 s of video.
    frames = len(read_video(tmp_path / "coldstart.mkv").frame_times_s)
    assert 45 <= frames <= 75


def test_the_app_is_timed_with_its_bytecode_compiled_as_an_install_leaves_it() -> None:
    import importlib.util

    import studio.ui.app

    source = Path(studio.ui.app.__file__)
    cached = Path(importlib.util.cache_from_source(str(source)))
    cached.unlink(missing_ok=True)
    compile_bytecode()
    assert cached.is_file() and cached.stat().st_mtime >= source.stat().st_mtime
