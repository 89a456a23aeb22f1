"""Placeholders in the texts a show draws: ``Only {product.stock} left``, ``{host.name}``.

A text is read into literal pieces and placeholders (:func:`parse`); ``{{`` and ``}}`` write
literal braces, and a brace that does not open a well-formed ``{name}`` is just a brace, so
texts written before placeholders existed keep drawing as they did. Values are put in by plain
substitution (:func:`resolve`), never ``str.format``: a text typed by a host, a product title
from a store or a name from a template cannot reach attributes or format specs, and a value
is never read again as a placeholder (a product called ``{host.name}`` shows as written).

The values come from the live shop's snapshot (:meth:`PlaceholderValues.of_show`), money
written for the text's locale and the flash deal's time left as a countdown (M:SS, H:MM:SS
over an hour). ``{host.…}`` values are what the host typed into a template's open fields.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from studio.shop.live import ShopSnapshot
from studio.shop.money import Money
from studio.shop.money_format import format_money

PRODUCT_PLACEHOLDERS = (
    "product.title",
    "product.price",
    "product.compare_at_price",
    "product.stock",
    "product.code",
)
SHOW_PLACEHOLDERS = ("show.units_sold", "show.revenue", "show.goal_progress")
DEAL_PLACEHOLDERS = ("deal.ends_in",)
HOST_PREFIX = "host."
HOST_NAME = "host.name"
# Valid in every text that takes placeholders; other ``{host.…}`` names come from the
# template's open fields, and the older short forms ({stock}, {time}…) from the field.
KNOWN_PLACEHOLDERS = (*PRODUCT_PLACEHOLDERS, *SHOW_PLACEHOLDERS, HOST_NAME, *DEAL_PLACEHOLDERS)
_SHOP_PREFIXES = ("product.", "show.", "deal.")

# Which settings fields of a source take placeholders, each with the short forms that field
# accepted before placeholders were shared ({"stock_note": {"stock"}}). Settings classes
# declare it as a ``placeholder_fields`` class variable.
PlaceholderFields = Mapping[str, frozenset[str]]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
# One pass left to right: an escape or a placeholder; everything between is literal text.
_TOKEN = re.compile(r"\{\{|\}\}|\{(" + _NAME + r")\}")


@dataclass(frozen=True, slots=True)
class LiteralText:
    """Text drawn as it is (escapes already turned into braces)."""

    text: str


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str  # "product.stock", "stock"

    @property
    def written(self) -> str:
        return "{" + self.name + "}"


Token = LiteralText | Placeholder


def parse(text: str) -> tuple[Token, ...]:
    """``"Only {product.stock} left {{!}}"`` → LiteralText("Only "),
    Placeholder("product.stock"), LiteralText(" left {!}"). Adjacent literal text is one
    token; never raises."""
    tokens: list[Token] = []
    pending: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        pending.append(text[position : match.start()])
        position = match.end()
        name = match.group(1)
        if name is None:
            pending.append(match.group(0)[0])  # "{{" → "{", "}}" → "}"
            continue
        if any(pending):
            tokens.append(LiteralText("".join(pending)))
        pending = []
        tokens.append(Placeholder(name))
    pending.append(text[position:])
    if any(pending):
        tokens.append(LiteralText("".join(pending)))
    return tuple(tokens)


def escape(text: str) -> str:
    """``text`` written so that it reads back as exactly that literal text."""
    return text.replace("{", "{{").replace("}", "}}")


def unparse(tokens: Iterable[Token]) -> str:
    """The text that parses back into ``tokens`` (literal braces escaped)."""
    return "".join(
        token.written if isinstance(token, Placeholder) else escape(token.text) for token in tokens
    )


def placeholder_names(text: str) -> list[str]:
    """The placeholders of ``text``, each once, in the order they first appear."""
    names: dict[str, None] = {}
    for token in parse(text):
        if isinstance(token, Placeholder):
            names.setdefault(token.name)
    return list(names)


def unknown_placeholders(text: str, allowed: Collection[str]) -> list[str]:
    """The placeholders of ``text`` not in ``allowed``, each once, in order."""
    return [name for name in placeholder_names(text) if name not in allowed]


def is_host_placeholder(name: str) -> bool:
    return name.startswith(HOST_PREFIX)


def needs_shop(text: str) -> bool:
    """Whether ``text`` shows live shop data (product, show totals, the deal)."""
    return any(name.startswith(_SHOP_PREFIXES) for name in placeholder_names(text))


def uses_product(text: str) -> bool:
    """Whether ``text`` shows the featured product (so it has nothing to say without one)."""
    return any(name.startswith("product.") for name in placeholder_names(text))


def uses_countdown(text: str) -> bool:
    return "deal.ends_in" in placeholder_names(text)


def resolve(text: str, values: PlaceholderValues | Mapping[str, str]) -> str:
    """``text`` with each placeholder replaced by its value; a placeholder without a value
    stays as written (a typo shows on the preview instead of vanishing)."""
    by_name = values.by_name if isinstance(values, PlaceholderValues) else values
    parts: list[str] = []
    for token in parse(text):
        if isinstance(token, LiteralText):
            parts.append(token.text)
        else:
            parts.append(by_name.get(token.name, token.written))
    return "".join(parts)


def bind(text: str, values: Mapping[str, str]) -> str:
    """``text`` with only the placeholders named in ``values`` put in, still written as a
    text with placeholders: the values are escaped, the other placeholders and escapes stay,
    so the result resolves later exactly as if the values had been there all along."""
    parts: list[str] = []
    for token in parse(text):
        if isinstance(token, Placeholder):
            value = values.get(token.name)
            parts.append(token.written if value is None else escape(value))
        else:
            parts.append(escape(token.text))
    return "".join(parts)


def format_countdown(seconds: int) -> str:
    """``4:05``; ``1:02:03`` from an hour on (the flash deal's countdown)."""
    minutes, secs = divmod(max(0, seconds), 60)
    if minutes >= 60:
        return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def featured_prices(snapshot: ShopSnapshot) -> tuple[Money, Money | None] | None:
    """What the featured product costs now (the flash price while its deal runs) and the
    price shown struck through beside it (None if it is not higher); None: none featured."""
    product = snapshot.featured
    if product is None:
        return None
    deal = snapshot.deal
    on_deal = deal is not None and deal.product_id == product.id
    price = deal.price if deal is not None and on_deal else product.price
    compare = product.price if on_deal else product.compare_at_price
    if compare is not None and not price < compare:
        compare = None
    return price, compare


def goal_progress(snapshot: ShopSnapshot) -> float | None:
    """How far the show is toward its goal (1.0: reached; may pass it); None: no goal."""
    goal, sales = snapshot.goal, snapshot.sales
    if goal is None:
        return None
    if goal.measure == "units":
        return sales.units / goal.target_units
    assert goal.target_revenue is not None
    current = sales.revenue.minor_units if sales.revenue is not None else 0
    return current / goal.target_revenue.minor_units


@dataclass(frozen=True, slots=True)
class PlaceholderValues:
    """The value of each placeholder now, by name ("product.stock" → "3")."""

    by_name: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of_host(cls, host_values: Mapping[str, str] | None = None) -> PlaceholderValues:
        """Without a shop: only ``{host.…}`` (``{host.name}`` empty unless given)."""
        return cls(MappingProxyType({HOST_NAME: "", **(host_values or {})}))

    @classmethod
    def of_show(
        cls,
        snapshot: ShopSnapshot,
        *,
        now_ns: int | None,
        locale: str = "en_US",
        host_values: Mapping[str, str] | None = None,
    ) -> PlaceholderValues:
        """Every placeholder from the shop's ``snapshot`` at ``now_ns`` on the show clock
        (None: no clock, the countdown is left empty); what is missing (no product featured,
        no goal, no deal) is empty."""
        values = dict(cls.of_host(host_values).by_name)
        values.update(_product_values(snapshot, locale))
        sales = snapshot.sales
        progress = goal_progress(snapshot)
        values["show.units_sold"] = str(sales.units)
        values["show.revenue"] = (
            format_money(sales.revenue, locale) if sales.revenue is not None else ""
        )
        values["show.goal_progress"] = "" if progress is None else f"{int(progress * 100)}%"
        deal = snapshot.deal
        seconds = deal.seconds_left(now_ns) if deal is not None and now_ns is not None else 0
        values["deal.ends_in"] = format_countdown(seconds) if seconds > 0 else ""
        return cls(MappingProxyType(values))

    def with_values(self, extra: Mapping[str, str]) -> PlaceholderValues:
        """These values and ``extra`` (a field's short forms: ``{"stock": "3"}``)."""
        return PlaceholderValues(MappingProxyType({**self.by_name, **extra}))

    def get(self, name: str) -> str | None:
        return self.by_name.get(name)


def _product_values(snapshot: ShopSnapshot, locale: str) -> dict[str, str]:
    product = snapshot.featured
    prices = featured_prices(snapshot)
    if product is None or prices is None:
        return dict.fromkeys(PRODUCT_PLACEHOLDERS, "")
    price, compare = prices
    return {
        "product.title": product.title,
        "product.price": format_money(price, locale),
        "product.compare_at_price": format_money(compare, locale) if compare is not None else "",
        "product.stock": str(product.stock),
        "product.code": product.code or "",
    }


def known_list(allowed: Iterable[str]) -> str:
    """``{product.title}, {product.price}, …`` for a problem's message."""
    return ", ".join("{" + name + "}" for name in allowed)


def fields_taking_placeholders(settings_type: type) -> PlaceholderFields:
    """The ``placeholder_fields`` a source settings class declares (none if it declares none)."""
    declared = getattr(settings_type, "placeholder_fields", None)
    return declared if isinstance(declared, Mapping) else {}
