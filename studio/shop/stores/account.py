"""A connector from the store settings: the one place the CLI and the window build it.

Tokens come from the keyring under :func:`studio.settings.store_account.token_names`; a
script may hand them in instead (``overrides``, e.g. from environment variables), in which
case the keyring is not touched for them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from studio.logging_setup import register_secret
from studio.settings.secrets import SecretStore, SecretStoreError
from studio.settings.store_account import StoreSettings, token_names
from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.stores.base import StoreConnector
from studio.shop.stores.errors import StoreError, StoreErrorReason
from studio.shop.stores.shopify import ShopifyConnector, ShopifySettings
from studio.shop.stores.woocommerce import WooCommerceConnector, WooCommerceSettings

# Products change rarely and cost most (variants, images): polled this many times less often
# than orders, which a host watches during the show.
PRODUCTS_EVERY = 10


class TokenOverlay(SecretStore):
    """Tokens given by name win over the keyring (scripts without a keyring)."""

    def __init__(self, base: SecretStore, tokens: Mapping[str, str]) -> None:
        super().__init__(base.service)
        self._base = base
        self._tokens = {name: value for name, value in tokens.items() if value}
        for value in self._tokens.values():
            register_secret(value)  # masked in every log line, as keyring values are

    def get_token(self, name: str) -> str | None:
        if name in self._tokens:
            return self._tokens[name]
        return self._base.get_token(name)


def build_connector(
    account: StoreSettings,
    catalog: Catalog,
    ledger: Ledger | None = None,
    *,
    secrets: SecretStore,
    tokens: Mapping[str, str] | None = None,
    **poll_options: Any,
) -> StoreConnector:
    """The connector ``account`` describes (not started). ``tokens`` maps a role of
    :func:`token_names` (``token``, ``consumer_key``, ``consumer_secret``) to a value that
    replaces the keyring's; ``poll_options`` override :class:`PollSettings` fields. Raises
    StoreError (INVALID_SETTINGS, NO_CREDENTIALS) when the account cannot be used."""
    if not account.configured:
        raise StoreError(StoreErrorReason.INVALID_SETTINGS, "No online store is set up.")
    names = token_names(account.kind, account.address)
    given = {names[role]: value for role, value in (tokens or {}).items() if role in names}
    store = TokenOverlay(secrets, given)
    interval_s = float(account.poll_interval_s)
    options: dict[str, Any] = {
        "orders_interval_s": interval_s,
        "products_interval_s": interval_s * PRODUCTS_EVERY,
    } | poll_options
    if account.kind == "shopify":
        settings = ShopifySettings(shop=account.address, api_base_url=account.api_url, **options)
        return ShopifyConnector(settings, catalog, ledger, secrets=store)
    key = _consumer_key(store, names["consumer_key"])
    woo = WooCommerceSettings(url=account.address, consumer_key=key, **options)
    return WooCommerceConnector(woo, catalog, ledger, secrets=store)


def _consumer_key(secrets: SecretStore, name: str) -> str:
    # The connector takes the key as a setting; we keep it in the keyring like the secret.
    try:
        key = secrets.get_token(name)
    except SecretStoreError as error:
        raise StoreError(StoreErrorReason.NO_CREDENTIALS, str(error)) from None
    if not key:
        raise StoreError(
            StoreErrorReason.NO_CREDENTIALS,
            "No WooCommerce consumer key is saved: add it in Settings → Store.",
        )
    return key


def check_connection(
    account: StoreSettings,
    secrets: SecretStore,
    tokens: Mapping[str, str] | None = None,
    *,
    timeout_s: float = 10.0,
) -> str:
    """Read the store's products once into a throwaway catalog (the real one is untouched);
    a sentence saying what was found, or StoreError saying why not. No retries: the host is
    waiting for an answer."""
    with (
        tempfile.TemporaryDirectory(prefix="studio-store-check-") as folder,
        Catalog.open(Path(folder) / "check.sqlite") as catalog,
    ):
        connector = build_connector(
            account, catalog, secrets=secrets, tokens=tokens,
            request_timeout_s=timeout_s, max_attempts=1,
        )  # fmt: skip
        try:
            report = connector.sync_once()
        finally:
            connector.stop()
    if report.error is not None:
        raise report.error
    found = report.products.fetched if report.products is not None else 0
    return f"Connected to {connector.display_name}: {found} products can be read."
