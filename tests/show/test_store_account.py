"""A connector from the store settings: the kind comes from the registry, tokens from any
token source with the script's own tokens winning, and a connection check answers in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studio.settings.secrets import SecretStore
from studio.settings.store_account import StoreSettings
from studio.shop import Catalog
from studio.shop.stores import (
    STORE_KINDS,
    ShopifyConnector,
    StoreError,
    StoreErrorReason,
    WooCommerceConnector,
)
from studio.show.store_account import TokenOverlay, build_connector, check_connection
from tests.shop_stores import fake_woocommerce as woo
from tests.shop_stores.fake_shopify import TOKEN, FakeShopify, simple_product

DOMAIN = "my-shop.myshopify.com"


class Tokens:
    def __init__(self, **tokens: str) -> None:
        self.tokens = tokens

    def get_token(self, name: str) -> str | None:
        return self.tokens.get(name)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with Catalog.open(tmp_path / "catalog.sqlite") as opened:
        yield opened


@pytest.fixture
def shopify() -> Iterator[FakeShopify]:
    server = FakeShopify([simple_product(n) for n in range(1, 4)])
    yield server
    server.close()


def test_the_kind_is_looked_up_in_the_registry(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[Any, ...]] = []

    class StandIn(ShopifyConnector):
        @classmethod
        def for_account(cls, *args: Any, **options: Any) -> Any:
            built.append((*args, options["orders_interval_s"]))
            return super().for_account(*args, **options)

    monkeypatch.setitem(STORE_KINDS, "shopify", StandIn)
    account = StoreSettings(kind="shopify", address=DOMAIN, api_url="http://127.0.0.1:9")
    connector = build_connector(account, catalog, secrets=Tokens())
    assert type(connector) is StandIn
    assert built == [(DOMAIN, "http://127.0.0.1:9", catalog, None, 30.0)]
    assert connector.settings.products_interval_s == 300.0  # products every 10 order polls


def test_an_unknown_kind_names_itself(catalog: Catalog) -> None:
    account = StoreSettings.model_construct(kind="magento", address="https://shop.example")
    with pytest.raises(StoreError) as raised:
        build_connector(account, catalog, secrets=Tokens())
    assert raised.value.reason is StoreErrorReason.INVALID_SETTINGS
    assert "'magento'" in raised.value.message


def test_no_store_set_up_cannot_be_built(catalog: Catalog) -> None:
    with pytest.raises(StoreError, match="No online store is set up"):
        build_connector(StoreSettings(), catalog, secrets=Tokens())


def test_a_scripts_tokens_win_over_the_source_and_the_rest_come_from_it(
    catalog: Catalog,
) -> None:
    source = Tokens(**{"woocommerce:shop.example": "cs_from_the_keyring"})
    account = StoreSettings(kind="woocommerce", address="https://shop.example")
    connector = build_connector(
        account, catalog, secrets=source, tokens={"consumer_key": woo.CONSUMER_KEY, "token": "x"}
    )
    assert isinstance(connector, WooCommerceConnector)
    assert connector.settings.consumer_key == woo.CONSUMER_KEY
    assert connector.secrets.get_token("woocommerce:shop.example") == "cs_from_the_keyring"
    assert connector.secrets.get_token("shopify:my-shop") is None  # roles of another kind


def test_the_overlay_is_a_plain_token_source() -> None:
    overlay = TokenOverlay(Tokens(a="from-base"), {"b": "given", "c": ""})
    assert not isinstance(overlay, SecretStore)
    assert [overlay.get_token(name) for name in "abc"] == ["from-base", "given", None]


def test_check_connection_answers_with_what_it_can_read(
    catalog: Catalog, shopify: FakeShopify
) -> None:
    account = StoreSettings(kind="shopify", address=DOMAIN, api_url=shopify.url)
    found = check_connection(account, Tokens(**{"shopify:my-shop": TOKEN}))
    assert found == f"Connected to shopify:{DOMAIN}: 3 products can be read."
    assert len(catalog) == 0  # a throwaway catalog

    with pytest.raises(StoreError) as raised:
        check_connection(account, Tokens(**{"shopify:my-shop": "shpat_wrong_0000"}))
    assert raised.value.reason is StoreErrorReason.AUTH_REFUSED
