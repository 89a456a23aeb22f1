"""A still of a template's scene, drawn by the real compositor: gallery thumbnails,
``studio template render`` and the built-ins' reference images.

The show is a sample one, the same every time: the sample catalog's first product featured,
a goal of 50 units, three chat comments, and (only where the scene shows a deal) a 20 % flash
deal frozen at 10:00 left, on a clock that does not move. A camera, which a template cannot
carry and a gallery must not open, is drawn as a stand-in picture of the same place and size.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from studio.capture.base import Services, Source, SourceState
from studio.chat.feed import ChatFeed
from studio.chat.live import ChatLive
from studio.chat.message import ChatAuthor, ChatMessage, Platform
from studio.clock import ManualClock
from studio.engine.session import Session
from studio.resources import resources_dir
from studio.scene import Scene, SceneCollection
from studio.shop.catalog import Catalog
from studio.shop.database import ShopDatabase
from studio.shop.importing import import_file
from studio.shop.live import Goal, ShopLive
from studio.shop.money import Money
from studio.template.new_show import cameras_as_stand_ins

SAMPLE_GOAL_UNITS = 50
SAMPLE_DEAL_S = 600
SAMPLE_DEAL_SHARE = 0.8  # the flash price: 80 % of the regular one
READY_TIMEOUT_S = 15.0


class RenderError(RuntimeError):
    """The still could not be drawn (a source failed to start in time, a bad canvas name)."""


SAMPLE_CHAT = (
    ("Maya", "Love this colour! 😍"),
    ("Jordan", "SOLD 1 M"),
    ("Priya", "Does it come in blue?"),
)


def sample_chat() -> ChatLive:
    """A few comments, always the same, so chat overlays show what they look like."""
    feed = ChatFeed()
    chat = ChatLive(feed)
    for number, (name, text) in enumerate(SAMPLE_CHAT, start=1):
        author = ChatAuthor(display_name=name, id=f"sample-{number}")
        when = datetime(2026, 1, 1, 12, 0, number, tzinfo=UTC)
        feed.add(ChatMessage(f"sample-{number}", Platform.IRC, "#show", author, text, when))
    return chat


@contextmanager
def sample_shop() -> Iterator[ShopLive]:
    """The sample catalog in memory with its first product featured and a units goal."""
    catalog = Catalog(ShopDatabase(Path(":memory:")))
    try:
        import_file(resources_dir() / "catalog" / "sample.json", catalog)
        shop = ShopLive(catalog, clock=ManualClock(start_ns=1))
        products = catalog.products()
        if products:
            shop.feature(products[0].id)
        shop.set_goal(Goal("units", target_units=SAMPLE_GOAL_UNITS))
        yield shop
    finally:
        catalog.close()


def render_still(
    collection: SceneCollection, canvas: str | None = None, *, shop: ShopLive | None = None
) -> np.ndarray:
    """The canvas's scene (default: the first canvas) as a BGRA array of the canvas's size.

    Raises RenderError when the canvas does not exist or a source is not ready in time."""
    from studio.render.text import ensure_gui_app  # Qt is loaded only to draw

    ensure_gui_app()
    name = canvas or collection.canvases[0].name
    try:
        spec = collection.canvas(name)
    except KeyError:
        known = ", ".join(c.name for c in collection.canvases)
        raise RenderError(f"no canvas named {name!r} (this template has: {known})") from None
    collection = cameras_as_stand_ins(collection)
    scene = collection.scene(spec.scene)
    with _shop_for(scene, shop) as live:
        session = Session(collection, services=Services(shop=live, chat=sample_chat()))
        try:
            session.set_preview_scene(spec.name, scene.name)
            _wait_until_ready(session.sources.sources())
            picture = session.preview_scene(spec.name, spec.width, spec.height)
        finally:
            session.set_preview_scene(spec.name, None)
            session.stop()
    if picture is None:  # pragma: no cover - set_preview_scene just set it
        raise RenderError("the scene could not be drawn")
    return picture


@contextmanager
def _shop_for(scene: Scene, shop: ShopLive | None) -> Iterator[ShopLive]:
    if shop is not None:
        yield shop
        return
    with sample_shop() as sample:
        featured = sample.featured
        if featured is not None and _shows_a_deal(scene):
            minor = round(featured.price.minor_units * SAMPLE_DEAL_SHARE)
            price = Money.from_minor(minor, featured.price.currency)
            sample.start_flash_deal(price, SAMPLE_DEAL_S)
        yield sample


def _shows_a_deal(scene: Scene) -> bool:
    for item in scene.items:
        if item.source.kind == "flash_deal":  # type: ignore[attr-defined]
            return True
        if "{deal." in item.source.model_dump_json():
            return True
    return False


def _wait_until_ready(sources: list[Source]) -> None:
    """Until every video source has drawn (or decided to draw nothing) or failed."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    waiting = [source for source in sources if source.has_video]
    while waiting:
        waiting = [source for source in waiting if not _settled(source)]
        if not waiting:
            break
        if time.monotonic() > deadline:
            names = ", ".join(source.display_name for source in waiting)
            raise RenderError(f"these sources did not start within {READY_TIMEOUT_S:g} s: {names}")
        time.sleep(0.01)
    time.sleep(0.05)  # pictures published with the health change reach the slot


def _settled(source: Source) -> bool:
    state = source.health.state
    if state == SourceState.ERROR:
        return True
    return state == SourceState.OK or source.current_picture() is not None


def write_png(bgra: np.ndarray, path: Path) -> None:
    """A PNG of a BGRA array (written whole, then renamed into place)."""
    import av

    from studio.atomic_file import KEEP_MODE, write_atomic

    height, width = bgra.shape[:2]
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(bgra), format="bgra")
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgba"
    packets = codec.encode(frame.reformat(format="rgba")) + codec.encode(None)
    png = b"".join(bytes(packet) for packet in packets)
    write_atomic(path, png, keep_backup=False, mode=KEEP_MODE)


def scaled_to_width(bgra: np.ndarray, width: int) -> np.ndarray:
    """A smaller copy (area-averaged) keeping the aspect; the same array when already small."""
    import av
    from av.video.reformatter import Interpolation

    height, current = bgra.shape[:2]
    if current <= width:
        return bgra
    new_height = max(2, round(height * width / current))
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(bgra), format="bgra")
    smaller = frame.reformat(width=width, height=new_height, interpolation=Interpolation.AREA)
    return smaller.to_ndarray()
