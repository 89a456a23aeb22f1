"""Which variant a claim means: "SOLD 1 RED M" names one, "SOLD 1" for a hoodie in two colours
and two sizes names none, and the ledger must never guess.

A claim is taken as meant when the options it names leave one variant, or leave several of
which only one is in stock (a product with a single in-stock variant, or "SOLD 1 M" when only
the red M is left). Otherwise it waits for the buyer's answer or the host's choice
(:mod:`~studio.show.pending_claims`).

:func:`buy_words` spells a variant as a buyer types it after the code: every option value in
capitals ("RED M"), which :class:`~studio.chat.claims.ClaimParser` reads back in any order
and case; the SKU stands in when a value could not be typed as its own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studio.shop.model import Product, Variant

# What the claim parser splits a comment on: an option value holding one of these ("S/M",
# "Black+White") cannot be typed back as itself. Spaces can: the parser joins "navy blue".
_UNTYPABLE = re.compile(r"[/,+|;&#?¿؟]")


def typed_options(product: Product) -> list[str]:
    """What a buyer may type after the product's code to name a variant: every variant's
    option values and SKU (what the claim parser must know as options)."""
    return [
        value
        for variant in product.variants
        for value in (*variant.options.values(), variant.sku)
        if value
    ]


def matching_variants(product: Product | None, options: Sequence[str]) -> list[Variant]:
    """The product's variants whose option values (or SKU) include every option named."""
    if product is None or not options:
        return []
    wanted = [o.casefold() for o in options]
    return [
        variant
        for variant in product.variants
        if all(
            w in {v.casefold() for v in (*variant.options.values(), variant.sku) if v}
            for w in wanted
        )
    ]


def choose_variant(product: Product, options: Sequence[str]) -> Variant | None:
    """The variant the claim means, or None when the buyer (or the host) must choose."""
    candidates = matching_variants(product, options) if options else list(product.variants)
    if len(candidates) == 1:
        return candidates[0]  # out of stock or not: the ledger waitlists it
    in_stock = [variant for variant in candidates if variant.stock > 0]
    return in_stock[0] if len(in_stock) == 1 else None


def in_stock_variants(product: Product, options: Sequence[str] = ()) -> list[Variant]:
    """The variants to offer a buyer: in stock, matching what they named (all of them when
    what they named matches none)."""
    candidates = matching_variants(product, options) or list(product.variants)
    return [variant for variant in candidates if variant.stock > 0]


def variant_key(variant: Variant) -> str:
    """What to hand the ledger for this variant (its SKU, else its title)."""
    return variant.sku or variant.title


def buy_words(variant: Variant) -> str:
    """The words after the code that name ``variant``: "RED M"; its SKU when an option value
    could not be typed back as one word."""
    values = [value.strip() for value in variant.options.values() if value.strip()]
    if values and not any(_UNTYPABLE.search(value) for value in values):
        return " ".join(value.upper() for value in values)
    if variant.sku and not _UNTYPABLE.search(variant.sku):
        return variant.sku.upper()
    return " ".join(value.upper() for value in values) or variant.sku.upper()
