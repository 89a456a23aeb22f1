"""ShopLive: featuring, the lineup, flash deals, sales and UTM-tagged links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from studio.clock import NS_PER_S, ManualClock
from studio.shop.live import Goal, ShopLiveError, utm_url
from tests.shop_overlays.helpers import live_shop, usd


@pytest.mark.parametrize("platform", ["youtube", "tiktok", "amazon", "whatnot"])
def test_links_carry_utm_tags_for_the_canvas_platform(tmp_path: Path, platform: str) -> None:
    shop = live_shop(tmp_path)
    shop.set_canvas("vertical", 1080, 1920, platform)
    shop.set_canvas("landscape", 1920, 1080, "facebook")
    mug = shop.feature("mug")
    url = shop.product_url(mug, "vertical")
    assert url is not None
    query = parse_qs(urlsplit(url).query)
    assert query == {
        "ref": ["live"],  # the link's own parameters stay
        "utm_source": [platform],
        "utm_medium": ["live"],
        "utm_campaign": ["Friday Drop"],
    }
    assert "utm_source=facebook" in (shop.product_url(mug, "landscape") or "")
    assert shop.product_url(shop.feature("tee")) is None  # no link, no QR code


def test_existing_utm_tags_are_replaced() -> None:
    url = utm_url("https://s.example/p?utm_source=old&x=1", "twitch", "Show 5")
    assert url == "https://s.example/p?x=1&utm_source=twitch&utm_medium=live&utm_campaign=Show+5"


def test_feature_and_clear_record_featured_intervals_and_notify(tmp_path: Path) -> None:
    shop = live_shop(tmp_path)
    seen: list[int] = []
    shop.add_listener(seen.append)
    assert shop.featured is None
    shop.feature("12")  # by show code
    assert shop.featured is not None and shop.featured.id == "mug"
    shop.feature("lamp")
    shop.clear()
    shop.clear()  # nothing featured: no change, no event
    assert seen == [1, 2, 3] and shop.version == 3
    assert shop.ledger is not None and shop.show_id is not None
    intervals = shop.ledger.featured_intervals(shop.show_id)
    assert [i.product_id for i in intervals] == ["mug", "lamp"]
    assert all(i.end is not None for i in intervals)
    with pytest.raises(ShopLiveError, match="no product"):
        shop.feature("nope")


def test_next_and_previous_follow_the_lineup(tmp_path: Path) -> None:
    shop = live_shop(tmp_path)
    shop.set_lineup(["lamp", "mug", "tee"])
    assert shop.previous() is None
    assert [shop.next().id for _ in range(3)] == ["lamp", "mug", "tee"]  # type: ignore[union-attr]
    assert shop.next() is None
    assert shop.featured is not None and shop.featured.id == "tee"
    assert shop.previous().id == "mug"  # type: ignore[union-attr]
    assert shop.segment_index == 1


def test_sales_refresh_stock_and_totals_on_change(tmp_path: Path) -> None:
    shop = live_shop(tmp_path)
    shop.feature("mug")
    before = shop.version
    shop.claim("12", 1, "ann")
    assert shop.version > before
    assert shop.featured is not None and shop.featured.stock == 1
    assert (shop.sales.units, shop.sales.revenue) == (1, usd("14.50"))
    shop.record_sale("lamp", 2)
    assert (shop.sales.units, shop.sales.revenue) == (3, usd("92.50"))
    version = shop.version
    shop.refresh()  # nothing changed since
    assert shop.version == version


def test_a_flash_deal_ends_by_itself_and_the_price_reverts(tmp_path: Path) -> None:
    clock = ManualClock()
    shop = live_shop(tmp_path, clock)
    mug = shop.feature("mug")
    deal = shop.start_flash_deal(usd("9.99"), duration_s=30)
    assert shop.price_of(mug) == usd("9.99")
    assert deal.seconds_left(clock.now_ns()) == 30
    clock.advance_ns(29 * NS_PER_S + 1)
    assert deal.seconds_left(clock.now_ns()) == 1
    assert shop.flash_deal == deal
    seen: list[int] = []
    shop.add_listener(seen.append)
    clock.advance_ns(NS_PER_S)
    shop.tick()
    assert shop.flash_deal is None and seen  # ended, and the overlays were told
    assert shop.price_of(mug) == usd("14.50")
    with pytest.raises(ShopLiveError):
        shop.start_flash_deal(usd("1.00"), duration_s=0)


def test_a_sale_during_a_flash_deal_is_at_the_flash_price(tmp_path: Path) -> None:
    shop = live_shop(tmp_path)
    shop.feature("mug")
    shop.start_flash_deal(usd("9.99"), duration_s=60)
    result = shop.record_sale("mug", 1)
    assert result.entry is not None and result.entry.unit_price == usd("9.99")


def test_goals_need_a_positive_target(tmp_path: Path) -> None:
    shop = live_shop(tmp_path)
    shop.set_goal(Goal("units", target_units=50))
    assert shop.goal == Goal("units", target_units=50)
    with pytest.raises(ShopLiveError):
        Goal("revenue")
