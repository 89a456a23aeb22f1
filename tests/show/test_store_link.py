"""The show's link to the online store, headless, against the local fake Shopify and
WooCommerce: products and the attached show's orders arrive, failures are statuses, a fixed
token is picked up, and nothing a replaced connector says reaches the callbacks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from studio.settings.store_account import StoreSettings
from studio.shop import Catalog, Ledger, LedgerError
from studio.shop.stores import StoreConnector, StoreHealth, StoreStatus, SyncReport
from studio.show.store_link import CLOSE_WAIT_S, StoreLink
from tests.shop_stores import fake_woocommerce as woo
from tests.shop_stores.fake_http import Answer
from tests.shop_stores.fake_shopify import (
    TOKEN,
    FakeShopify,
    line_item,
    order_node,
    simple_product,
)

DOMAIN = "my-shop.myshopify.com"
SHOW_START = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)
WAIT_S = 15.0
# Real back-off is seconds; the behaviour under test is the same with milliseconds.
QUICK = {"initial_backoff_s": 0.01, "max_attempts": 2, "request_timeout_s": 2.0}


class Tokens:
    """The token source: a dict the test edits as the host edits Settings → Store."""

    def __init__(self, **tokens: str) -> None:
        self.tokens = tokens

    def get_token(self, name: str) -> str | None:
        return self.tokens.get(name)


class Heard:
    """What the link told its callbacks, and on which thread the reports came."""

    def __init__(self) -> None:
        self.statuses: list[StoreStatus | None] = []
        self.reports: list[SyncReport] = []
        self.report_threads: set[str] = set()
        self._changed = threading.Condition()

    def status(self, status: StoreStatus | None) -> None:
        with self._changed:
            self.statuses.append(status)
            self._changed.notify_all()

    def report(self, report: SyncReport) -> None:
        with self._changed:
            self.reports.append(report)
            self.report_threads.add(threading.current_thread().name)
            self._changed.notify_all()

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        with self._changed:
            heard = self._changed.wait_for(condition, WAIT_S)
        assert heard, f"no {what} within {WAIT_S} s; statuses: {self.statuses}"

    def wait_for_health(self, health: StoreHealth) -> StoreStatus:
        def reached() -> bool:
            last = self.statuses[-1] if self.statuses else None
            return last is not None and last.health is health

        self.wait_for(reached, f"{health.value} status")
        last = self.statuses[-1]
        assert last is not None
        return last

    def wait_for_reports(self, count: int) -> SyncReport:
        self.wait_for(lambda: len(self.reports) >= count, f"report #{count}")
        return self.reports[-1]

    def full_sync_after(self, link: StoreLink) -> SyncReport:
        """The report of the sync ``link.sync_now()`` asks for (products are always due)."""
        count = len(self.reports)
        link.sync_now()
        self.wait_for(
            lambda: any(r.products is not None for r in self.reports[count:]), "a full sync"
        )
        return next(r for r in self.reports[count:] if r.products is not None)

    def counts(self) -> tuple[int, int]:
        with self._changed:
            return len(self.statuses), len(self.reports)


class Shop:
    """A catalog, a ledger with a show, a token source and the links made on them."""

    def __init__(self, folder: Path) -> None:
        self.catalog = Catalog.open(folder / "catalog.sqlite")
        self.ledger = Ledger(self.catalog)
        self.show_id = self.ledger.start_show("Friday drop", "USD", SHOW_START).id
        self.tokens = Tokens(**{"shopify:my-shop": TOKEN})
        self.links: list[StoreLink] = []

    def link(self, **options: Any) -> tuple[StoreLink, Heard]:
        heard = Heard()
        link = StoreLink(
            self.catalog,
            self.ledger,
            self.tokens,
            on_status=heard.status,
            on_report=heard.report,
            connector_options=QUICK | options,
        )
        self.links.append(link)
        return link, heard

    def units(self) -> int:
        return self.ledger.totals(self.show_id).units

    def close(self) -> None:
        for link in self.links:
            link.close()
        self.catalog.close()


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    opened = Shop(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def shopify() -> Iterator[FakeShopify]:
    orders = [
        order_node(1001, "2026-11-01T17:59:00Z", [line_item(1, 1, "SKU-1", 5, "1.99")]),  # before
        order_node(1002, "2026-11-01T18:05:00Z", [line_item(2, 1, "SKU-1", 2, "1.99")]),
        order_node(1003, "2026-11-01T18:07:00Z", [line_item(3, 3, "SKU-3", 1, "3.99")]),
    ]
    server = FakeShopify([simple_product(n, price=f"{n}.99") for n in range(1, 4)], orders)
    yield server
    server.close()


def shopify_account(server: FakeShopify, **fields: Any) -> StoreSettings:
    return StoreSettings(kind="shopify", address=DOMAIN, api_url=server.url, **fields)


def titles(catalog: Catalog) -> set[str]:
    return {product.title for product in catalog.products()}


def test_products_and_the_attached_shows_orders_arrive_on_the_workers_thread(
    shop: Shop, shopify: FakeShopify
) -> None:
    link, heard = shop.link()
    link.attach_show(shop.show_id)  # before the store is set up: kept for its connector
    link.apply(shopify_account(shopify))

    assert heard.statuses[0] is not None and heard.statuses[0].health is StoreHealth.IDLE
    heard.wait_for(
        lambda: any(r.orders is not None and r.products is not None for r in heard.reports),
        "a sync of products and orders",
    )
    [first] = [r for r in heard.reports if r.products is not None]
    assert first.error is None and first.products is not None and first.orders is not None
    assert (first.products.added, first.orders.orders_seen) == (3, 2)
    assert link.status is not None and link.status.health is StoreHealth.OK
    assert titles(shop.catalog) == {"Item 1", "Item 2", "Item 3"}
    assert shop.units() == 3  # the order placed before the show started is not counted
    assert heard.report_threads == {"store-shopify"}


def test_a_server_error_warns_keeps_the_last_good_data_and_retry_recovers(
    shop: Shop, shopify: FakeShopify
) -> None:
    link, heard = shop.link()
    link.attach_show(shop.show_id)
    link.apply(shopify_account(shopify))
    heard.wait_for_health(StoreHealth.OK)

    shopify.answer = lambda _request: Answer(500, {"errors": "Internal error"})
    link.sync_now()
    warning = heard.wait_for_health(StoreHealth.WARNING)
    assert "server error" in warning.message
    assert titles(shop.catalog) == {"Item 1", "Item 2", "Item 3"}  # the last good products

    shopify.answer = shopify.respond
    link.sync_now()
    heard.wait_for_health(StoreHealth.OK)
    assert shop.units() == 3  # no order counted twice


def test_a_refused_token_fails_until_the_same_account_is_applied_again(
    shop: Shop, shopify: FakeShopify
) -> None:
    shop.tokens.tokens["shopify:my-shop"] = "shpat_revoked_0000"
    link, heard = shop.link()
    account = shopify_account(shopify)
    link.apply(account)
    failed = heard.wait_for_health(StoreHealth.FAILED)
    assert "refused" in failed.message and "shpat_revoked_0000" not in failed.message
    refused = link.connector

    shop.tokens.tokens["shopify:my-shop"] = TOKEN  # as the Store page does on OK …
    link.apply(account)  # … before saving the same settings
    assert link.connector is not refused and link.connector is not None
    heard.wait_for_health(StoreHealth.OK)
    working = link.connector

    link.apply(account)  # a connector that works is kept
    assert link.connector is working


def test_a_missing_consumer_key_fails_at_once_and_retry_reads_the_tokens_again(
    shop: Shop,
) -> None:
    server = woo.FakeWooCommerce([woo.simple_product(n) for n in range(1, 3)])
    try:
        link, heard = shop.link()
        link.apply(StoreSettings(kind="woocommerce", address=server.url))

        status = link.status  # said on this thread, during apply()
        assert status is not None and status.health is StoreHealth.FAILED
        assert "No WooCommerce consumer key is saved" in status.message
        assert heard.statuses == [status] and link.connector is None

        site = server.url.removeprefix("http://")
        shop.tokens.tokens[f"woocommerce-key:{site}"] = woo.CONSUMER_KEY
        shop.tokens.tokens[f"woocommerce:{site}"] = woo.CONSUMER_SECRET
        link.sync_now()  # the host pressed Retry
        heard.wait_for_health(StoreHealth.OK)
        assert titles(shop.catalog) == {"Woo item 1", "Woo item 2"}
    finally:
        server.close()


def test_no_store_set_up_means_no_status_and_no_connector(shop: Shop, shopify: FakeShopify) -> None:
    link, heard = shop.link()
    link.apply(StoreSettings())
    assert heard.statuses == [None] and link.status is None and link.connector is None

    link.apply(shopify_account(shopify))
    heard.wait_for_health(StoreHealth.OK)
    running = link.connector
    assert running is not None

    link.apply(StoreSettings())  # the store is switched off
    assert link.connector is None and link.status is None and heard.statuses[-1] is None
    deadline_s = time.monotonic() + WAIT_S
    while running.running and time.monotonic() < deadline_s:
        time.sleep(0.01)
    assert not running.running


def test_nothing_a_replaced_connector_says_reaches_the_callbacks(
    shop: Shop, shopify: FakeShopify
) -> None:
    link, heard = shop.link()
    link.apply(shopify_account(shopify))
    # The OK status comes a moment before its sync's report: wait for both, or the swap
    # below can fall between them and (rightly) drop the old connector's first report.
    heard.wait_for_reports(1)
    heard.wait_for_health(StoreHealth.OK)
    old = link.connector
    assert old is not None

    link.apply(shopify_account(shopify, poll_interval_s=60))
    assert link.connector is not old
    heard.wait_for_reports(2)  # the new connector's first sync
    heard.wait_for_health(StoreHealth.OK)
    said: list[SyncReport] = []
    old.on_report(said.append)
    before = heard.counts()

    old.sync_once()  # the old one still syncs and reports …

    assert len(said) == 1
    assert heard.counts() == before  # … to nobody the link serves
    assert link.status is not None and link.status.health is StoreHealth.OK


def test_detaching_the_show_stops_polling_its_orders(shop: Shop, shopify: FakeShopify) -> None:
    link, heard = shop.link()
    link.apply(shopify_account(shopify))
    link.attach_show(shop.show_id)
    heard.wait_for(lambda: any(r.orders is not None for r in heard.reports), "a report with orders")
    assert shop.units() == 3

    link.attach_show(None)
    assert heard.full_sync_after(link).orders is None
    queries = len(shopify.order_queries)

    with pytest.raises(LedgerError, match="no show with id 99"):
        link.attach_show(99)
    assert heard.full_sync_after(link).orders is None
    assert len(shopify.order_queries) == queries  # still detached

    link.attach_show(shop.show_id)
    assert heard.full_sync_after(link).orders is not None


def test_an_account_that_does_not_poll_orders_never_attaches_the_show(
    shop: Shop, shopify: FakeShopify
) -> None:
    link, heard = shop.link()
    link.attach_show(shop.show_id)
    link.apply(shopify_account(shopify, poll_orders=False))
    link.attach_show(shop.show_id)
    link.sync_now()
    heard.wait_for_reports(2)
    assert all(report.orders is None for report in heard.reports)
    assert shopify.order_queries == [] and shop.units() == 0


def wait_for_requests(server: FakeShopify, count: int) -> None:
    deadline_s = time.monotonic() + WAIT_S
    while len(server.requests) < count and time.monotonic() < deadline_s:
        time.sleep(0.01)
    assert len(server.requests) >= count


def wait_stopped(*connectors: StoreConnector) -> None:
    deadline_s = time.monotonic() + WAIT_S
    while any(c.running for c in connectors) and time.monotonic() < deadline_s:
        time.sleep(0.01)
    assert not any(c.running for c in connectors)


def test_a_new_account_does_not_wait_for_the_old_ones_request_in_flight(
    shop: Shop, shopify: FakeShopify
) -> None:
    shopify.script = [Answer(delay_s=1.5)]  # the first request hangs, then answers nonsense
    link, heard = shop.link()
    link.apply(shopify_account(shopify))
    wait_for_requests(shopify, 1)
    stuck = link.connector
    assert stuck is not None

    started_s = time.monotonic()
    link.apply(shopify_account(shopify, poll_interval_s=60))
    assert time.monotonic() - started_s < 1.0

    heard.wait_for_health(StoreHealth.OK)  # the new connector
    wait_stopped(stuck)
    assert stuck.status.health is StoreHealth.WARNING  # it did answer, to nobody
    assert all(s is None or s.health is not StoreHealth.WARNING for s in heard.statuses)


def test_close_waits_a_bounded_time_and_nothing_is_said_after(
    shop: Shop, shopify: FakeShopify
) -> None:
    link, heard = shop.link(request_timeout_s=30.0)
    link.apply(shopify_account(shopify))
    heard.wait_for_health(StoreHealth.OK)
    working = link.connector
    assert working is not None
    shopify.script = [Answer(delay_s=CLOSE_WAIT_S + 1.5)]
    link.sync_now()
    wait_for_requests(shopify, 2)

    before = heard.counts()
    started_s = time.monotonic()
    link.close()
    assert time.monotonic() - started_s < CLOSE_WAIT_S + 0.5
    assert working.running  # still in its request: not waited for beyond the bound

    link.apply(StoreSettings())  # closed: nothing happens any more
    link.sync_now()
    assert link.connector is None
    wait_stopped(working)
    assert heard.counts() == before  # what it said after its request ended was dropped
