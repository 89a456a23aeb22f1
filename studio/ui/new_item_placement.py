"""Where a new item lands on the canvas, as OBS does it: a picture centred at a size that fits
the canvas, shop overlays at their usual spot (card at the lower left, ticker at the lower
right …), and never exactly on top of an item already there (it cascades by a step).

Pure arithmetic on canvas pixels; the size of the source is found by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from studio.scene import SceneItem, Transform

Anchor = Literal[
    "center", "top", "top_left", "top_right", "bottom", "bottom_left", "bottom_right", "right"
]
# Overlays a host expects at a familiar spot; every other kind is centred.
KIND_ANCHORS: dict[str, Anchor] = {
    "product_card": "bottom_left",
    "sales_ticker": "bottom_right",
    "goal_bar": "top",
    "flash_deal": "top_right",
    "chat_overlay": "right",
    "pinned_comment": "top_left",
}
# Pictures of a size not known before they start (a camera, an unreadable video) fill the
# canvas letterboxed instead of guessing a size that could overflow it.
FIT_WHEN_UNKNOWN = frozenset({"camera", "media"})
MARGIN_FRACTION = 0.04  # of the canvas height, between an overlay and the canvas edge
CASCADE_FRACTION = 0.04  # of the canvas height, the step between stacked new items
MIN_CASCADE_PX = 8
MAX_CASCADE_STEPS = 40


def fit_inside(size: tuple[int, int], canvas: tuple[int, int]) -> tuple[int, int]:
    """``size`` scaled down (aspect kept) to fit the canvas; unchanged when it already fits."""
    width, height = size
    canvas_w, canvas_h = canvas
    scale = min(1.0, canvas_w / width, canvas_h / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def anchored_spot(
    anchor: Anchor, size: tuple[int, int], canvas: tuple[int, int]
) -> tuple[int, int]:
    width, height = size
    canvas_w, canvas_h = canvas
    margin = round(canvas_h * MARGIN_FRACTION)
    xs = {"left": margin, "center": (canvas_w - width) // 2, "right": canvas_w - width - margin}
    ys = {"top": margin, "middle": (canvas_h - height) // 2, "bottom": canvas_h - height - margin}
    horizontal, vertical = {
        "center": ("center", "middle"),
        "top": ("center", "top"),
        "top_left": ("left", "top"),
        "top_right": ("right", "top"),
        "bottom": ("center", "bottom"),
        "bottom_left": ("left", "bottom"),
        "bottom_right": ("right", "bottom"),
        "right": ("right", "middle"),
    }[anchor]
    return max(0, xs[horizontal]), max(0, ys[vertical])


def new_item_transform(
    kind: str,
    size: tuple[int, int] | None,
    canvas: tuple[int, int],
    existing: Iterable[SceneItem] = (),
) -> Transform:
    """The transform of a new item of ``kind`` whose source is ``size`` (None: unknown)."""
    if size is None and kind in FIT_WHEN_UNKNOWN:
        return Transform(fit="contain")
    canvas_w, canvas_h = canvas
    known = size or (canvas_w // 4, canvas_h // 4)
    anchor = KIND_ANCHORS.get(kind, "center")
    margin = round(canvas_h * MARGIN_FRACTION) if anchor != "center" else 0
    fitted = fit_inside(known, (canvas_w - 2 * margin, canvas_h - 2 * margin))
    x, y = anchored_spot(anchor, fitted, canvas)
    taken = {
        (item.transform.x, item.transform.y) for item in existing if item.transform.fit == "none"
    }
    step = max(MIN_CASCADE_PX, round(canvas_h * CASCADE_FRACTION))
    # Down and right, or up and left when that would leave the canvas.
    dx = step if x + fitted[0] + step <= canvas_w else -step
    dy = step if y + fitted[1] + step <= canvas_h else -step
    for _ in range(MAX_CASCADE_STEPS):
        if (x, y) not in taken:
            break
        x, y = x + dx, y + dy
    # A source that fits keeps following its natural size (width None); one of unknown size
    # is never stretched to a guess.
    if size is None or fitted == size:
        return Transform(x=x, y=y)
    return Transform(x=x, y=y, width=fitted[0], height=fitted[1])
