"""Claims and sales honour a running flash deal: the ledger records what the screen shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.chat import ChatFeed, LocalChat
from studio.clock import NS_PER_S, ManualClock
from studio.shop.live import ShopLive, ShopLiveError
from studio.show.comment_to_buy import ClaimOutcome, CommentToBuy
from tests.chat_live.helpers import small_shop, usd


def test_comment_claims_and_manual_sales_pay_the_flash_price_until_it_ends(
    tmp_path: Path,
) -> None:
    shop = small_shop(tmp_path)
    clock = ManualClock()
    live = ShopLive(shop.catalog, shop.ledger, shop.show.id, clock=clock)
    # Built as the show builds it: comment-to-buy takes its claims through the live shop.
    feed, chat = ChatFeed(), LocalChat()
    chat.start(feed)
    sales = CommentToBuy(feed, live, shop.codes)

    live.start_flash_deal(usd("24.99"), duration_s=60, product_id="scarf")
    chat.post("Ann", "sold 2")  # a comment while the deal runs
    live_claim = live.claim("2", 1, "Bob")  # the host's own claim through the live shop
    manual = live.record_sale("scarf", 1)  # a manual sale
    mug = live.claim("1", 1, "Cy")  # no deal on the mug: its regular price

    clock.advance_ns(60 * NS_PER_S)  # the deal is over (nobody called tick())
    chat.post("Dee", "sold 2")  # no scarf left: waitlisted, at the regular price

    records = sales.claims()
    assert [r.outcome for r in records] == [ClaimOutcome.SOLD, ClaimOutcome.WAITLISTED]
    assert records[0].entry is not None and records[0].entry.unit_price == usd("24.99")
    assert live_claim.entry is not None and live_claim.entry.unit_price == usd("24.99")
    assert manual.entry is not None and manual.entry.unit_price == usd("24.99")
    assert mug.entry is not None and mug.entry.unit_price == usd("14.50")
    assert records[1].entry is not None and records[1].entry.unit_price == usd("30.00")
    totals = shop.ledger.totals(shop.show.id)
    assert totals.revenue == usd("89.47")  # 3 × 24.99 + 14.50, exact
    sales.close()
    chat.stop()


def test_a_claim_after_the_deal_is_at_the_regular_price_and_does_not_merge(
    tmp_path: Path,
) -> None:
    shop = small_shop(tmp_path)
    clock = ManualClock()
    live = ShopLive(shop.catalog, shop.ledger, shop.show.id, clock=clock)
    deal = live.start_flash_deal(usd("25.00"), duration_s=10, product_id="2")
    during = live.claim("2", 1, "Ann")
    live.end_flash_deal()  # cancelled by the host
    after = live.claim("2", 1, "Ann")
    assert during.entry is not None and after.entry is not None
    assert (during.entry.unit_price, after.entry.unit_price) == (deal.price, usd("30.00"))
    assert not after.merged  # two prices stay two entries
    assert live.record_sale("scarf", 1).entry.unit_price == usd("30.00")  # type: ignore[union-attr]


def test_a_variant_claim_during_a_deal_pays_the_flash_price(tmp_path: Path) -> None:
    shop = small_shop(tmp_path)
    live = ShopLive(shop.catalog, shop.ledger, shop.show.id, clock=ManualClock())
    live.start_flash_deal(usd("15.00"), duration_s=30, product_id="tee")
    result = live.claim("3", 1, "Ann", variant="TEE-BS")
    assert result.entry is not None and result.entry.unit_price == usd("15.00")


@pytest.mark.parametrize(
    ("price", "duration_s", "reason"),
    [
        ("30.00", 60, "below"),  # the regular price is no deal
        ("31.00", 60, "below"),
        ("0.00", 60, "more than zero"),
        ("9.00", 0, "positive duration"),
    ],
)
def test_a_flash_deal_must_be_a_deal(
    tmp_path: Path, price: str, duration_s: float, reason: str
) -> None:
    shop = small_shop(tmp_path)
    live = ShopLive(shop.catalog, shop.ledger, shop.show.id, clock=ManualClock())
    with pytest.raises(ShopLiveError, match=reason):
        live.start_flash_deal(usd(price), duration_s=duration_s, product_id="scarf")
    assert live.flash_deal is None
