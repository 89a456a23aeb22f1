"""The online store in the window: settings page, keyring, catalog, sales, warnings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.settings import SecretStore, SettingsFile
from studio.settings.store_account import StoreSettings
from studio.show.events import ShowPhase
from studio.show.opening import open_show
from studio.show.show import Show
from studio.ui.app import Studio, window_show_setup
from studio.ui.destinations import LiveTarget
from studio.ui.settings import SettingsDialog
from studio.ui.shop.catalog_panel import CatalogPanel
from tests.shop_stores import fake_woocommerce as woo
from tests.shop_stores.fake_http import Answer
from tests.shop_stores.fake_shopify import (
    TOKEN,
    FakeShopify,
    line_item,
    order_node,
    simple_product,
)
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture

DOMAIN = "my-shop.myshopify.com"
SERVICE = "LiveShop Studio"
WAIT_MS = 15_000


@pytest.fixture
def shopify() -> Iterator[FakeShopify]:
    server = FakeShopify([simple_product(n, price=f"{n}.99") for n in range(1, 4)])
    yield server
    server.close()


# Real back-off is seconds; the behaviour under test is the same with milliseconds.
QUICK_RETRIES = {"initial_backoff_s": 0.01, "max_attempts": 2, "request_timeout_s": 2.0}


def quick_studio(make_studio, settings_store: SettingsFile, data: Path) -> Studio:  # type: ignore[no-untyped-def]
    """The window on its own show (as ``create_studio`` opens it), the store retrying fast."""
    data.mkdir(parents=True, exist_ok=True)
    show = open_show(window_show_setup(data, settings_store, None, store_options=QUICK_RETRIES))
    studio = make_studio(folder=data, shop=show)  # the studio closes the show
    assert isinstance(studio, Studio) and studio.show is show
    return studio


def configure(store: SettingsFile, account: StoreSettings) -> None:
    store.save(store.settings.model_copy(update={"store": account}))


def ok(dialog: SettingsDialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


# -- the Store settings page ----------------------------------------------------------------
def test_store_page_saves_tokens_to_the_keyring_only(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SettingsFile(tmp_path / "config")
    dialog = SettingsDialog(store, page="store", secrets=SecretStore())
    qtbot.addWidget(dialog)
    page = dialog.store_page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("shopify"))
    QTest.keyClicks(page.address_edit, DOMAIN)
    token_edit = page.token_fields["token"].edit
    assert not page.token_fields["consumer_secret"].edit.isVisibleTo(page)
    ok(dialog)
    assert dialog.result() != SettingsDialog.DialogCode.Accepted  # no token yet
    assert "paste the Shopify admin api access token" in dialog.message_label.text()

    QTest.keyClicks(token_edit, TOKEN)
    assert token_edit.echoMode() == token_edit.EchoMode.Password
    page.token_fields["token"].toggle.click()
    assert token_edit.echoMode() == token_edit.EchoMode.Normal
    ok(dialog)

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert store.settings.store == StoreSettings(kind="shopify", address=DOMAIN)
    assert memory_keyring.passwords[(SERVICE, "token:shopify:my-shop")] == TOKEN
    assert TOKEN not in store.path.read_text()
    assert SettingsFile(store.folder).settings.store.kind == "shopify"  # written to the file

    again = SettingsDialog(store, page="store", secrets=SecretStore())
    qtbot.addWidget(again)
    assert again.store_page.token_fields["token"].edit.text() == TOKEN  # read back, masked
    again.store_page.kind_combo.setCurrentIndex(0)  # no online store any more
    ok(again)
    assert store.settings.store.kind == "none"
    assert memory_keyring.passwords == {}  # the old shop's token does not linger


def test_store_page_keeps_both_woocommerce_keys_in_the_keyring(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SettingsFile(tmp_path / "config")
    dialog = SettingsDialog(store, page="store", secrets=SecretStore())
    qtbot.addWidget(dialog)
    page = dialog.store_page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("woocommerce"))
    QTest.keyClicks(page.address_edit, "https://shop.example")
    QTest.keyClicks(page.token_fields["consumer_key"].edit, woo.CONSUMER_KEY)
    QTest.keyClicks(page.token_fields["consumer_secret"].edit, woo.CONSUMER_SECRET)
    ok(dialog)

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    keys = memory_keyring.passwords
    assert keys[(SERVICE, "token:woocommerce-key:shop.example")] == woo.CONSUMER_KEY
    assert keys[(SERVICE, "token:woocommerce:shop.example")] == woo.CONSUMER_SECRET
    text = store.path.read_text()
    assert woo.CONSUMER_KEY not in text and woo.CONSUMER_SECRET not in text


def test_test_connection_answers_in_words_without_saving(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring, shopify: FakeShopify
) -> None:
    store = SettingsFile(tmp_path / "config")
    configure(store, StoreSettings(kind="shopify", address=DOMAIN, api_url=shopify.url))
    dialog = SettingsDialog(store, page="store", secrets=SecretStore())
    qtbot.addWidget(dialog)
    page = dialog.store_page
    QTest.keyClicks(page.token_fields["token"].edit, "shpat_not_the_right_one")

    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=WAIT_MS)
    assert "Could not connect" in page.result_label.text()
    assert "refused" in page.result_label.text()

    page.token_fields["token"].edit.setText(TOKEN)
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=WAIT_MS)
    assert "3 products can be read" in page.result_label.text()
    assert memory_keyring.passwords == {}  # nothing saved before OK
    page.check.wait(5)


# -- the running app ------------------------------------------------------------------------
def test_store_products_and_orders_reach_the_panels_and_failures_show(  # type: ignore[no-untyped-def]
    qtbot: QtBot,
    make_studio,
    targets,
    black_hole,
    settings_store: SettingsFile,
    shopify: FakeShopify,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    shopify.orders = [
        order_node(1001, soon, [line_item(1, 1, "SKU-1", 2, "1.99")]),
        order_node(1002, soon, [line_item(2, 3, "SKU-3", 1, "3.99")]),
    ]
    SecretStore().set_token("shopify:my-shop", TOKEN)
    configure(settings_store, StoreSettings(kind="shopify", address=DOMAIN, api_url=shopify.url))
    targets.targets = [LiveTarget("Stalled", black_hole.url("key"))]  # live without a server

    studio = quick_studio(make_studio, settings_store, tmp_path / "data")
    show = studio.show
    assert show is not None
    dock = studio.window.shop_dock
    panel, sales = dock.catalog_panel, dock.sales_panel
    assert panel is not None and sales is not None

    def titles() -> set[str]:
        model = panel.model
        return {model.product(row).title for row in range(model.rowCount())}

    qtbot.waitUntil(lambda: {"Item 1", "Item 2", "Item 3"} <= titles(), timeout=WAIT_MS)
    # "connecting…" until the first whole poll (products, then orders) is through.
    qtbot.waitUntil(lambda: panel.store_status.warning == "", timeout=WAIT_MS)
    # Practising: the store's orders belong to a live show, not to the practice book.
    assert sales.book_line.text().startswith("Practice")
    qtbot.waitUntil(lambda: sales.snapshot is not None, timeout=WAIT_MS)
    assert sales.snapshot is not None and sales.snapshot.totals.units == 0

    QTest.mouseClick(studio.window.controls.go_live, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sales.book_line.text().startswith("LIVE"), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: sales.snapshot is not None and sales.snapshot.totals.units == 3, timeout=WAIT_MS
    )
    assert str(sales.snapshot.totals.revenue.amount) == "7.97"

    shopify.answer = lambda _request: Answer(500, {"errors": "Internal error"})
    assert show.store_sync_now is not None
    show.store_sync_now()  # the next poll, now
    qtbot.waitUntil(lambda: "retrying" in panel.store_status.warning, timeout=WAIT_MS)
    assert "server error" in panel.store_status.warning
    assert {"Item 1", "Item 2", "Item 3"} <= titles()  # the last good products stay
    assert panel.store_status.retry_button.isVisibleTo(panel)

    shopify.answer = shopify.respond
    QTest.mouseClick(panel.store_status.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.store_status.warning == "", timeout=WAIT_MS)
    live = show.live_show  # the status turns OK once the orders are merged
    assert live is not None and show.phase is ShowPhase.LIVE
    assert show.ledger.totals(live.id).units == 3  # no order counted twice
    assert sales.total.text() == "3 units · $7.97"


def test_a_refused_token_warns_until_the_settings_fix_it(  # type: ignore[no-untyped-def]
    qtbot: QtBot,
    make_studio,
    settings_store: SettingsFile,
    shopify: FakeShopify,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    secrets = SecretStore()
    secrets.set_token("shopify:my-shop", "shpat_revoked_0000")
    account = StoreSettings(kind="shopify", address=DOMAIN, api_url=shopify.url)
    configure(settings_store, account)

    studio = quick_studio(make_studio, settings_store, tmp_path / "data")
    panel = studio.window.shop_dock.catalog_panel
    assert panel is not None
    qtbot.waitUntil(lambda: "token refused" in panel.store_status.warning, timeout=WAIT_MS)
    assert "shpat_revoked_0000" not in panel.store_status.warning
    assert panel.store_status.retry_button.isVisibleTo(panel)

    secrets.set_token("shopify:my-shop", TOKEN)  # as the Store page does on OK …
    configure(settings_store, account)  # … before saving the same settings
    qtbot.waitUntil(lambda: panel.store_status.warning == "", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Item 2" in titles_listed(panel), timeout=WAIT_MS)

    configure(settings_store, StoreSettings())  # the store is switched off
    assert studio.show is not None and studio.show.store_status is None
    qtbot.waitUntil(panel.store_status.isHidden, timeout=WAIT_MS)


def test_retry_reads_a_token_saved_after_the_store_gave_up(  # type: ignore[no-untyped-def]
    qtbot: QtBot,
    make_studio,
    settings_store: SettingsFile,
    shopify: FakeShopify,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    configure(settings_store, StoreSettings(kind="shopify", address=DOMAIN, api_url=shopify.url))
    studio = quick_studio(make_studio, settings_store, tmp_path / "data")  # no token saved
    panel = studio.window.shop_dock.catalog_panel
    assert panel is not None
    qtbot.waitUntil(lambda: "no token saved" in panel.store_status.warning, timeout=WAIT_MS)

    SecretStore().set_token("shopify:my-shop", TOKEN)  # saved elsewhere, settings unchanged
    QTest.mouseClick(panel.store_status.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.store_status.warning == "", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Item 3" in titles_listed(panel), timeout=WAIT_MS)


def titles_listed(panel: CatalogPanel) -> set[str]:
    model = panel.model
    return {model.product(row).title for row in range(model.rowCount())}  # type: ignore[union-attr]


def test_no_store_set_up_shows_nothing(make_studio) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    panel = studio.window.shop_dock.catalog_panel
    assert isinstance(studio.show, Show) and studio.show.store_status is None
    assert panel.store_status.isHidden()
