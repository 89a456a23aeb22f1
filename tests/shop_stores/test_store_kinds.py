"""Store kinds are looked up by name and built from an account's address; tokens come from any
TokenSource, and a source that fails to answer is a missing credential with its own sentence."""

from __future__ import annotations

import pytest

from studio.shop import Catalog, Ledger
from studio.shop.stores import (
    STORE_KINDS,
    ShopifyConnector,
    ShopifySettings,
    StoreError,
    StoreErrorReason,
    StoreHealth,
    TokenSource,
    WooCommerceConnector,
    store_kind,
)
from tests.shop_stores import fake_woocommerce as woo
from tests.shop_stores.fake_shopify import TOKEN

SITE = "https://shop.example"


class Tokens:
    """A TokenSource that is not the keyring: the shop must not care which one it gets."""

    def __init__(self, **tokens: str) -> None:
        self.tokens = tokens
        self.asked: list[str] = []

    def get_token(self, name: str) -> str | None:
        self.asked.append(name)
        return self.tokens.get(name)


class Failing:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def get_token(self, name: str) -> str | None:
        raise self.error


def shopify(catalog: Catalog, secrets: TokenSource) -> ShopifyConnector:
    # Nothing listens there: each test fails before a request is sent.
    settings = ShopifySettings(shop="my-shop", api_base_url="http://127.0.0.1:9")
    return ShopifyConnector(settings, catalog, secrets=secrets)


def test_every_kind_is_registered_under_its_name() -> None:
    assert dict(STORE_KINDS) == {"shopify": ShopifyConnector, "woocommerce": WooCommerceConnector}
    assert store_kind("woocommerce") is WooCommerceConnector


def test_an_unknown_kind_is_an_invalid_setting_that_names_it() -> None:
    with pytest.raises(StoreError) as raised:
        store_kind("magento")
    assert raised.value.reason is StoreErrorReason.INVALID_SETTINGS
    assert "'magento'" in raised.value.message
    assert "shopify, woocommerce" in raised.value.message


def test_a_connector_needs_a_token_source(catalog: Catalog) -> None:
    with pytest.raises(TypeError, match="secrets"):
        ShopifyConnector(ShopifySettings(shop="my-shop"), catalog)  # type: ignore[call-arg]


def test_a_source_that_cannot_answer_is_a_missing_credential_in_its_own_words(
    catalog: Catalog,
) -> None:
    connector = shopify(catalog, Failing(RuntimeError("The keyring is locked.")))
    report = connector.sync_once()
    assert report.error is not None
    assert report.error.reason is StoreErrorReason.NO_CREDENTIALS
    assert report.error.message == "The keyring is locked."
    assert connector.status.health is StoreHealth.FAILED

    silent = shopify(catalog, Failing(OSError()))
    silent.sync_once()
    assert silent.status.reason is StoreErrorReason.NO_CREDENTIALS
    assert silent.status.message == "Could not read the shopify:my-shop token (OSError)."


def test_a_store_error_from_the_source_passes_unchanged(catalog: Catalog) -> None:
    refused = StoreError(StoreErrorReason.AUTH_REFUSED, "The vault refused this app.")
    connector = shopify(catalog, Failing(refused))
    report = connector.sync_once()
    assert report.error is not None
    assert report.error.reason is StoreErrorReason.AUTH_REFUSED
    assert report.error.message == "The vault refused this app."


def test_shopify_is_built_from_its_shop_domain_and_api_address(catalog: Catalog) -> None:
    ledger = Ledger(catalog)
    tokens = Tokens(**{"shopify:my-shop": TOKEN})
    connector = ShopifyConnector.for_account(
        "my-shop.myshopify.com", "http://127.0.0.1:9", catalog, ledger,
        secrets=tokens, orders_interval_s=7.0,
    )  # fmt: skip
    assert isinstance(connector, ShopifyConnector)
    assert connector.settings.shop == "my-shop.myshopify.com"
    assert connector.settings.api_base_url == "http://127.0.0.1:9"
    assert connector.settings.orders_interval_s == 7.0
    assert connector.ledger is ledger and connector.secrets is tokens
    assert tokens.asked == []  # the token is read when it syncs


def test_woocommerce_reads_its_consumer_key_from_the_token_source(catalog: Catalog) -> None:
    tokens = Tokens(**{"woocommerce-key:shop.example": woo.CONSUMER_KEY})
    connector = WooCommerceConnector.for_account(
        "https://shop.example", None, catalog, None, secrets=tokens
    )
    assert connector.settings.consumer_key == woo.CONSUMER_KEY
    assert connector.settings.url == "https://shop.example"
    assert tokens.asked == ["woocommerce-key:shop.example"]


@pytest.mark.parametrize(
    ("source", "reason", "sentence"),
    [
        (Tokens(), StoreErrorReason.NO_CREDENTIALS, "No WooCommerce consumer key is saved"),
        (Failing(RuntimeError("Unlock the keyring.")), StoreErrorReason.NO_CREDENTIALS,
         "Unlock the keyring."),
    ],
)  # fmt: skip
def test_woocommerce_without_a_readable_consumer_key_says_so(
    catalog: Catalog, source: TokenSource, reason: StoreErrorReason, sentence: str
) -> None:
    with pytest.raises(StoreError) as raised:
        WooCommerceConnector.for_account(SITE, None, catalog, None, secrets=source)
    assert raised.value.reason is reason
    assert sentence in raised.value.message


@pytest.mark.parametrize(
    ("address", "sentence"),
    [
        ("shop", "'shop' is not a web address"),
        ("http://shop.example", "only sent over HTTPS"),
    ],
)
def test_woocommerce_refuses_an_address_before_asking_for_its_key(
    catalog: Catalog, address: str, sentence: str
) -> None:
    tokens = Tokens()
    with pytest.raises(StoreError) as raised:
        WooCommerceConnector.for_account(address, None, catalog, None, secrets=tokens)
    assert raised.value.reason is StoreErrorReason.INVALID_SETTINGS
    assert sentence in raised.value.message
    assert tokens.asked == []
