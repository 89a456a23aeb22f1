"""Where the show's product card sat in a recording, read from its scene collection, so a
vertical crop can follow it (see :mod:`studio.clips.vertical_frame`) and the card drawn again
looks like the show's."""

from __future__ import annotations

from studio.capture.shop_overlays import ProductCardSettings
from studio.clips.vertical_frame import Rect
from studio.preflight.item_box import item_box
from studio.scene.model import SceneCollection


def scene_card(
    collection: SceneCollection, canvas: str | None, size: tuple[int, int]
) -> tuple[Rect | None, ProductCardSettings | None]:
    """The card's box in a recording of ``size`` (its pixels) of ``canvas`` (else the first
    landscape canvas), and the card's settings; (None, None) without a card; a None box when
    its size cannot be known before it is drawn."""
    canvases = [c for c in collection.canvases if c.name == canvas] or [
        c for c in collection.canvases if c.width >= c.height
    ]
    if not canvases:
        return None, None
    chosen = canvases[0]
    for item in collection.scene_on(chosen.name).items_in_z_order():
        if isinstance(item.source, ProductCardSettings) and item.visible:
            box = item_box(item, chosen)
            if box is None:
                return None, item.source
            sx, sy = size[0] / chosen.width, size[1] / chosen.height
            rect = Rect(
                round(box.x * sx), round(box.y * sy), round(box.width * sx), round(box.height * sy)
            )
            return rect, item.source
    return None, None
