"""During a store outage the connector waits longer after each failed sync (no retry storm),
comes back to its normal polling after a success, and "Retry now" still retries at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from studio.settings.secrets import SecretStore
from studio.shop import Catalog
from studio.shop.stores import ShopifyConnector, ShopifySettings, StoreHealth, SyncReport
from studio.shop.stores.base import PollSettings, outage_backoff_s
from tests.shop_stores.conftest import FakeTime
from tests.shop_stores.fake_http import Answer
from tests.shop_stores.fake_shopify import TOKEN, FakeShopify, simple_product

DOWN = Answer(503, {"errors": "Service unavailable"})
WAIT_S = 10.0  # generous: only a broken connector ever waits this long


@pytest.fixture
def fake() -> Iterator[FakeShopify]:
    server = FakeShopify([simple_product(n) for n in range(1, 4)])
    yield server
    server.close()


def connect(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, time: FakeTime, **options: Any
) -> ShopifyConnector:
    secrets.set_token("shopify:my-shop", TOKEN)
    # One attempt per sync: each failed sync is exactly one request to the fake.
    settings = ShopifySettings(
        shop="my-shop", api_base_url=fake.url, request_timeout_s=2.0, max_attempts=1, **options
    )
    return ShopifyConnector(settings, catalog, secrets=secrets, clock=time.clock, sleep=time.sleep)


def test_the_wait_between_failed_syncs_doubles_from_the_poll_interval_up_to_a_cap() -> None:
    settings = PollSettings(orders_interval_s=15.0, products_interval_s=300.0)
    waits = [outage_backoff_s(settings, failures) for failures in range(0, 9)]
    assert waits == [0.0, 15.0, 30.0, 60.0, 120.0, 240.0, 300.0, 300.0, 300.0]
    capped = PollSettings(orders_interval_s=5.0, max_outage_backoff_s=12.0)
    assert [outage_backoff_s(capped, n) for n in (1, 2, 3, 50_000)] == [5.0, 10.0, 12.0, 12.0]


def test_each_failed_sync_in_a_row_waits_longer_and_a_success_resets_it(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    connector = connect(fake, catalog, secrets, fake_time)
    fake.script = [DOWN] * 4
    waits = []
    for _ in range(4):
        connector.sync_once()
        assert connector.status.health is StoreHealth.WARNING
        waits.append(connector.retry_in_s)
    assert waits == [15.0, 30.0, 60.0, 120.0]
    assert connector.failed_syncs == 4
    fake_time.now += 100.0  # the clock runs on: what is left of the wait
    assert connector.retry_in_s == pytest.approx(20.0)

    connector.sync_once()  # the store is back

    assert connector.status.health is StoreHealth.OK
    assert connector.failed_syncs == 0 and connector.retry_in_s is None
    assert len(catalog) == 3
    fake.script = [DOWN]
    connector.sync_once()  # a new outage starts from the poll interval again
    assert connector.retry_in_s == 15.0


def test_the_worker_waits_out_the_back_off_and_retry_now_still_retries_at_once(
    fake: FakeShopify, catalog: Catalog, secrets: SecretStore, fake_time: FakeTime
) -> None:
    fake.script = [DOWN] * 100
    connector = connect(fake, catalog, secrets, fake_time)
    reports: list[SyncReport] = []
    synced = threading.Condition()

    def on_report(report: SyncReport) -> None:
        with synced:
            reports.append(report)
            synced.notify_all()

    def wait_for_reports(count: int) -> None:
        with synced:
            assert synced.wait_for(lambda: len(reports) >= count, WAIT_S)

    connector.on_report(on_report)
    connector.start()
    try:
        waits = []
        for count in range(1, 8):
            wait_for_reports(count)
            status = connector.status
            assert status.health is StoreHealth.WARNING
            waits.append(status.retry_in_s)
            connector.sync_now()  # the host presses "Retry now": no waiting
        assert waits == [15.0, 30.0, 60.0, 120.0, 240.0, 300.0, 300.0]
        assert "Trying again in 5 min." in connector.status.message
        wait_for_reports(8)  # the last "Retry now", still failing
        with fake._lock:
            fake.script.clear()  # the store is back
        connector.sync_now()
        wait_for_reports(9)
        assert connector.status.health is StoreHealth.OK
        assert connector.failed_syncs == 0 and connector.retry_in_s is None
        assert connector.status.retry_in_s is None
    finally:
        connector.stop()
    # One request per sync the test asked for: the worker never retried on its own between.
    assert len(fake.requests) == len(reports) == 9
    assert len(catalog) == 3
