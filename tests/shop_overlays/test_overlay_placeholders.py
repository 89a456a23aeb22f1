"""The overlays' wording takes the shared placeholders besides their own short forms, and the
defaults read exactly as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.capture.shop_overlays import (
    FlashDealSettings,
    GoalBarSettings,
    ProductCardSettings,
    SalesTickerSettings,
    card_view,
    deal_view,
    goal_view,
    ticker_text,
)
from studio.clock import NS_PER_S, ManualClock
from studio.shop.live import Goal, ShopLive
from tests.shop_overlays.helpers import live_shop, usd


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start_ns=50 * NS_PER_S)


@pytest.fixture
def shop(tmp_path: Path, clock: ManualClock) -> ShopLive:
    shop = live_shop(tmp_path, clock)
    shop.feature("mug")  # 2 left, $14.50, code 12
    return shop


def test_the_defaults_read_as_before(shop: ShopLive) -> None:
    shop.start_flash_deal(usd("9.99"), 65)
    shop.set_goal(Goal("units", 4))
    snapshot, now_ns = shop.snapshot(), shop.clock.now_ns()
    card = card_view(ProductCardSettings(), shop, snapshot)
    assert card is not None and card.stock_note == "Only 2 left"
    assert card.buy is not None and (card.buy.lead, card.buy.codes) == ("Comment", ("SOLD 12",))
    assert ticker_text(SalesTickerSettings(show_revenue=True), snapshot) == (
        "0 sold this show · $0.00"
    )
    goal = goal_view(GoalBarSettings(), snapshot, now_ns=now_ns)
    assert goal is not None and goal.label == "0 / 4 sold"
    deal = deal_view(FlashDealSettings(), shop, snapshot)
    assert deal is not None and (deal.title, deal.countdown) == ("FLASH DEAL", "Ends in 1:05")


def test_the_card_takes_shared_placeholders(shop: ShopLive) -> None:
    settings = ProductCardSettings(
        stock_note="{stock} of {product.title} left at {product.price}",
        code_prompt="Comment SOLD {product.code} for {product.price}",
    )
    card = card_view(settings, shop, shop.snapshot())
    assert card is not None
    assert card.stock_note == "2 of Enamel Mug left at $14.50"
    assert card.buy is not None
    assert (card.buy.lead, card.buy.codes, card.buy.tail) == ("Comment", ("SOLD 12",), "for $14.50")


def test_ticker_goal_and_deal_take_shared_placeholders(shop: ShopLive) -> None:
    shop.claim("12", 1, "ann")
    shop.set_goal(Goal("revenue", target_revenue=usd("58.00")))
    shop.start_flash_deal(usd("9.99"), 3725)
    snapshot, now_ns = shop.snapshot(), shop.clock.now_ns()
    ticker = SalesTickerSettings(template="{units}={show.units_sold} · {product.title}")
    assert ticker_text(ticker, snapshot, now_ns=now_ns) == "1=1 · Enamel Mug"
    goal = goal_view(GoalBarSettings(label="{current}: {show.goal_progress}"), snapshot)
    assert goal is not None and goal.label == "$14.50: 25%"
    deal = deal_view(
        FlashDealSettings(title="{product.title}!", countdown="{time} = {deal.ends_in}"),
        shop,
        snapshot,
    )
    assert deal is not None
    assert (deal.title, deal.countdown) == ("Enamel Mug!", "1:02:05 = 1:02:05")


def test_a_sales_ticker_shows_the_deal_countdown_on_the_show_clock(
    shop: ShopLive, clock: ManualClock
) -> None:
    shop.start_flash_deal(usd("9.99"), 10)
    ticker = SalesTickerSettings(template="Deal ends in {deal.ends_in}")
    clock.advance_ns(3 * NS_PER_S)
    text = ticker_text(ticker, shop.snapshot(), now_ns=clock.now_ns())
    assert text == "Deal ends in 0:07"
