"""The product card's buy line: exactly what a buyer comments to claim the product.

From the host's template ("Comment SOLD {code}") and the product, it makes "Comment" (words
to read) and "SOLD 1 RED M" (words to type: the keyword, the show code and, for a product
with variants, the option values of the first variant in stock, so a buyer knows how to name
the variant). The words to type are checked against the comment-to-buy parser itself: the
card never shows a line the parser would refuse or read as another variant. Shorter forms
("SOLD 1") come after, for a card too small for the full one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from studio.chat.claims import DEFAULT_KEYWORDS, ClaimParser
from studio.shop.model import Product, Variant
from studio.shop.variant_choice import in_stock_variants, matching_variants, typed_options

CODE = "{code}"


@dataclass(frozen=True, slots=True)
class BuyLine:
    lead: str  # "Comment": read, not typed
    codes: tuple[str, ...]  # "SOLD 1 RED M", then "SOLD 1": typed, fullest first
    tail: str = ""  # words after the code in the template ("to buy")


def parser_for(product: Product) -> ClaimParser:
    """A parser that knows the product as comment-to-buy does: its code with the option
    values and SKUs of its variants."""
    return ClaimParser({product.code or "": typed_options(product)})


def example_variant(product: Product) -> Variant | None:
    """The variant the card suggests: the first one in stock (else none)."""
    return next(iter(in_stock_variants(product)), None)


def _claims_exactly(
    parser: ClaimParser, typed: str, product: Product, variant: Variant | None
) -> bool:
    """Whether ``typed`` parses as a claim of ``product`` naming ``variant`` (or, for None,
    naming no variant)."""
    claim = parser.parse(typed)
    if claim is None or claim.code != product.code or claim.quantity != 1:
        return False
    if variant is None:
        return not claim.variant_options
    return matching_variants(product, claim.variant_options) == [variant]


def _variant_spellings(variant: Variant) -> Iterator[str]:
    values = [value for value in variant.options.values() if value]
    if values:
        yield " ".join(values).upper()  # stands out on the card; the parser ignores case
        yield " ".join(values)
    if variant.sku:
        yield variant.sku  # option values with spaces ("Navy Blue") are not single words


def _split_template(template: str) -> tuple[str, str, str]:
    """("Comment", "SOLD", "to buy") from "Comment SOLD {code} to buy"; the keyword is the
    word before the code, and falls back to SOLD when the parser would not know it."""
    before, _, after = template.partition(CODE)
    words = before.split()
    keyword = words[-1] if words else ""
    lead_words = words[:-1]
    if keyword.casefold() not in DEFAULT_KEYWORDS:
        lead_words, keyword = words, DEFAULT_KEYWORDS[0].upper()
    return " ".join(lead_words), keyword, " ".join(after.replace(CODE, "").split())


def buy_line(template: str, product: Product, *, with_variant: bool = True) -> BuyLine | None:
    """The buy line of ``product`` (None: the product has no show code)."""
    code = product.code
    if not code:
        return None
    if CODE not in template:  # the host wrote their own sentence: shown as it is
        text = " ".join(template.split())
        return BuyLine(text, ()) if text else None
    lead, keyword, tail = _split_template(template)
    parser = parser_for(product)
    short = f"{keyword} {code}"
    codes: list[str] = []
    variant = example_variant(product) if with_variant else None
    if variant is not None:
        for spelling in _variant_spellings(variant):
            typed = f"{short} {spelling}"
            if _claims_exactly(parser, typed, product, variant):
                codes.append(typed)
                break
    if _claims_exactly(parser, short, product, None) or not codes:
        codes.append(short)
    return BuyLine(lead, tuple(codes), tail)
