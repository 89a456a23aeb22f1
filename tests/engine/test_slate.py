"""The be-right-back slate: which item is the main camera, when the slate shows and when the
program comes back (fake times), and a session switching on a camera's real health."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from studio.capture.base import Services, SourceState
from studio.capture.color import ColorSettings
from studio.capture.image import ImageSettings
from studio.capture.media_file import MediaFileSettings
from studio.capture.microphone import MicrophoneSettings
from studio.capture.shop_overlays import ProductCardSettings
from studio.capture.test_pattern import TestPatternSettings as PatternSettings
from studio.capture.text import TextSettings
from studio.capture.tone import ToneSettings
from studio.engine.session import Session, SessionEvent
from studio.engine.slate import (
    NoSlateSceneError,
    SlateEvent,
    SlateReason,
    SlateWatcher,
    is_video_source,
    main_camera,
)
from studio.scene import (
    Canvas,
    Scene,
    SceneCollection,
    SceneDocumentError,
    SceneItem,
    Transform,
    collection_to_json,
    parse_collection,
)
from tests.capture.waiting import wait_for
from tests.shop_overlays.helpers import GREEN, colour_pixels, live_shop
from tests.support.pipe_camera import PipeCamera
from tests.support.scenes import solid_png

OK, ERROR, STARTING = SourceState.OK, SourceState.ERROR, SourceState.STARTING
W, H = 160, 96
BLUE, MAGENTA, ORANGE = (0, 0, 255), (255, 0, 255), (255, 140, 0)


# -- the decision, on a fake clock -----------------------------------------------------------
def test_a_lost_camera_brings_the_slate_at_once_and_the_program_back_after_the_settle() -> None:
    watcher = SlateWatcher(settle_s=1.0)
    watcher.observe(0.0, OK)
    assert watcher.reason is None
    watcher.observe(5.0, ERROR)
    assert watcher.reason is SlateReason.CAMERA_LOST
    watcher.observe(6.0, OK)  # back, but not settled yet
    watcher.observe(6.9, OK)
    assert watcher.reason is SlateReason.CAMERA_LOST
    watcher.observe(7.0, OK)
    assert watcher.reason is None


def test_a_flapping_camera_keeps_the_slate_until_it_stays_healthy() -> None:
    watcher = SlateWatcher(settle_s=1.0)
    watcher.observe(0.0, ERROR)
    for second in range(1, 10):  # OK for half a second, then lost again, over and over
        watcher.observe(second, OK)
        watcher.observe(second + 0.5, OK)
        watcher.observe(second + 0.6, ERROR)
        assert watcher.reason is SlateReason.CAMERA_LOST
    watcher.observe(20.0, OK)
    watcher.observe(21.0, OK)
    assert watcher.reason is None


def test_the_hosts_break_stays_while_the_camera_is_fine_and_gives_way_to_a_lost_one() -> None:
    watcher = SlateWatcher()
    watcher.manual = True
    for second in range(10):
        watcher.observe(second, OK)
        assert watcher.reason is SlateReason.MANUAL
    watcher.observe(10.0, ERROR)
    assert watcher.reason is SlateReason.MANUAL  # the break wins while it lasts
    watcher.manual = False
    assert watcher.reason is SlateReason.CAMERA_LOST  # the camera is still gone


def test_a_camera_that_never_opens_counts_as_lost_after_the_start_grace() -> None:
    watcher = SlateWatcher(start_grace_s=5.0)
    watcher.observe(0.0, STARTING)
    watcher.observe(4.9, STARTING)
    assert watcher.reason is None  # opening a camera takes a moment
    watcher.observe(5.0, STARTING)
    assert watcher.reason is SlateReason.CAMERA_LOST


def test_a_program_without_a_camera_never_needs_the_slate() -> None:
    watcher = SlateWatcher()
    watcher.observe(0.0, ERROR)
    watcher.observe(1.0, None)
    assert watcher.reason is None


# -- the main camera -------------------------------------------------------------------------
def test_moving_pictures_are_video_sources_stills_and_overlays_are_not(tmp_path: Path) -> None:
    movie = tmp_path / "clip.mp4"
    movie.write_bytes(b"")  # only its settings are judged here
    logo = solid_png(tmp_path / "logo.png", 8, 8, (1, 2, 3))
    assert is_video_source(PipeCamera(tmp_path).settings)
    assert is_video_source(MediaFileSettings(path=movie))
    assert is_video_source(PatternSettings())
    for still in (
        ImageSettings(path=logo),
        ColorSettings(color="#000000"),
        TextSettings(text="Hi"),
        ProductCardSettings(),
        MicrophoneSettings(),
        ToneSettings(),
    ):
        assert not is_video_source(still), still


def test_the_main_camera_is_the_bottom_most_visible_video_item(tmp_path: Path) -> None:
    camera = PipeCamera(tmp_path).settings
    backdrop = SceneItem(id="backdrop", source=ColorSettings(color="#000000"), z_order=-5)
    hidden = SceneItem(id="hidden", source=PatternSettings(name="Off"), visible=False)
    pattern = SceneItem(id="pattern", source=PatternSettings(name="Bars"), z_order=2)
    cam = SceneItem(id="cam", source=camera, z_order=1)
    scene = Scene(name="Live", items=[pattern, backdrop, hidden, cam])
    assert main_camera(scene) == cam  # below the pattern; the hidden one and stills skipped
    assert main_camera(Scene(name="Stills", items=[backdrop])) is None


# -- the document ----------------------------------------------------------------------------
def _document(slate: str | None) -> dict[str, object]:
    canvas: dict[str, object] = {"name": "main", "width": W, "height": H, "fps": 30,
                                 "scene": "Live"}  # fmt: skip
    if slate is not None:
        canvas["slate_scene"] = slate
    return {
        "format_version": 2,
        "name": "Slate show",
        "canvases": [canvas],
        "scenes": [
            {"name": "Live", "items": [{"source": {"kind": "test_pattern"}}]},
            {"name": "BRB", "items": [{"source": {"kind": "color", "color": "#FF00FF"}}]},
        ],
    }


def test_an_unknown_slate_scene_is_a_problem_named_by_path(tmp_path: Path) -> None:
    import json

    with pytest.raises(SceneDocumentError) as raised:
        parse_collection(json.dumps(_document("Break")), tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        "canvases[0].slate_scene: no scene named 'Break'"
    ]


def test_the_slate_scene_is_saved_and_left_out_when_there_is_none(tmp_path: Path) -> None:
    import json

    with_slate = parse_collection(json.dumps(_document("BRB")), tmp_path)
    assert with_slate.canvases[0].slate_scene == "BRB"
    saved = json.loads(collection_to_json(with_slate, tmp_path))
    assert saved["canvases"][0]["slate_scene"] == "BRB"
    assert parse_collection(json.dumps(saved), tmp_path) == with_slate
    without = json.loads(collection_to_json(parse_collection(json.dumps(_document(None)),
                                                             tmp_path), tmp_path))  # fmt: skip
    assert "slate_scene" not in without["canvases"][0]  # older releases still read it


# -- a session on a camera's real health -------------------------------------------------
def _show(camera: PipeCamera, slate_items: list[SceneItem] | None = None) -> SceneCollection:
    def solid(name: str, color: str) -> SceneItem:
        return SceneItem(id=name.lower(), source=ColorSettings(name=name, color=color,
                                                               width=W, height=H))  # fmt: skip

    live = Scene(name="Live", items=[
        SceneItem(id="cam", source=camera.settings, transform=Transform(fit="stretch"))
    ])  # fmt: skip
    brb = Scene(name="BRB", items=[solid("Magenta", "#FF00FF"), *(slate_items or [])])
    studio_table = Scene(name="Table", items=[solid("Orange", "#FF8C00")])
    canvas = Canvas(name="main", width=W, height=H, fps=Fraction(30), scene="Live",
                    slate_scene="BRB")  # fmt: skip
    return SceneCollection(name="Slate", canvases=[canvas], scenes=[live, brb, studio_table])


def _colour(session: Session) -> tuple[int, int, int] | None:
    """A pixel in the canvas's upper half (the card sits below), RGB, from the newest frame."""
    frame = session.preview("main", W, H)
    if frame is None:
        return None
    b, g, r = (int(v) for v in frame[frame.shape[0] // 4, frame.shape[1] // 2, :3])
    return r, g, b


def _shows(session: Session, rgb: tuple[int, int, int]) -> bool:
    colour = _colour(session)
    return colour is not None and max(abs(a - b) for a, b in zip(colour, rgb, strict=True)) <= 40


class _Events:
    def __init__(self) -> None:
        self.all: list[SessionEvent] = []

    def __call__(self, event: SessionEvent) -> None:
        self.all.append(event)

    def slate(self) -> list[str]:
        return [e.message for e in self.all if isinstance(e, SlateEvent)]


@pytest.fixture
def camera(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    device = PipeCamera(tmp_path, rgb=BLUE)
    device.install(monkeypatch)
    yield device
    device.unplug()


def test_a_camera_missing_at_start_shows_the_slate_until_it_is_plugged_in(camera) -> None:  # type: ignore[no-untyped-def]
    events = _Events()
    session = Session(_show(camera), on_event=events)
    session.start(all_canvases=True)
    try:
        wait_for(lambda: _shows(session, MAGENTA))
        assert session.slate_reason("main") is SlateReason.CAMERA_LOST
        assert session.stats()[0].on_slate == "BRB"
        [lost] = events.slate()
        assert lost.startswith(f"Camera lost — showing BRB on main (camera '{camera.path}'")
        camera.plug()
        wait_for(lambda: _shows(session, BLUE))
        assert session.slate_reason("main") is None
        assert events.slate()[1:] == ["Camera back — showing Live on main"]
    finally:
        session.stop()


def test_the_break_stays_until_pressed_again_with_the_featured_product_on_the_slate(  # type: ignore[no-untyped-def]
    camera, tmp_path: Path
) -> None:
    shop = live_shop(tmp_path / "shop")
    shop.feature("lamp")  # its picture is green
    card = SceneItem(id="card", source=ProductCardSettings(width_px=W, height_px=H // 2),
                     transform=Transform(x=0, y=H // 2))  # fmt: skip
    events = _Events()
    session = Session(_show(camera, [card]), on_event=events, services=Services(shop=shop))
    camera.plug()
    session.start(all_canvases=True)
    try:
        wait_for(lambda: _shows(session, BLUE))
        assert session.toggle_be_right_back() is True
        assert session.slate_reason("main") is SlateReason.MANUAL
        wait_for(lambda: _shows(session, MAGENTA))
        # The shop is the show's: the slate's card shows what is featured, not a blank card.
        wait_for(lambda: colour_pixels(_frame(session), GREEN) > 50)
        assert _shows(session, MAGENTA)  # the camera is fine, yet the break goes on
        assert session.toggle_be_right_back() is False
        wait_for(lambda: _shows(session, BLUE))
        assert events.slate() == [
            "Be right back — showing BRB on main",
            "Back from the break — showing Live on main",
        ]
    finally:
        session.stop()


def _frame(session: Session) -> np.ndarray:
    frame = session.preview("main", W, H)
    assert frame is not None
    return frame


def test_a_scene_switched_to_during_the_slate_is_where_the_show_returns(camera) -> None:  # type: ignore[no-untyped-def]
    events = _Events()
    session = Session(_show(camera), on_event=events)
    session.start(all_canvases=True)
    try:
        wait_for(lambda: _shows(session, MAGENTA))
        # A scene without a camera: nothing to wait for, the show returns on it at once.
        session.show_scene("main", "Table")
        wait_for(lambda: _shows(session, ORANGE))
        assert session.slate_reason("main") is None
        assert events.slate()[-1] == "Showing Table on main again: its program shows no camera"
        session.show_scene("main", "Live")  # back to the missing camera: the slate again
        wait_for(lambda: _shows(session, MAGENTA))
        assert session.slate_reason("main") is SlateReason.CAMERA_LOST
    finally:
        session.stop()


def test_an_edit_that_removes_the_slate_scene_brings_the_program_back(camera) -> None:  # type: ignore[no-untyped-def]
    events = _Events()
    show = _show(camera)
    session = Session(show, on_event=events)
    session.start(all_canvases=True)
    try:
        wait_for(lambda: session.slate_reason("main") is SlateReason.CAMERA_LOST)
        canvas = show.canvases[0].model_copy(update={"slate_scene": None})
        session.update_collection(show.model_copy(update={"canvases": [canvas]}))
        assert session.slate_reason("main") is None
        assert events.slate()[-1] == (
            "Showing Live on main again: the canvas has no slate scene any more"
        )
        with pytest.raises(
            NoSlateSceneError, match="No canvas has a be-right-back slate scene"
        ) as raised:
            session.toggle_be_right_back()
        assert "Slate scene (be right back)" in str(raised.value)
    finally:
        session.stop()
