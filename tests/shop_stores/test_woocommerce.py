"""WooCommerce connector against a local REST server: pages, variations, failures, orders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from studio.settings.secrets import SecretStore
from studio.shop import Catalog, EntrySource, Ledger
from studio.shop.stores import (
    StoreErrorReason,
    StoreHealth,
    WooCommerceConnector,
    WooCommerceSettings,
)
from tests.shop_stores.conftest import FakeTime
from tests.shop_stores.fake_http import Answer
from tests.shop_stores.fake_woocommerce import (
    CONSUMER_KEY,
    CONSUMER_SECRET,
    FakeWooCommerce,
    line,
    order,
    simple_product,
    variable_product,
    variation,
)


@pytest.fixture
def fake() -> Iterator[FakeWooCommerce]:
    products = [simple_product(n, price=f"{n}.50") for n in range(1, 8)]
    products[0] = simple_product(1, price="8.00", sale_from="10.00", stock=-1)
    products.append(variable_product(50, [501, 502]))
    server = FakeWooCommerce(
        products,
        variations={50: [variation(501, "S", "20.00", 2), variation(502, "L", "24.00", 6)]},
    )
    yield server
    server.close()


def connect(
    fake: FakeWooCommerce,
    catalog: Catalog,
    secrets: SecretStore,
    time: FakeTime,
    ledger: Ledger | None = None,
    **options: Any,
) -> WooCommerceConnector:
    host = fake.url.removeprefix("http://")
    secrets.set_token(f"woocommerce:{host}", CONSUMER_SECRET)
    settings = WooCommerceSettings(
        url=fake.url,
        consumer_key=CONSUMER_KEY,
        per_page=3,
        request_timeout_s=0.3,
        **options,
    )
    return WooCommerceConnector(
        settings, catalog, ledger, secrets=secrets, clock=time.clock, sleep=time.sleep
    )


def product_pages(fake: FakeWooCommerce) -> list[str]:
    return [r.query["page"] for r in fake.requests if r.path.endswith("/products")]


def test_products_and_variations_come_in_page_by_page_with_exact_prices(
    fake: FakeWooCommerce, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = connect(fake, catalog, secrets, fake_time)
    report = connector.sync_once()

    assert connector.status.health is StoreHealth.OK, connector.status
    assert report.products is not None and report.products.added == 8
    assert product_pages(fake) == ["1", "2", "3"]  # 8 products, 3 per page
    assert all(r.query["per_page"] == "3" for r in fake.requests if "page" in r.query)

    sale = catalog.get("woocommerce-1")
    assert sale is not None and sale.sku == "W-1" and sale.stock == 0  # oversold -1
    assert sale.compare_at_price is not None
    assert type(sale.price.amount) is Decimal and str(sale.price) == "8.00 EUR"
    assert sale.compare_at_price.amount == Decimal("10.00")
    assert sale.image == "https://cdn.example/w1.jpg"
    tee = catalog.get("woocommerce-50")
    assert tee is not None and [v.sku for v in tee.variants] == ["WT-S", "WT-L"]
    assert [v.options for v in tee.variants] == [{"Size": "S"}, {"Size": "L"}]
    assert tee.stock == 8 and tee.price.amount == Decimal("20.00")
    variant_price = tee.variants[1].price
    assert variant_price is not None and type(variant_price.amount) is Decimal


def test_per_page_never_exceeds_100_and_pages_end_without_the_header(
    fake: FakeWooCommerce, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    fake.products = [simple_product(n) for n in range(1, 251)]
    fake.send_total_pages = False
    connector = connect(fake, catalog, secrets, fake_time)
    connector.settings.per_page = 500

    connector.sync_once()

    assert connector.status.health is StoreHealth.OK, connector.status
    assert product_pages(fake) == ["1", "2", "3"]
    assert len(catalog) == 250


def test_refused_keys_fail_once_with_a_clear_sentence(
    fake: FakeWooCommerce, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = connect(fake, catalog, secrets, fake_time)
    secrets.set_token(f"woocommerce:{fake.url.removeprefix('http://')}", "cs_wrong_secret")

    report = connector.sync_once()

    assert connector.status.health is StoreHealth.FAILED
    assert "access token (consumer key and secret) was refused" in connector.status.message
    assert len(fake.requests) == 1 and fake_time.sleeps == []
    assert report.error is not None
    assert "cs_wrong_secret" not in str(report.error) and CONSUMER_KEY not in str(report.error)


def test_plain_http_to_a_remote_site_is_refused_before_any_request(
    catalog: Catalog, secrets: SecretStore
) -> None:
    connector = WooCommerceConnector(
        WooCommerceSettings(url="http://shop.example", consumer_key=CONSUMER_KEY),
        catalog,
        secrets=secrets,
    )
    connector.sync_once()
    assert connector.status.health is StoreHealth.FAILED
    assert connector.status.reason is StoreErrorReason.INVALID_SETTINGS
    assert "https://" in connector.status.message


def test_server_errors_retry_with_back_off_and_keep_the_last_good_data(
    fake: FakeWooCommerce, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = connect(fake, catalog, secrets, fake_time)
    connector.sync_once()
    good = connector.products
    fake.script = [Answer(500, {"code": "internal_server_error"}) for _ in range(4)]

    connector.sync_once()

    assert fake_time.sleeps == [1.0, 2.0, 4.0]
    assert connector.status.health is StoreHealth.WARNING
    assert connector.products == good and len(catalog) == 8


@pytest.mark.parametrize(
    "answer",
    [Answer(raw=b"<html>Briefly unavailable for scheduled maintenance</html>"),
     Answer(body={"products": []}),
     Answer(delay_s=0.6, body=[])],
    ids=["html", "not-a-list", "timeout"],
)  # fmt: skip
def test_malformed_or_slow_answers_are_warnings(
    fake: FakeWooCommerce,
    catalog: Catalog,
    secrets: SecretStore,
    fake_time: FakeTime,
    answer: Answer,
) -> None:
    connector = connect(fake, catalog, secrets, fake_time, max_attempts=1)
    connector.sync_once()
    good = connector.products
    fake.script = [answer]

    connector.sync_once()

    assert connector.status.health is StoreHealth.WARNING
    assert connector.products == good and len(catalog) == 8


def test_a_product_with_a_bad_price_is_skipped_and_named(
    fake: FakeWooCommerce, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    fake.products[2]["price"] = "twelve"
    del fake.products[3]["name"]
    connector = connect(fake, catalog, secrets, fake_time)
    report = connector.sync_once()
    assert report.products is not None
    assert [s.split(":")[0] for s in report.products.skipped] == ["product 3", "product 4"]
    assert connector.status.health is StoreHealth.WARNING
    assert len(catalog) == 6


def test_orders_after_the_show_started_are_merged_once(
    fake: FakeWooCommerce, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    ledger = Ledger(catalog)
    connector = connect(fake, catalog, secrets, fake_time, ledger)
    connector.sync_once()
    show = ledger.start_show("Sunday", "EUR", started_at=datetime(2026, 11, 1, 18, tzinfo=UTC))
    fake.orders = [
        order(1, "2026-11-01T17:00:00", [line(1, 2, "W-2", 1, "2.50")]),
        order(2, "2026-11-01T18:01:00", [line(2, 2, "W-2", 2, Decimal("2.50"))]),
        order(3, "2026-11-01T18:02:00", [line(3, 50, "WT-L", 1, "24", variation_id=502)]),
        order(4, "2026-11-01T18:03:00", [line(4, 3, "W-3", 1, "3.50")], status="cancelled"),
        order(5, "2026-11-01T18:04:00", [line(5, 4, "W-4", 1, "3.333333")]),
    ]
    connector.attach_show(show.id)

    first = connector.sync_once()
    tee = catalog.get("woocommerce-50")
    assert tee is not None and tee.variants[1].stock == 5  # the sale took one L
    second = connector.sync_once()

    orders_request = next(r for r in fake.requests if r.path.endswith("/orders"))
    assert orders_request.query["after"] == "2026-11-01T18:00:00"
    assert first.orders is not None and second.orders is not None
    assert (first.orders.orders_seen, first.orders.lines_recorded) == (3, 3)
    assert (second.orders.lines_recorded, second.orders.lines_already_recorded) == (0, 3)
    entries = ledger.entries(show.id)
    assert [e.external_id for e in entries] == [
        "woocommerce-order-2-line-2",
        "woocommerce-order-3-line-3",
        "woocommerce-order-5-line-5",
    ]
    assert all(e.source is EntrySource.PLATFORM_ORDER and e.buyer == "Ada L." for e in entries)
    assert all(type(e.unit_price.amount) is Decimal for e in entries)
    assert entries[1].variant == "L" and entries[1].unit_price.amount == Decimal("24.00")
    assert entries[2].unit_price.amount == Decimal("3.33")
