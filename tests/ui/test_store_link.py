"""The online store in the window: settings page, keyring, catalog, sales, warnings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.settings import SecretStore, SettingsFile
from studio.settings.store_account import StoreSettings
from studio.ui.settings import SettingsDialog
from studio.ui.shop.store_link import StoreLink
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


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real back-off is seconds; the behaviour under test is the same with milliseconds.
    options = {"initial_backoff_s": 0.01, "max_attempts": 2, "request_timeout_s": 2.0}
    monkeypatch.setattr(StoreLink, "connector_options", options)


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
    settings_store: SettingsFile,
    shopify: FakeShopify,
    memory_keyring: MemoryKeyring,
) -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    shopify.orders = [
        order_node(1001, soon, [line_item(1, 1, "SKU-1", 2, "1.99")]),
        order_node(1002, soon, [line_item(2, 3, "SKU-3", 1, "3.99")]),
    ]
    SecretStore().set_token("shopify:my-shop", TOKEN)
    configure(settings_store, StoreSettings(kind="shopify", address=DOMAIN, api_url=shopify.url))

    studio = make_studio()
    dock = studio.window.shop_dock
    panel, sales = dock.catalog_panel, dock.sales_panel
    link = studio.shop.context.store_link

    def titles() -> set[str]:
        model = panel.model
        return {model.product(row).title for row in range(model.rowCount())}

    qtbot.waitUntil(lambda: {"Item 1", "Item 2", "Item 3"} <= titles(), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: sales.snapshot is not None and sales.snapshot.totals.units == 3, timeout=WAIT_MS
    )
    assert str(sales.snapshot.totals.revenue.amount) == "7.97"
    assert panel.store_status.warning == ""

    shopify.answer = lambda _request: Answer(500, {"errors": "Internal error"})
    link.sync_now()
    qtbot.waitUntil(lambda: "retrying" in panel.store_status.warning, timeout=WAIT_MS)
    assert "server error" in panel.store_status.warning
    assert {"Item 1", "Item 2", "Item 3"} <= titles()  # the last good products stay
    assert panel.store_status.retry_button.isVisibleTo(panel)

    shopify.answer = shopify.respond
    panel.store_status.retry_button.click()
    qtbot.waitUntil(lambda: panel.store_status.warning == "", timeout=WAIT_MS)
    context = studio.shop.context  # the status turns OK once the orders are merged
    assert context.ledger.totals(context.show_id).units == 3  # no order counted twice


def test_a_refused_token_warns_until_the_settings_fix_it(  # type: ignore[no-untyped-def]
    qtbot: QtBot,
    make_studio,
    settings_store: SettingsFile,
    shopify: FakeShopify,
    memory_keyring: MemoryKeyring,
) -> None:
    secrets = SecretStore()
    secrets.set_token("shopify:my-shop", "shpat_revoked_0000")
    account = StoreSettings(kind="shopify", address=DOMAIN, api_url=shopify.url)
    configure(settings_store, account)

    studio = make_studio()
    panel = studio.window.shop_dock.catalog_panel
    qtbot.waitUntil(lambda: "token refused" in panel.store_status.warning, timeout=WAIT_MS)
    assert "shpat_revoked_0000" not in panel.store_status.warning

    secrets.set_token("shopify:my-shop", TOKEN)  # as the Store page does on OK …
    configure(settings_store, account)  # … before saving the same settings
    qtbot.waitUntil(lambda: panel.store_status.warning == "", timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: "Item 2" in {p.title for p in panel.catalog.products()}, timeout=WAIT_MS
    )

    configure(settings_store, StoreSettings())  # the store is switched off
    link = studio.shop.context.store_link
    assert link.connector is None and link.status is None
    assert panel.store_status.isHidden()


def test_no_store_set_up_shows_nothing(make_studio) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    panel = studio.window.shop_dock.catalog_panel
    assert studio.shop.context.store_link.status is None
    assert panel.store_status.isHidden()
