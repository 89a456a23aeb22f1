"""Safe zones: what a buyer must read (a product card, a price, a QR code) must not sit
under a vertical platform's interface — its buttons column, comments, caption or bars.

A platform's map (``safe_zones`` in ``resources/platforms.json``) is drawn on a 9:16 canvas
and scaled to the canvas the destination carries; it applies to a vertical canvas only (a
landscape picture on a phone sits letterboxed, clear of most of the interface). The items
checked are those of the scene the canvas shows when the show starts.
"""

from __future__ import annotations

import re

from studio.preflight.item_box import Box, item_box
from studio.preflight.plan import PlannedDestination
from studio.preflight.report import PreflightProblem
from studio.preflight.wording import joined
from studio.scene.model import Canvas, SceneCollection, SceneItem
from studio.scene.sources import source_kind
from studio.settings.platforms import PlatformPreset, SafeZone
from studio.shop.placeholders import placeholder_names

# An item this much covered is "under" the interface: a sliver at an edge is not worth a line.
MIN_COVERED_FRACTION = 0.05
PRICE_PLACEHOLDERS = frozenset({"product.price", "product.compare_at_price"})
# An image named like "qr", "shop-qr" or "QR code" is taken for a QR code.
_QR_NAME = re.compile(r"(^|[^a-z0-9])qr([^a-z0-9]|$)", re.IGNORECASE)


def safe_zone_problems(
    destination: PlannedDestination, preset: PlatformPreset, collection: SceneCollection | None
) -> list[PreflightProblem]:
    canvas = _canvas(destination, collection)
    if canvas is None or collection is None or not preset.safe_zones:
        return []
    if canvas.height <= canvas.width:
        return []
    problems = []
    for item in collection.scene_on(canvas.name).items_in_z_order():
        what = buyer_reads(item)
        box = item_box(item, canvas) if item.visible and what else None
        if what is None or box is None or box.area <= 0:
            continue
        zones = covering_zones(box, preset.safe_zones, canvas)
        if zones:
            problems.append(_problem(destination, preset, item, what, zones))
    return problems


def buyer_reads(item: SceneItem) -> str | None:
    """What a buyer reads on this item ("product card", "price", "QR code"), or None."""
    source = item.source
    kind = source_kind(source)
    if kind == "product_card":
        return "product card"
    if kind == "flash_deal":
        return "flash deal price"
    if kind == "text" and PRICE_PLACEHOLDERS & set(placeholder_names(getattr(source, "text", ""))):
        return "price"
    if kind == "image":
        path = getattr(source, "path", None)
        names = (source.name or "", item.id, getattr(path, "stem", "") or "")
        if any(_QR_NAME.search(name) for name in names):
            return "QR code"
    return None


def covering_zones(box: Box, zones: tuple[SafeZone, ...], canvas: Canvas) -> list[SafeZone]:
    covered = []
    for zone in zones:
        x, y, width, height = zone.on_canvas(canvas.width, canvas.height)
        if box.overlap(Box(x, y, width, height)) >= MIN_COVERED_FRACTION * box.area:
            covered.append(zone)
    return covered


def _canvas(destination: PlannedDestination, collection: SceneCollection | None) -> Canvas | None:
    if collection is None:
        return None
    if not destination.canvas:
        return collection.canvases[0]
    return next((c for c in collection.canvases if c.name == destination.canvas), None)


def _problem(
    destination: PlannedDestination,
    preset: PlatformPreset,
    item: SceneItem,
    what: str,
    zones: list[SafeZone],
) -> PreflightProblem:
    subject = f"the {what} '{_item_name(item)}'"
    if what == "product card":
        with_qr = getattr(item.source, "show_qr", False)
        subject += " with its price and QR code" if with_qr else " with its price"
    under = joined([zone.label for zone in zones])
    return PreflightProblem(
        destination.name,
        "warning",
        f"{subject} sits under {preset.display_name}'s {under}",
        f"move it towards the middle of the picture, clear of {preset.display_name}'s "
        "buttons, comments and bars",
    )


def _item_name(item: SceneItem) -> str:
    """The name the host knows it by: the source's, an image's file name, else the item id."""
    path = getattr(item.source, "path", None)
    return item.source.name or str(getattr(path, "name", "") or "") or item.id
