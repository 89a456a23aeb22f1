"""A template laid out at 1920×1080 opened on the canvas Settings → Video holds: every item
keeps its place in the design, scaled, and centred when the shape differs; overlays and texts
draw themselves smaller (their pixel settings scaled), so they stay sharp."""

from __future__ import annotations

from fractions import Fraction

from studio.capture.camera import CameraSettings
from studio.capture.chat_overlay import ChatOverlaySettings
from studio.capture.color import ColorSettings
from studio.capture.text import TextSettings
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform
from studio.template.fit_canvas import fitted_to_canvas

W, H = 1920, 1080
SHARED_CHAT = ChatOverlaySettings(name="Shared chat", max_width_px=600, height_px=300)


def design() -> SceneCollection:
    """A 1920×1080 show: a camera filling the canvas, a sized card, a chat at its natural
    size; a second (vertical) canvas shows a scene of its own."""
    live = Scene(
        name="Live",
        items=[
            SceneItem(
                id="camera", source=CameraSettings(name="Camera"), transform=Transform(fit="cover")
            ),
            SceneItem(
                id="backdrop",  # stretched over the canvas: its box is not used
                source=ColorSettings(name="Backdrop", color="#202020", width=64, height=64),
                transform=Transform(x=8, y=8, width=64, height=64, fit="stretch"),
            ),
            SceneItem(
                id="card",
                source=ColorSettings(name="Card", color="#FFFFFF", width=600, height=200),
                transform=Transform(x=1280, y=820, width=600, height=200),
            ),
            SceneItem(
                id="chat",
                source=ChatOverlaySettings(name="Chat", max_width_px=640, height_px=400),
                transform=Transform(x=40, y=600),
            ),
            SceneItem(
                id="webcam",
                source=CameraSettings(name="Side camera"),
                transform=Transform(x=100, y=50),
            ),
            SceneItem(
                id="title",
                source=TextSettings(
                    name="Title", text="{host.name}", font_size_px=40, outline_px=2
                ),
                transform=Transform(x=200, y=20),
            ),
            SceneItem(
                id="swatch",  # natural size from plain width and height, no pixel settings
                source=ColorSettings(name="Swatch", color="#00FF00", width=100, height=60),
                transform=Transform(x=1800, y=20),
            ),
            SceneItem(
                id="bar",  # the vertical canvas shows this source too, at its own size
                source=ColorSettings(name="Bar", color="#FF0000", width=1080, height=100),
                transform=Transform(x=0, y=980),
            ),
            SceneItem(
                id="shared-chat",  # and this overlay
                source=SHARED_CHAT,
                transform=Transform(x=1300, y=100),
            ),
        ],
    )
    phone = Scene(
        name="Phone",
        items=[
            SceneItem(
                id="bar",
                source=ColorSettings(name="Bar", color="#FF0000", width=1080, height=100),
                transform=Transform(x=0, y=1700),
            ),
            SceneItem(id="shared-chat", source=SHARED_CHAT, transform=Transform(x=40, y=300)),
            SceneItem(
                id="phone-chat",
                source=ChatOverlaySettings(name="Phone chat", max_width_px=700, height_px=400),
                transform=Transform(x=40, y=1000),
            ),
        ],
    )
    return SceneCollection(
        name="Design",
        canvases=[
            Canvas(name="Landscape", width=W, height=H, fps=Fraction(30), scene="Live"),
            Canvas(name="Vertical", width=1080, height=1920, fps=Fraction(30), scene="Phone"),
        ],
        scenes=[live, phone],
    )


def placed(collection: SceneCollection, item_id: str) -> tuple[int, int, int | None, int | None]:
    t = collection.scene("Live").item(item_id).transform
    return t.x, t.y, t.width, t.height


def test_half_the_size_halves_every_position_and_size() -> None:
    fitted = fitted_to_canvas(design(), 960, 540, 25)

    main = fitted.canvases[0]
    assert (main.name, main.width, main.height, main.fps) == ("Landscape", 960, 540, 25)
    assert main.scene == "Live"
    assert placed(fitted, "card") == (640, 410, 300, 100)


