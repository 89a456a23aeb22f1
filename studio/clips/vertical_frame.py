"""Where a vertical clip is cut from a landscape recording, and where its card goes.

The crop is the full height of the recording and 9:16 wide, and follows the side the product
card is on:

- when a window that wide can hold the whole card, it is the one nearest the centre that
  does (the host, usually central, stays in as far as the card allows) and the card is in the
  picture as it was: nothing is drawn over it;
- when the card is wider than the window, the window sits half-way between the centre and the
  card, and the card is drawn again, whole, over what is left of it (its own rows, from the
  edge the crop cut it at to a margin from the other edge);
- when the card's place is unknown (no scene collection given), the crop is centred and the
  card is drawn where the phone template puts it, clear of TikTok's, Instagram's and
  YouTube's buttons, comments and captions.
"""

from __future__ import annotations

from dataclasses import dataclass

VERTICAL_WIDTH, VERTICAL_HEIGHT = 1080, 1920
MARGIN_PX = 40
# The phone-vertical template's card: clear of every vertical platform's interface.
SAFE_CARD_BOX = (40, 900, 840, 320)


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width


@dataclass(frozen=True, slots=True)
class VerticalFrame:
    crop: Rect  # in the recording's pixels
    card: Rect | None  # where to draw the card in the 1080×1920 clip; None: it is in view


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def vertical_frame(width: int, height: int, card: Rect | None) -> VerticalFrame:
    """The crop of a ``width``×``height`` recording whose card sits at ``card`` (recording
    pixels; None: unknown), and where its card must be drawn again."""
    crop_w = min(width, _even(height * VERTICAL_WIDTH / VERTICAL_HEIGHT))
    crop_h = min(height, _even(crop_w * VERTICAL_HEIGHT / VERTICAL_WIDTH))
    top = (height - crop_h) // 2 // 2 * 2
    centred = (width - crop_w) // 2
    if card is None:
        return VerticalFrame(Rect(centred // 2 * 2, top, crop_w, crop_h), Rect(*SAFE_CARD_BOX))
    if card.width <= crop_w:
        x = min(max(centred, card.right - crop_w), card.x)
        x = min(max(0, x), width - crop_w) // 2 * 2
        crop = Rect(x, top, crop_w, crop_h)
        inside = crop.x <= card.x and card.right <= crop.right
        if inside and top <= card.y and card.y + card.height <= top + crop_h:
            return VerticalFrame(crop, None)
    else:
        middle = (width / 2 + card.x + card.width / 2) / 2
        x = min(max(0, round(middle - crop_w / 2)), width - crop_w) // 2 * 2
        crop = Rect(x, top, crop_w, crop_h)
    return VerticalFrame(crop, _card_over_remainder(card, crop))


def _card_over_remainder(card: Rect, crop: Rect) -> Rect:
    """The card's rows in the clip, from the edge the crop cut it at (or its own side,
    when whole in width) to a margin from the other edge."""
    scale = VERTICAL_HEIGHT / crop.height
    top = max(0, round((card.y - crop.y) * scale))
    bottom = min(VERTICAL_HEIGHT, round((card.y + card.height - crop.y) * scale))
    if bottom - top < 2:  # the card is above or below the crop: the safe place
        return Rect(*SAFE_CARD_BOX)
    left = 0 if card.x < crop.x else MARGIN_PX
    right = VERTICAL_WIDTH if card.right > crop.right else VERTICAL_WIDTH - MARGIN_PX
    return Rect(left, top, right - left, bottom - top)
