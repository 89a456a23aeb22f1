"""Shopify connector against a local GraphQL server: pages, costs, failures, orders."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from studio.settings.secrets import SecretStore
from studio.shop import Catalog, EntrySource, Ledger
from studio.shop.stores import (
    SHOPIFY_API_VERSION,
    ShopifyConnector,
    ShopifySettings,
    StoreErrorReason,
    StoreHealth,
)
from tests.shop_stores.conftest import FakeTime
from tests.shop_stores.fake_http import Answer
from tests.shop_stores.fake_shopify import (
    TOKEN,
    FakeShopify,
    line_item,
    order_node,
    product_node,
    simple_product,
    throttled,
    variant_node,
)

SHOW_START = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)


def tee() -> dict[str, Any]:
    return product_node(
        7,
        "Tee",
        [
            variant_node(71, "TEE-S", "20.00", 3, {"Size": "S"}, compare_at="25.00"),
            variant_node(72, "TEE-M", "22.00", -2, {"Size": "M"}),
        ],
    )


def products(count: int = 7) -> list[dict[str, Any]]:
    return [tee()] + [simple_product(n, price=f"{n}.99") for n in range(1, count)]


@pytest.fixture
def fake() -> Iterator[FakeShopify]:
    server = FakeShopify(products())
    yield server
    server.close()


def connect(
    fake: FakeShopify,
    catalog: Catalog,
    secrets: SecretStore,
    time: FakeTime,
    ledger: Ledger | None = None,
    **options: Any,
) -> ShopifyConnector:
    secrets.set_token("shopify:my-shop", TOKEN)
    settings = ShopifySettings(
        shop="my-shop.myshopify.com",
        api_base_url=fake.url,
        products_page_size=3,
        request_timeout_s=0.3,
        **options,
    )
    return ShopifyConnector(
        settings, catalog, ledger, secrets=secrets, clock=time.clock, sleep=time.sleep
    )


def test_products_come_in_page_by_page_with_variants_images_stock_and_exact_prices(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = connect(fake, catalog, secrets, fake_time)
    report = connector.sync_once()

    assert connector.status.health is StoreHealth.OK, connector.status
    assert report.products is not None
    assert (report.products.fetched, report.products.added) == (7, 7)
    sent = fake.graphql_requests()
    assert [r["variables"]["after"] for r in sent] == [None, "cursor-3", "cursor-6"]
    assert all(r.path == f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json" for r in fake.requests)
    assert all(r.headers["X-Shopify-Access-Token"] == TOKEN for r in fake.requests)

    shirt = catalog.get("shopify-product-7")
    assert shirt is not None and shirt.title == "Tee"
    assert [v.sku for v in shirt.variants] == ["TEE-S", "TEE-M"]
    assert [v.stock for v in shirt.variants] == [3, 0]  # oversold -2 counts as none left
    assert shirt.variants[0].options == {"Size": "S"}
    first_price, compare = shirt.variants[0].price, shirt.variants[0].compare_at_price
    assert first_price is not None and compare is not None
    assert type(first_price.amount) is Decimal and first_price.amount == Decimal("20.00")
    assert type(compare.amount) is Decimal and compare.amount == Decimal("25.00")
    assert shirt.price.amount == Decimal("20.00")
    assert shirt.image == "https://cdn.example/7/main.jpg"
    assert shirt.images == ["https://cdn.example/7/side.jpg"]
    mug = catalog.get("shopify-product-3")
    assert mug is not None and mug.variants == [] and mug.sku == "SKU-3" and mug.stock == 5
    assert type(mug.price.amount) is Decimal and str(mug.price) == "3.99 USD"


def test_a_second_sync_updates_in_place_and_keeps_show_codes(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = connect(fake, catalog, secrets, fake_time)
    connector.sync_once()
    codes = {p.id: p.code for p in catalog.products()}
    fake.products[1]["variants"]["nodes"][0]["inventoryQuantity"] = 1

    report = connector.sync_once()

    assert report.products is not None
    assert (report.products.updated, report.products.unchanged) == (1, 6)
    assert {p.id: p.code for p in catalog.products()} == codes
    assert len(catalog) == 7
    item = catalog.get("shopify-product-1")
    assert item is not None and item.stock == 1


def test_waits_before_a_call_that_would_exceed_the_available_cost(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    fake.requested_cost, fake.available = 200, 10  # restores 50 points/s
    connector = connect(fake, catalog, secrets, fake_time)
    connector.sync_once()

    # Pages 2 and 3 each wait until 200 points are back: (200 - 10) / 50 = 3.8 s.
    assert fake_time.sleeps == [pytest.approx(3.8), pytest.approx(3.8)]
    assert connector.status.health is StoreHealth.OK


def test_a_throttled_answer_waits_for_the_restore_time_and_retries(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    fake.script = [throttled(requested=200, available=0)]
    connector = connect(fake, catalog, secrets, fake_time)
    connector.sync_once()

    assert fake_time.sleeps[0] >= 4.0  # 200 points at 50/s
    assert len(fake.graphql_requests()) == 4  # the throttled call, then 3 pages
    assert connector.status.health is StoreHealth.OK
    assert len(catalog) == 7


def test_endless_throttling_becomes_a_warning_not_a_storm(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    fake.script = [throttled() for _ in range(20)]
    connector = connect(fake, catalog, secrets, fake_time, max_throttle_retries=3)
    connector.sync_once()

    assert len(fake.requests) == 4
    assert connector.status.health is StoreHealth.WARNING
    assert connector.status.reason is StoreErrorReason.RATE_LIMITED


def test_a_refused_token_fails_once_with_a_clear_sentence_and_never_shows_the_token(
    fake: FakeShopify,
    catalog: Catalog,
    secrets: SecretStore,
    fake_time: FakeTime,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake.token = "another-token"
    connector = connect(fake, catalog, secrets, fake_time)
    with caplog.at_level(logging.DEBUG):
        report = connector.sync_once()

    status = connector.status
    assert status.health is StoreHealth.FAILED
    assert status.reason is StoreErrorReason.AUTH_REFUSED
    assert "access token was refused" in status.message
    assert len(fake.requests) == 1  # no retries
    assert fake_time.sleeps == []
    assert report.error is not None and TOKEN not in str(report.error)
    assert TOKEN not in status.message and TOKEN not in caplog.text


def test_no_saved_token_is_a_failure_that_names_what_is_missing(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = ShopifyConnector(
        ShopifySettings(shop="my-shop", api_base_url=fake.url), catalog, secrets=secrets
    )
    connector.sync_once()
    assert connector.status.health is StoreHealth.FAILED
    assert connector.status.reason is StoreErrorReason.NO_CREDENTIALS
    assert "Shopify access token" in connector.status.message
    assert fake.requests == []


def test_server_errors_are_retried_with_back_off_and_the_last_good_data_kept(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = connect(fake, catalog, secrets, fake_time)
    connector.sync_once()
    good = connector.products
    fake.script = [Answer(500, {"errors": "Internal error"}) for _ in range(10)]

    connector.sync_once()

    assert fake_time.sleeps == [1.0, 2.0, 4.0]  # 4 attempts, back-off doubling
    assert connector.status.health is StoreHealth.WARNING
    assert connector.status.reason is StoreErrorReason.SERVER_ERROR
    assert "last good data" in connector.status.message
    assert connector.products == good
    assert len(catalog) == 7


def test_a_server_error_that_passes_is_invisible(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    fake.script = [Answer(503, {"errors": "busy"}), Answer(502, {"errors": "bad gateway"})]
    connector = connect(fake, catalog, secrets, fake_time)
    connector.sync_once()
    assert fake_time.sleeps == [1.0, 2.0]
    assert connector.status.health is StoreHealth.OK
    assert len(catalog) == 7


def test_a_timeout_is_a_warning_and_keeps_the_last_good_data(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = connect(fake, catalog, secrets, fake_time, max_attempts=2)
    connector.sync_once()
    good = connector.products
    fake.script = [Answer(delay_s=0.6, body={}) for _ in range(2)]

    connector.sync_once()

    assert connector.status.health is StoreHealth.WARNING
    assert connector.status.reason is StoreErrorReason.TIMEOUT
    assert "did not answer within 0.3 s" in connector.status.message
    assert connector.products == good


@pytest.mark.parametrize(
    "answer",
    [
        Answer(raw=b"{not json"),
        Answer(body=["a list"]),
        Answer(body={"data": {"shop": {"currencyCode": "USD"}}}),  # no products
        Answer(body={"data": {"products": {"nodes": []}}}),  # no pageInfo
        Answer(body={"errors": [{"message": "Field 'x' doesn't exist"}]}),
    ],
    ids=["invalid-json", "not-an-object", "no-products", "no-page-info", "query-error"],
)
def test_malformed_answers_are_warnings_and_keep_the_last_good_data(
    fake: FakeShopify,
    catalog: Catalog,
    secrets: SecretStore,
    fake_time: FakeTime,
    answer: Answer,
) -> None:
    connector = connect(fake, catalog, secrets, fake_time)
    connector.sync_once()
    good = connector.products
    fake.script = [answer]

    connector.sync_once()

    assert connector.status.health is StoreHealth.WARNING
    assert connector.status.message
    assert connector.products == good
    assert len(catalog) == 7


def test_a_product_with_missing_fields_is_skipped_with_its_reason(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    del fake.products[2]["variants"]["nodes"][0]["price"]
    fake.products[3]["variants"]["nodes"][0]["price"] = "1.999"  # more decimals than USD
    connector = connect(fake, catalog, secrets, fake_time)

    report = connector.sync_once()

    assert report.products is not None and len(report.products.skipped) == 2
    assert "price is missing" in report.products.skipped[0]
    assert connector.status.health is StoreHealth.WARNING
    assert "gid://shopify/Product/2" in connector.status.message
    assert len(catalog) == 5


def test_orders_since_the_show_started_are_merged_once(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    ledger = Ledger(catalog)
    connector = connect(fake, catalog, secrets, fake_time, ledger, orders_page_size=2)
    connector.sync_once()
    show = ledger.start_show("Friday", "USD", started_at=SHOW_START)
    fake.orders = [
        order_node(1000, "2026-11-01T17:59:00Z", [line_item(1, 1, "SKU-1", 1, "1.99")]),
        order_node(1001, "2026-11-01T18:01:00Z", [line_item(2, 1, "SKU-1", 2, "1.99")]),
        order_node(1002, "2026-11-01T18:02:00Z", [line_item(3, 7, "TEE-S", 1, "20.00"),
                                                  line_item(4, 2, "SKU-2", 1, "2.99")]),
        order_node(1003, "2026-11-01T18:03:00Z", [line_item(5, 3, "SKU-3", 1, "3.99")],
                   cancelled=True),
        order_node(1004, "2026-11-01T18:04:00Z", [line_item(6, 99, "GONE", 1, "9.00")]),
        order_node(1005, "2026-11-01T18:05:00Z", [line_item(7, 4, "SKU-4", 1, "4.99")]),
    ]  # fmt: skip
    connector.attach_show(show.id)

    first = connector.sync_once()
    fake.orders.append(
        order_node(1006, "2026-11-01T18:06:00Z", [line_item(8, 5, "SKU-5", 3, "5.99")])
    )
    second = connector.sync_once()

    assert fake.order_queries[0] == "created_at:>'2026-11-01T18:00:00Z'"
    assert first.orders is not None and second.orders is not None
    assert (first.orders.orders_seen, first.orders.lines_recorded) == (4, 4)
    assert first.orders.unmatched == ["order #1004: Item 99 matches no catalog product"]
    assert (second.orders.lines_recorded, second.orders.lines_already_recorded) == (1, 4)
    entries = ledger.entries(show.id)
    assert len(entries) == 5
    assert all(e.source is EntrySource.PLATFORM_ORDER for e in entries)
    assert all(type(e.unit_price.amount) is Decimal for e in entries)
    assert {e.external_id for e in entries} >= {"shopify-order-1002-line-3"}
    tee_entry = next(e for e in entries if e.product_id == "shopify-product-7")
    assert tee_entry.sku == "TEE-S" and tee_entry.unit_price.amount == Decimal("20.00")
    totals = ledger.totals(show.id)
    assert totals.units == 8
    assert totals.revenue.amount == Decimal("1.99") * 2 + Decimal("20.00") + Decimal("2.99") + \
        Decimal("4.99") + Decimal("5.99") * 3  # fmt: skip


def test_the_worker_polls_in_the_background_and_reports_to_listeners(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore
) -> None:
    secrets.set_token("shopify:my-shop", TOKEN)
    fake.script = [Answer(delay_s=0.2, body={"errors": [{"message": "Throttled"}]})]
    connector = ShopifyConnector(
        ShopifySettings(
            shop="my-shop", api_base_url=fake.url, products_page_size=3, initial_backoff_s=0.01
        ),
        catalog,
        secrets=secrets,
    )
    done = threading.Event()
    statuses: list[StoreHealth] = []
    connector.on_status(lambda status: statuses.append(status.health))
    connector.on_report(lambda report: done.set())

    connector.start()  # returns at once although the first answer is slow
    assert connector.running and not done.is_set()
    try:
        assert done.wait(10)
    finally:
        connector.stop()
    assert not connector.running
    assert statuses[0] is StoreHealth.OK
    assert len(catalog) == 7


def test_stop_interrupts_a_long_back_off(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore
) -> None:
    secrets.set_token("shopify:my-shop", TOKEN)
    fake.script = [Answer(500, {}) for _ in range(5)]
    connector = ShopifyConnector(
        ShopifySettings(shop="my-shop", api_base_url=fake.url, initial_backoff_s=60),
        catalog,
        secrets=secrets,
    )
    connector.start()
    while not fake.requests:
        threading.Event().wait(0.01)
    connector.stop(timeout_s=5)
    assert not connector.running
    assert len(fake.requests) == 1
