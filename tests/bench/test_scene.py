"""The scene the benchmark builds is the one ffmpeg is given."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from studio.bench.ffmpeg_ref import build_command, write_overlays
from studio.bench.scene import CHAT_EVERY_FRAMES, TICKER_EVERY_FRAMES, build_scene, chat_text
from studio.scene import load_collection


@pytest.fixture(scope="module", autouse=True)
def _qt() -> None:
    from studio.render.text import ensure_gui_app

    ensure_gui_app()


def test_the_scene_loads_and_stacks_camera_card_chat_and_ticker(tmp_path: Path) -> None:
    scene = build_scene(tmp_path, 160, 96, 30)
    shop = load_collection(scene.scene_path).scene("shop")
    ids = [item.id for item in shop.items_in_z_order()]
    assert ids == ["camera", "tone", "product", "qr", "title", "price", "chat", "ticker"]
    assert [t.every_frames for t in scene.timed] == [CHAT_EVERY_FRAMES, TICKER_EVERY_FRAMES]
    assert len(chat_text(3).splitlines()) == 6


def test_ffmpeg_gets_every_overlay_at_the_same_place_and_on_the_same_frames(
    tmp_path: Path,
) -> None:
    scene = build_scene(tmp_path, 160, 96, 30)
    overlays = write_overlays(scene)
    shop = load_collection(scene.scene_path).scene("shop")
    drawn = [i for i in shop.items_in_z_order() if i.id not in ("camera", "tone")]
    assert [(o.x, o.y) for o in overlays] == [(i.transform.x, i.transform.y) for i in drawn]
    # The chat changes every 10 frames: 30 frames show 3 chats, 1 ticker.
    assert [o.rate for o in overlays[-2:]] == [Fraction(3), Fraction(1)]
    assert len(list(tmp_path.glob("chat_*.png"))) == 3
    assert len(list(tmp_path.glob("ticker_*.png"))) == 1

    command = build_command(scene, overlays, tmp_path / "out.flv")
    assert command.count("-i") == 2 + len(overlays)
    assert command[command.index("-frames:v") + 1] == "30"
    assert "testsrc2=size=160x96:rate=30,format=yuv420p" in command
    for option, value in (("-preset", "veryfast"), ("-b:v", "4500k"), ("-g", "60"),
                          ("-bf", "0"), ("-tune", "zerolatency"), ("-b:a", "160k")):  # fmt: skip
        assert command[command.index(option) + 1] == value
    assert command[-3:-1] == ["-f", "flv"]


def test_the_floor_command_has_no_compositing(tmp_path: Path) -> None:
    scene = build_scene(tmp_path, 160, 96, 30)
    command = build_command(scene, [], tmp_path / "floor.flv")
    assert "-filter_complex" not in command