def test_overlays_and_texts_draw_themselves_at_the_scaled_size() -> None:
    fitted = fitted_to_canvas(design(), 960, 540, 30)
    # The chat overlay draws at 640×400 by itself: its pixel settings are halved, so it
    # draws at 320×200 with a font half the size, sharp, and keeps no fixed box.
    assert placed(fitted, "chat") == (20, 300, None, None)
    chat = fitted.scene("Live").item("chat").source
    assert isinstance(chat, ChatOverlaySettings)
    designed = design().scene("Live").item("chat").source
    assert isinstance(designed, ChatOverlaySettings)
    assert (chat.max_width_px, chat.height_px) == (320, 200)
    assert chat.font_size_px == designed.font_size_px // 2
    assert chat.padding_px == designed.padding_px // 2
    assert (chat.name, chat.lines) == (designed.name, designed.lines)  # not pixels: kept
    title = fitted.scene("Live").item("title").source
    assert isinstance(title, TextSettings)
    assert (title.font_size_px, title.outline_px, title.text) == (20, 1, "{host.name}")
    assert placed(fitted, "title") == (100, 10, None, None)


def test_pixel_settings_stay_within_their_limits() -> None:
    tiny = design().scene("Live").item("chat")
    small_font = tiny.model_copy(
        update={"source": tiny.source.model_copy(update={"font_size_px": 8})}
    )
    show = design()
    live = show.scene("Live")
    items = [small_font if item.id == "chat" else item for item in live.items]
    show = show.model_copy(
        update={"scenes": [live.model_copy(update={"items": items}), show.scene("Phone")]}
    )
    fitted = fitted_to_canvas(show, 960, 540, 30)
    chat = fitted.scene("Live").item("chat").source
    assert chat.font_size_px == 6  # type: ignore[attr-defined]  # 4 is below the smallest


def test_an_item_sized_by_plain_width_and_height_gets_a_scaled_box() -> None:
    fitted = fitted_to_canvas(design(), 960, 540, 30)
    assert placed(fitted, "swatch") == (900, 10, 50, 30)
    assert (
        fitted.scene("Live").item("swatch").source == design().scene("Live").item("swatch").source
    )


def test_a_source_another_canvas_shows_gets_a_box_not_new_settings() -> None:
    # One named source is one running source: the vertical canvas keeps it at 1080×100,
    # so the fitted canvas shows the same source in a box of half the size.
    fitted = fitted_to_canvas(design(), 960, 540, 30)
    assert placed(fitted, "bar") == (0, 490, 540, 50)
    assert fitted.scene("Live").item("bar").source == design().scene("Phone").item("bar").source
    # An overlay too: scaling its settings would change it on the vertical canvas as well.
    assert placed(fitted, "shared-chat") == (650, 50, 300, 150)
    assert fitted.scene("Live").item("shared-chat").source == SHARED_CHAT


def test_an_item_whose_size_only_the_running_source_knows_keeps_it_and_moves() -> None:
    fitted = fitted_to_canvas(design(), 960, 540, 30)
    assert placed(fitted, "webcam") == (50, 25, None, None)


def test_items_filling_the_canvas_are_left_as_they_are() -> None:
    fitted = fitted_to_canvas(design(), 960, 540, 30)
    for item_id in ("camera", "backdrop"):
        assert fitted.scene("Live").item(item_id) == design().scene("Live").item(item_id)


def test_another_shape_scales_by_the_smaller_factor_and_centres() -> None:
    # 1920×1080 into 1080×1080: the factor is 1080/1920 = 0.5625 (the width binds); the
    # design is 607.5 px tall, centred with 236.25 px above it.
    fitted = fitted_to_canvas(design(), 1080, 1080, 30)
    x, y, width, height = placed(fitted, "card")
    assert (x, width, height) == (720, 338, 112)  # 1280·0.5625, 600·0.5625, 200·0.5625
    assert y == 698  # 820·0.5625 + 236.25 = 697.5, rounded half to even
    # Wider than the design: 1920×540 is bound by the height (0.5), 480 px either side.
    wide = fitted_to_canvas(design(), 1920, 540, 30)
    assert placed(wide, "card") == (1120, 410, 300, 100)


def test_the_other_canvases_and_their_scenes_stay_as_designed() -> None:
    fitted = fitted_to_canvas(design(), 960, 540, 30)
    assert fitted.canvases[1] == design().canvases[1]
    assert fitted.scene("Phone") == design().scene("Phone")


def test_the_same_size_changes_only_the_frame_rate() -> None:
    fitted = fitted_to_canvas(design(), W, H, 60)
    assert fitted.scenes == design().scenes
    assert fitted.canvases[0].fps == 60
