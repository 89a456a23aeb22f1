"""Where a scene item sits on its canvas, before anything runs: for the safe-zone rules.

The rectangle comes from the item's transform through the compositor's own placement
(:func:`studio.compositor.layout.place`); a source's natural size is known from its settings
for the shop overlays (the card's ``width_px``/``height_px``) and estimated from the font for
texts and the flash deal, whose real size only Qt's font engine can tell — preflight stays
headless, so an estimate with the factors the overlays use is enough to say "under the
buttons". None when neither the transform nor the settings tell (a camera at natural size).
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.compositor.layout import Crop, RenderItem, place
from studio.scene.model import Canvas, SceneItem
from studio.scene.sources import source_kind

# As studio.capture.live_overlay lays text out: a glyph is about 0.6 of the font size wide,
# a line 1.3 of it tall.
GLYPH_WIDTH_FACTOR = 0.6
LINE_HEIGHT_FACTOR = 1.3
# The flash deal stacks its title, price and countdown at these multiples of its font size
# (studio.render.shop_overlays.render_flash_deal); "$000.00" stands for the price.
FLASH_DEAL_LINES = ((0.8, "title"), (1.3, "$000.00"), (1.0, "countdown"))


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    def overlap(self, other: Box) -> float:
        """The area both cover."""
        width = min(self.x + self.width, other.x + other.width) - max(self.x, other.x)
        height = min(self.y + self.height, other.y + other.height) - max(self.y, other.y)
        return max(0.0, width) * max(0.0, height)


def item_box(item: SceneItem, canvas: Canvas) -> Box | None:
    """The item's rectangle in canvas pixels, or None when its size cannot be known yet."""
    transform = item.transform
    natural = natural_size(item, canvas)
    if natural is None:
        boxed = transform.width is not None and transform.height is not None
        if transform.fit in ("cover", "stretch") or (transform.fit == "none" and boxed):
            natural = (transform.width or canvas.width, transform.height or canvas.height)
        else:
            return None
    crop = transform.crop
    geometry = RenderItem(
        key=item.id,
        source=None,  # type: ignore[arg-type]  # place() reads the geometry only
        x=transform.x,
        y=transform.y,
        width=transform.width,
        height=transform.height,
        fit=transform.fit,
        crop=Crop(crop.left, crop.top, crop.right, crop.bottom),
    )
    placement = place(geometry, natural, (canvas.width, canvas.height))
    if placement is None:
        return None
    return Box(placement.x, placement.y, placement.width, placement.height)


def natural_size(item: SceneItem, canvas: Canvas) -> tuple[int, int] | None:
    """The size the source draws itself at, from its settings (read by name: the settings
    classes live with the sources, which preflight does not start)."""
    source = item.source
    kind = source_kind(source)
    if kind == "product_card":
        return _card_size(source, canvas)
    if kind == "text":
        return _text_size(source)
    if kind == "flash_deal":
        return _flash_deal_size(source)
    width, height = getattr(source, "width_px", None), getattr(source, "height_px", None)
    if isinstance(width, int) and isinstance(height, int):
        return width, height
    return None


def _card_size(source: object, canvas: Canvas) -> tuple[int, int]:
    # As the card's "auto" layout turns itself: upright on a canvas taller than wide.
    width, height = int(getattr(source, "width_px", 616)), int(getattr(source, "height_px", 220))
    layout = getattr(source, "layout", "auto")
    if layout != "auto":
        return width, height
    if canvas.height > canvas.width:
        return min(width, height), max(width, height)
    return max(width, height), min(width, height)


def _text_size(source: object) -> tuple[int, int]:
    text = str(getattr(source, "text", ""))
    font = int(getattr(source, "font_size_px", 48))
    padding = int(getattr(source, "padding_px", 0))
    lines = text.split("\n") or [""]
    width = max(len(line) for line in lines) * font * GLYPH_WIDTH_FACTOR
    wrap = getattr(source, "wrap_width_px", None)
    if isinstance(wrap, int) and width > wrap:
        rows = sum(max(1, -(-len(line) * font * GLYPH_WIDTH_FACTOR // wrap)) for line in lines)
        width, count = float(wrap), rows
    else:
        count = len(lines)
    height = count * font * LINE_HEIGHT_FACTOR
    return round(width) + 2 * padding, round(height) + 2 * padding


def _flash_deal_size(source: object) -> tuple[int, int]:
    font = int(getattr(source, "font_size_px", 28))
    padding = int(getattr(source, "padding_px", 12))
    texts = {
        "title": str(getattr(source, "title", "")),
        "countdown": str(getattr(source, "countdown", "")),
    }
    width = max(
        len(texts.get(sample, sample)) * scale * font * GLYPH_WIDTH_FACTOR
        for scale, sample in FLASH_DEAL_LINES
    )
    height = sum(scale for scale, _ in FLASH_DEAL_LINES) * font * LINE_HEIGHT_FACTOR
    return round(width) + 2 * padding, round(height) + 2 * padding
