"""A connector from the store settings: the one place the CLI and the window build it.

The kind is looked up in :data:`studio.shop.stores.STORE_KINDS`, which builds its connector
from the account's address. Tokens come from the token source (the keyring, a
:class:`studio.settings.secrets.SecretStore`) under
:func:`studio.settings.store_account.token_names`; a script may hand them in instead
(``tokens``, e.g. from environment variables), in which case the source is not asked for them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from studio.logging_setup import register_secret
from studio.settings.store_account import StoreSettings, token_names
from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.stores import StoreConnector, StoreError, StoreErrorReason, TokenSource, store_kind

# Products change rarely and cost most (variants, images): polled this many times less often
# than orders, which a host watches during the show.
PRODUCTS_EVERY = 10


class TokenOverlay:
    """Tokens given by name win over the base source (scripts without a keyring); a
    :class:`TokenSource` itself."""

    def __init__(self, base: TokenSource, tokens: Mapping[str, str]) -> None:
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
    secrets: TokenSource,
    tokens: Mapping[str, str] | None = None,
    **poll_options: Any,
) -> StoreConnector:
    """The connector ``account`` describes (not started). ``tokens`` maps a role of
    :func:`token_names` (``token``, ``consumer_key``, ``consumer_secret``) to a value that
    replaces the keyring's; ``poll_options`` override :class:`PollSettings` fields. Raises
    StoreError (INVALID_SETTINGS, NO_CREDENTIALS) when the account cannot be used."""
    if not account.configured:
        raise StoreError(StoreErrorReason.INVALID_SETTINGS, "No online store is set up.")
    connector_class = store_kind(account.kind)
    names = token_names(account.kind, account.address)
    given = {names[role]: value for role, value in (tokens or {}).items() if role in names}
    overlay = TokenOverlay(secrets, given)
    interval_s = float(account.poll_interval_s)
    options: dict[str, Any] = {
        "orders_interval_s": interval_s,
        "products_interval_s": interval_s * PRODUCTS_EVERY,
    } | poll_options
    return connector_class.for_account(
        account.address, account.api_url, catalog, ledger, secrets=overlay, **options
    )


def check_connection(
    account: StoreSettings,
    secrets: TokenSource,
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
