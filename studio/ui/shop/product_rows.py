"""The product form's text fields read exactly: amounts as Decimal Money, variant rows as
``Colour: Blue, Size: M`` ⇄ an options dict."""

from __future__ import annotations

from studio.shop.model import Variant
from studio.shop.money import Money, MoneyError, minor_digits, parse_amount

VariantRow = tuple[str, str, str, Variant | None]  # options text, SKU, stock text, original


def format_options(options: dict[str, str]) -> str:
    return ", ".join(f"{name}: {value}" for name, value in options.items())


def parse_options(text: str) -> dict[str, str]:
    """``Colour: Blue, Size: M`` → ``{"Colour": "Blue", "Size": "M"}``; a part without a name
    (``Blue``) is named ``Option 1``, ``Option 2``… by its place, as shops do."""
    options: dict[str, str] = {}
    for place, part in enumerate(p.strip() for p in text.split(",")):
        if not part:
            continue
        name, colon, value = part.partition(":")
        if not colon:
            name, value = f"Option {place + 1}", part
        options[name.strip() or f"Option {place + 1}"] = value.strip()
    return options


def parse_variant_rows(rows: list[VariantRow]) -> tuple[list[Variant], str]:
    """The variants of the non-empty rows and the first problem in words ("" when none).
    A row's original variant lends what the form does not show (its price, its image)."""
    variants: list[Variant] = []
    for number, (options_text, sku, stock_text, original) in enumerate(rows, start=1):
        options, sku, stock_text = parse_options(options_text), sku.strip(), stock_text.strip()
        if not options and not sku and stock_text in ("", "0"):
            continue  # an empty row added by mistake
        if not options and not sku:
            return [], f"Variant row {number} needs options (e.g. Size: M) or a SKU."
        if not (stock_text.isascii() and stock_text.isdigit()):
            return [], f"Variant row {number}: stock is a whole number, 0 or more."
        base = original.model_dump() if original is not None else {}
        base.update(options=options, sku=sku, stock=int(stock_text))
        variants.append(Variant.model_validate(base))
    return variants, ""


def money_from_text(text: str, currency: str) -> Money | str:
    """Typed text as exact Money, or what is wrong with it in words."""
    try:
        amount = parse_amount(text.strip())
    except MoneyError:
        return "Write the amount as digits, e.g. 19.99."
    digits = minor_digits(currency)
    exponent = amount.as_tuple().exponent  # an int: parse_amount refuses NaN and infinity
    if isinstance(exponent, int) and -exponent > digits:
        return f"{currency} amounts have at most {digits} decimals."
    try:
        return Money.of(amount, currency)
    except ValueError:  # pydantic wraps MoneyError: too large to hold at the minor unit
        return "That amount is too large."
