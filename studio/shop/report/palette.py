"""The products' colours, in one place: the report chart's featured bands, its legend, the
swatches of the report's tables (PDF and HTML) and the Sales tab's live chart all read them
here, so a product has the same colour everywhere.

Colours go to products in the order the report lists them (best sellers first, then
products that were featured but sold nothing). The palette is Okabe and Ito's, which stays
distinguishable for the common kinds of colour blindness.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

RGB = tuple[int, int, int]

PALETTE: tuple[RGB, ...] = (
    (230, 159, 0),  # orange
    (86, 180, 233),  # sky blue
    (0, 158, 115),  # bluish green
    (240, 228, 66),  # yellow
    (0, 114, 178),  # blue
    (213, 94, 0),  # vermillion
    (204, 121, 167),  # reddish purple
    (120, 120, 120),  # grey
)
# A featured band is the product's colour laid at this opacity over white paper: pale enough
# for the sales lines to stay readable on it, strong enough to tell the products apart.
BAND_OPACITY = 0.45


def product_colour(index: int) -> RGB:
    """The colour of the ``index``-th product of a report (the palette repeats after 8)."""
    return PALETTE[index % len(PALETTE)]


def band_colour(colour: RGB) -> RGB:
    """``colour`` as a featured band shows it on white: the report's table swatches use
    exactly this, so a band and its table row match pixel for pixel."""
    return tuple(round(c * BAND_OPACITY + 255 * (1 - BAND_OPACITY)) for c in colour)  # type: ignore[return-value]


def hex_colour(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


@dataclass(frozen=True)
class ProductKey:
    """One product as the report's chart and tables show it."""

    product_id: str
    title: str
    colour: RGB

    @property
    def band(self) -> RGB:
        return band_colour(self.colour)


def product_keys(products: Iterable[tuple[str, str]]) -> list[ProductKey]:
    """``(product_id, title)`` pairs in report order (duplicates ignored) with their
    colours."""
    keys: list[ProductKey] = []
    seen: set[str] = set()
    for product_id, title in products:
        if product_id in seen:
            continue
        seen.add(product_id)
        keys.append(ProductKey(product_id, title, product_colour(len(keys))))
    return keys
