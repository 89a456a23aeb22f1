"""`studio catalog sync` against the local fake stores: summaries, orders, and failures named."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from studio.cli.main import main
from studio.settings import AppSettings, SecretStore, SettingsFile
from studio.settings.store_account import StoreSettings
from studio.shop import Catalog, Ledger
from tests.shop_stores import fake_woocommerce as woo
from tests.shop_stores.fake_shopify import (
    TOKEN,
    FakeShopify,
    line_item,
    order_node,
    simple_product,
)

REPO = Path(__file__).resolve().parents[2]
DOMAIN = "my-shop.myshopify.com"


@pytest.fixture
def shopify() -> Iterator[FakeShopify]:
    orders = [
        order_node(1001, "2026-11-01T17:59:00Z", [line_item(1, 1, "SKU-1", 5, "1.99")]),  # before
        order_node(1002, "2026-11-01T18:05:00Z", [line_item(2, 2, "SKU-2", 2, "2.99")]),
        order_node(1003, "2026-11-01T18:07:00Z", [line_item(3, 3, "SKU-3", 1, "3.99")]),
    ]
    server = FakeShopify([simple_product(n, price=f"{n}.99") for n in range(1, 6)], orders)
    yield server
    server.close()


def sync(*args: str) -> int:
    return main(["catalog", "sync", *args])


def test_shopify_sync_prints_what_changed(
    shopify: FakeShopify, secrets: SecretStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets.set_token("shopify:my-shop", TOKEN)
    db = str(tmp_path / "catalog.sqlite")

    assert sync("--shopify", DOMAIN, "--api", shopify.url, "--catalog", db) == 0
    assert "5 products: 5 added, 0 updated, 0 unchanged, 0 skipped" in capsys.readouterr().out

    shopify.products[0]["variants"]["nodes"][0]["price"] = "9.50"
    assert sync("--shopify", DOMAIN, "--api", shopify.url, "--catalog", db) == 0
    assert "5 products: 0 added, 1 updated, 4 unchanged, 0 skipped" in capsys.readouterr().out
    with Catalog.open(Path(db)) as catalog:
        product = catalog.get("shopify-product-1")
        assert product is not None and product.price.amount == Decimal("9.50")


def test_orders_since_a_time_go_to_the_named_show_once(
    shopify: FakeShopify, secrets: SecretStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets.set_token("shopify:my-shop", TOKEN)
    db = str(tmp_path / "catalog.sqlite")
    args = ["--shopify", DOMAIN, "--api", shopify.url, "--catalog", db,
            "--orders-since", "2026-11-01T18:00:00Z", "--show", "Friday"]  # fmt: skip

    assert sync(*args) == 0
    out = capsys.readouterr().out
    assert "Friday: 2 orders since 2026-11-01T18:00:00+00:00: 2 new lines" in out
    assert sync(*args) == 0  # the same orders again: deduplicated by order id
    assert "0 new lines, 2 already recorded" in capsys.readouterr().out
    with Catalog.open(Path(db)) as catalog:
        ledger = Ledger(catalog)
        show = ledger.find_show("Friday")
        assert show is not None
        totals = ledger.totals(show.id)
        assert totals.units == 3
        assert totals.revenue.amount == Decimal("9.97")  # 2 × 2.99 + 3.99
    assert shopify.order_queries[0] == "created_at:>'2026-11-01T18:00:00Z'"


def test_a_refused_token_is_named_and_never_printed(
    shopify: FakeShopify, secrets: SecretStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets.set_token("shopify:my-shop", "shpat_wrong_token_42")
    code = sync("--shopify", DOMAIN, "--api", shopify.url, "--catalog", str(tmp_path / "c.db"))
    captured = capsys.readouterr()
    assert code == 1
    assert "catalog sync failed (token refused)" in captured.err
    assert "shpat_wrong_token_42" not in captured.err + captured.out


def test_an_unreachable_host_is_named(
    secrets: SecretStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets.set_token("shopify:my-shop", TOKEN)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    code = sync("--shopify", DOMAIN, "--api", closed, "--retries", "0",
                "--catalog", str(tmp_path / "c.db"))  # fmt: skip
    assert code == 1
    assert "catalog sync failed (store unreachable)" in capsys.readouterr().err


def test_usage_problems_exit_2(
    secrets: SecretStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.db")
    assert sync("--shopify", DOMAIN, "--orders-since", "2026-11-01", "--catalog", db) == 2
    assert "--orders-since needs --show" in capsys.readouterr().err
    assert sync("--shopify", DOMAIN, "--catalog", db) == 2  # no token anywhere
    assert "No Shopify access token is saved" in capsys.readouterr().err
    empty = tmp_path / "no-settings"
    assert sync("--settings-folder", str(empty), "--catalog", db) == 2
    assert "no store given" in capsys.readouterr().err


def test_without_a_flag_the_store_of_the_settings_is_used(
    shopify: FakeShopify, secrets: SecretStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets.set_token("shopify:my-shop", TOKEN)
    store = SettingsFile(tmp_path / "config")
    account = StoreSettings(kind="shopify", address=DOMAIN, api_url=shopify.url)
    store.save(AppSettings(store=account))
    code = sync("--settings-folder", str(store.folder), "--catalog", str(tmp_path / "c.db"))
    assert code == 0
    assert "shopify:my-shop.myshopify.com: 5 products: 5 added" in capsys.readouterr().out


def test_woocommerce_from_a_script_with_tokens_in_the_environment(tmp_path: Path) -> None:
    server = woo.FakeWooCommerce([woo.simple_product(n) for n in (1, 2, 3)])
    env = {
        **os.environ,
        "STUDIO_WOO_KEY": woo.CONSUMER_KEY,
        "STUDIO_WOO_SECRET": woo.CONSUMER_SECRET,
    }
    try:
        result = subprocess.run(
            [sys.executable, "-m", "studio", "catalog", "sync", "--woocommerce", server.url,
             "--catalog", str(tmp_path / "c.db")],
            capture_output=True, text=True, timeout=60, env=env, cwd=REPO,
        )  # fmt: skip
    finally:
        server.close()
    assert result.returncode == 0, result.stderr
    assert "3 products: 3 added, 0 updated, 0 unchanged, 0 skipped" in result.stdout
    assert woo.CONSUMER_SECRET not in result.stdout + result.stderr
