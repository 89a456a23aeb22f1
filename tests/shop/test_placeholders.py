"""Placeholders: reading a text, putting the show's values in, writing money and countdowns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.clock import NS_PER_S
from studio.shop import Money, Product
from studio.shop.live import FlashDeal, Goal, SalesCounts, ShopSnapshot
from studio.shop.money_format import NBSP
from studio.shop.placeholders import (
    KNOWN_PLACEHOLDERS,
    LiteralText,
    Placeholder,
    PlaceholderValues,
    bind,
    escape,
    format_countdown,
    needs_shop,
    parse,
    placeholder_names,
    resolve,
    unknown_placeholders,
    unparse,
    uses_countdown,
    uses_product,
)

NOW_NS = 1_000 * NS_PER_S


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


MUG = Product(
    id="mug", title="Enamel Mug", price=usd("14.50"), compare_at_price=usd("19.00"), stock=2,
    code="12",
)  # fmt: skip


def snapshot(
    featured: Product | None = MUG,
    deal: FlashDeal | None = None,
    sales: SalesCounts | None = None,
    goal: Goal | None = None,
) -> ShopSnapshot:
    return ShopSnapshot(
        version=1, featured=featured, deal=deal, sales=sales or SalesCounts(), goal=goal,
        campaign="", segment_index=None,
    )  # fmt: skip


# -- reading a text ---------------------------------------------------------------------------


def test_a_text_is_literal_pieces_and_placeholders() -> None:
    assert parse("Only {product.stock} left!") == (
        LiteralText("Only "),
        Placeholder("product.stock"),
        LiteralText(" left!"),
    )
    assert parse("{stock}{code}") == (Placeholder("stock"), Placeholder("code"))
    assert parse("") == ()
    assert placeholder_names("{a} {b.c} {a}") == ["a", "b.c"]


def test_doubled_braces_write_braces() -> None:
    assert parse("{{product.title}}") == (LiteralText("{product.title}"),)
    assert parse("{{{product.title}}}") == (
        LiteralText("{"),
        Placeholder("product.title"),
        LiteralText("}"),
    )
    assert resolve("a {{ b }} c", {}) == "a { b } c"


@pytest.mark.parametrize(
    "text",
    ["{", "}", "a { b } c", "{ product.title }", "{1st}", "{product.}", "{.x}", "{a..b}",
     "{product.title!r}", "{0}", "{}", "{product title}", "{é}"],
)  # fmt: skip
def test_braces_that_open_no_placeholder_are_text(text: str) -> None:
    # Texts written before placeholders existed draw exactly as they did.
    assert placeholder_names(text) == []
    assert resolve(text, PlaceholderValues.of_show(snapshot(), now_ns=NOW_NS)) == text


def test_unknown_placeholders_are_named_once_in_order() -> None:
    text = "{product.colour} {product.title} {stock} {product.colour}"
    assert unknown_placeholders(text, KNOWN_PLACEHOLDERS) == ["product.colour", "stock"]
    assert unknown_placeholders(text, [*KNOWN_PLACEHOLDERS, "stock", "product.colour"]) == []


def test_what_a_text_needs() -> None:
    assert needs_shop("Only {product.stock} left") and uses_product("{product.title}")
    assert needs_shop("{show.units_sold} sold") and not uses_product("{show.units_sold}")
    assert uses_countdown("Ends in {deal.ends_in}") and needs_shop("{deal.ends_in}")
    for plain in ("Hello", "Live with {host.name}", "{{product.stock}}", "{stock}"):
        assert not needs_shop(plain) and not uses_product(plain) and not uses_countdown(plain)


# -- putting values in ------------------------------------------------------------------------


def test_values_are_put_in_plainly_never_formatted() -> None:
    values = {"product.title": "{host.name} {0} {product.title.__class__}", "host.name": "Ann"}
    # A value is never read again as a placeholder, and attribute-like names reach nothing.
    assert resolve("{product.title}", values) == "{host.name} {0} {product.title.__class__}"
    assert resolve("{product.title.__class__}", values) == "{product.title.__class__}"
    assert resolve("{missing} stays", values) == "{missing} stays"


def test_bind_puts_in_only_its_values_escaped() -> None:
    text = "{host.name} sells {product.title} {{x}}"
    bound = bind(text, {"host.name": "Ann {product.title}"})
    assert bound == "Ann {{product.title}} sells {product.title} {{x}}"
    shop = {"product.title": "Mug"}
    assert resolve(bound, shop) == "Ann {product.title} sells Mug {x}"


def test_every_known_placeholder_has_a_value() -> None:
    deal = FlashDeal("mug", usd("9.99"), NOW_NS + 65 * NS_PER_S)
    values = PlaceholderValues.of_show(
        snapshot(deal=deal, sales=SalesCounts(3, usd("1234.50")), goal=Goal("units", 6)),
        now_ns=NOW_NS,
        host_values={"host.name": "Ann"},
    )
    text = " | ".join("{" + name + "}" for name in KNOWN_PLACEHOLDERS)
    assert resolve(text, values) == (
        "Enamel Mug | $9.99 | $14.50 | 2 | 12 | 3 | $1,234.50 | 50% | Ann | 1:05"
    )


def test_prices_follow_the_locale_and_the_deal() -> None:
    plain = PlaceholderValues.of_show(snapshot(), now_ns=NOW_NS, locale="de_DE")
    assert plain.get("product.price") == f"14,50{NBSP}$"
    assert plain.get("product.compare_at_price") == f"19,00{NBSP}$"
    other = FlashDeal("lamp", usd("5.00"), NOW_NS + NS_PER_S)  # a deal on another product
    values = PlaceholderValues.of_show(snapshot(deal=other), now_ns=NOW_NS)
    assert (values.get("product.price"), values.get("product.compare_at_price")) == (
        "$14.50",
        "$19.00",
    )
    no_compare = MUG.model_copy(update={"compare_at_price": None})
    values = PlaceholderValues.of_show(snapshot(featured=no_compare), now_ns=NOW_NS)
    assert values.get("product.compare_at_price") == ""


def test_revenue_goal_progress() -> None:
    goal = Goal("revenue", target_revenue=usd("200.00"))
    values = PlaceholderValues.of_show(
        snapshot(sales=SalesCounts(1, usd("50.00")), goal=goal), now_ns=NOW_NS
    )
    assert values.get("show.goal_progress") == "25%"
    assert PlaceholderValues.of_show(snapshot(), now_ns=NOW_NS).get("show.goal_progress") == ""


def test_nothing_featured_no_deal_no_clock() -> None:
    values = PlaceholderValues.of_show(snapshot(featured=None), now_ns=NOW_NS)
    assert resolve("[{product.title}|{product.stock}|{deal.ends_in}|{host.name}]", values) == (
        "[|||]"
    )
    ended = FlashDeal("mug", usd("9.99"), NOW_NS)
    assert PlaceholderValues.of_show(snapshot(deal=ended), now_ns=NOW_NS).get("deal.ends_in") == ""
    running = FlashDeal("mug", usd("9.99"), NOW_NS + NS_PER_S)
    assert PlaceholderValues.of_show(snapshot(deal=running), now_ns=None).get("deal.ends_in") == ""


def test_short_forms_are_added_per_field() -> None:
    values = PlaceholderValues.of_show(snapshot(), now_ns=NOW_NS).with_values({"stock": "2"})
    assert resolve("Only {stock} of {product.title} left", values) == "Only 2 of Enamel Mug left"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (1, "0:01"), (59, "0:59"), (60, "1:00"), (605, "10:05"), (3599, "59:59"),
     (3600, "1:00:00"), (3725, "1:02:05"), (36_000, "10:00:00"), (-4, "0:00")],
)  # fmt: skip
def test_countdown_is_minutes_and_seconds_then_hours(seconds: int, text: str) -> None:
    assert format_countdown(seconds) == text


def test_the_countdown_rounds_up_to_whole_seconds() -> None:
    deal = FlashDeal("mug", usd("9.99"), NOW_NS + 3600 * NS_PER_S + NS_PER_S // 2)
    values = PlaceholderValues.of_show(snapshot(deal=deal), now_ns=NOW_NS)
    assert values.get("deal.ends_in") == "1:00:01"


# -- fuzzing the parser -----------------------------------------------------------------------

braces_heavy = st.text(alphabet=st.sampled_from("{}{}._ab1é \n"), max_size=80) | st.text(
    max_size=120
)


@settings(max_examples=400, deadline=None)
@given(braces_heavy)
def test_parsing_never_fails_and_writing_back_reads_the_same(text: str) -> None:
    tokens = parse(text)
    assert parse(unparse(tokens)) == tokens
    for token in tokens:
        assert isinstance(token, LiteralText | Placeholder)
        assert not isinstance(token, LiteralText) or token.text  # no empty pieces
    resolve(text, PlaceholderValues.of_show(snapshot(), now_ns=NOW_NS))


@settings(max_examples=300, deadline=None)
@given(braces_heavy, braces_heavy)
def test_an_escaped_text_reads_back_as_itself(text: str, value: str) -> None:
    escaped = escape(text)
    assert placeholder_names(escaped) == []
    assert resolve(escaped, {"product.title": value}) == text
    assert resolve(bind("{host.name}", {"host.name": text}), {}) == text
