"""`studio catalog sync`: pull the store's products (and a show's orders) into the catalog.

The store is ``--shopify DOMAIN`` or ``--woocommerce URL``, else the one set up in the
settings. Tokens come from the keyring, or from STUDIO_SHOPIFY_TOKEN / STUDIO_WOO_KEY and
STUDIO_WOO_SECRET for scripts. Exit codes: 0 synced; 1 the store failed (the reason is
printed: refused token, unreachable host, malformed answer…); 2 the command could not start.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from studio.settings.secrets import SecretStore, keyring_available
from studio.settings.settings_file import SettingsFile
from studio.settings.store_account import StoreSettings
from studio.shop import Catalog, Ledger, ShopDatabaseError
from studio.shop.stores import OrderCounts, StoreConnector, StoreError, StoreErrorReason
from studio.shop.stores.errors import masked
from studio.shop.stores.sync import merge_orders
from studio.show.store_account import build_connector

ENV_TOKENS = {  # role of store_account.token_names → environment variable
    "token": "STUDIO_SHOPIFY_TOKEN",
    "consumer_key": "STUDIO_WOO_KEY",
    "consumer_secret": "STUDIO_WOO_SECRET",
}
WHAT_FAILED = {
    StoreErrorReason.AUTH_REFUSED: "token refused",
    StoreErrorReason.UNREACHABLE: "store unreachable",
    StoreErrorReason.TIMEOUT: "store did not answer",
    StoreErrorReason.SERVER_ERROR: "store server error",
    StoreErrorReason.RATE_LIMITED: "rate limited",
    StoreErrorReason.REQUEST_REFUSED: "request refused",
    StoreErrorReason.MALFORMED: "malformed response",
    StoreErrorReason.QUERY_FAILED: "query failed",
    StoreErrorReason.NO_CREDENTIALS: "no token",
    StoreErrorReason.INVALID_SETTINGS: "store settings",
}
# The command could not start (exit 2) rather than the store failing (exit 1).
NOT_STARTED = frozenset({StoreErrorReason.NO_CREDENTIALS, StoreErrorReason.INVALID_SETTINGS})


class UsageError(Exception):
    pass


def add_parser(actions: Any) -> None:
    sync = actions.add_parser(
        "sync", help="import products (and a show's orders) from Shopify or WooCommerce"
    )
    where = sync.add_mutually_exclusive_group()
    where.add_argument("--shopify", metavar="DOMAIN", help="the shop: my-shop.myshopify.com")
    where.add_argument("--woocommerce", metavar="URL", help="the site: https://shop.example")
    sync.add_argument(
        "--api", metavar="URL", help="Shopify's API address instead of https://DOMAIN (tests)"
    )
    sync.add_argument(
        "--orders-since", metavar="ISO", help="also merge orders created after this time"
    )
    sync.add_argument("--show", metavar="NAME", help="the show whose ledger gets the orders")
    sync.add_argument("--catalog", type=Path, help="catalog file (default: the user's one)")
    sync.add_argument(
        "--settings-folder", type=Path, help="settings folder (default: the user's one)"
    )
    sync.add_argument("--timeout", type=float, default=10.0, help="seconds per request (10)")
    sync.add_argument(
        "--retries", type=int, default=3, help="retries of a failed request, with back-off (3)"
    )
    sync.set_defaults(run=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    try:
        account = _account(args)
        since = _since(args)
    except UsageError as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2
    try:
        with Catalog.open(args.catalog) as catalog:
            return _sync(args, account, since, catalog)
    except ShopDatabaseError as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2


def _account(args: argparse.Namespace) -> StoreSettings:
    if args.shopify:
        account = StoreSettings(kind="shopify", address=args.shopify, api_url=args.api)
    elif args.woocommerce:
        if args.api:
            raise UsageError("--api is for Shopify; give the WooCommerce site as its URL")
        account = StoreSettings(kind="woocommerce", address=args.woocommerce)
    else:
        account = SettingsFile(args.settings_folder).settings.store
        if not account.configured:
            raise UsageError(
                "no store given: pass --shopify DOMAIN or --woocommerce URL, "
                "or set up the store in the app's Settings → Store"
            )
        if args.api:
            account = account.model_copy(update={"api_url": args.api})
    problems = account.problems()
    if problems:
        raise UsageError(problems[0].removeprefix("Store: "))
    if args.retries < 0 or args.timeout <= 0:
        raise UsageError("--retries must be 0 or more and --timeout above 0")
    return account


def _since(args: argparse.Namespace) -> datetime | None:
    if args.orders_since is None:
        return None
    if not args.show:
        raise UsageError("--orders-since needs --show NAME (the show that gets the orders)")
    try:
        since = datetime.fromisoformat(args.orders_since)
    except ValueError:
        raise UsageError(
            f"--orders-since {args.orders_since!r} is not a date and time "
            "(like 2026-11-01T18:00:00Z)"
        ) from None
    return since if since.tzinfo is not None else since.astimezone()  # naive: local time


def _sync(
    args: argparse.Namespace, account: StoreSettings, since: datetime | None, catalog: Catalog
) -> int:
    tokens = {role: os.environ.get(name, "") for role, name in ENV_TOKENS.items()}
    try:
        connector = build_connector(
            account,
            catalog,
            secrets=SecretStore(),
            tokens=tokens,
            request_timeout_s=args.timeout,
            max_attempts=args.retries + 1,
        )
    except StoreError as error:
        return _failed(error)
    try:
        report = connector.sync_once()
        if report.error is not None:
            return _failed(report.error)
        counts = report.products
        assert counts is not None  # a forced sync always fetches the products
        print(
            f"{connector.display_name}: {counts.fetched} products: {counts.added} added, "
            f"{counts.updated} updated, {counts.unchanged} unchanged, "
            f"{len(counts.skipped)} skipped"
        )
        for problem in counts.skipped:
            print(f"  skipped {problem}")
        if args.show:
            return _merge_orders(connector, catalog, args.show, since)
        return 0
    finally:
        connector.stop()


def _merge_orders(
    connector: StoreConnector, catalog: Catalog, show_name: str, since: datetime | None
) -> int:
    ledger = Ledger(catalog)
    show = ledger.find_show(show_name)
    if show is None and since is None:
        print(f"studio: there is no show named {show_name!r}", file=sys.stderr)
        return 2
    if show is None:
        currency = getattr(connector, "currency", None) or _catalog_currency(catalog)
        show = ledger.start_show(show_name, currency, started_at=since)
    start = since or show.started_at
    counts = OrderCounts()
    try:
        orders, problems = connector.fetch_orders(start)
    except StoreError as error:
        return _failed(error)
    counts.unmatched.extend(problems)
    merge_orders(ledger, show.id, connector.kind, orders, counts)
    print(
        f"{show.name}: {counts.orders_seen} orders since {start.isoformat()}: "
        f"{counts.lines_recorded} new lines, {counts.lines_already_recorded} already recorded, "
        f"{len(counts.unmatched)} unmatched"
    )
    for problem in counts.unmatched:
        print(f"  unmatched {problem}")
    return 0


def _catalog_currency(catalog: Catalog) -> str:
    for product in catalog.products():
        return str(product.price.currency)
    return "USD"


def _failed(error: StoreError) -> int:
    what = WHAT_FAILED.get(error.reason, error.reason.value)
    message = masked(error.message)
    if error.reason is StoreErrorReason.NO_CREDENTIALS and not keyring_available():
        names = " / ".join(ENV_TOKENS.values())
        message += f" (There is no system keyring here: set {names} instead.)"
    print(f"studio: catalog sync failed ({what}): {message}", file=sys.stderr)
    return 2 if error.reason in NOT_STARTED else 1
