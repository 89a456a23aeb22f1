"""A scene's sources need the shop's models and money, not its database: loading every source
kind (as opening any scene does) loads no SQLite, ledger or catalog code, and the shop's names
still load on first use."""

from __future__ import annotations

import json
import subprocess
import sys

LOAD_EVERY_SOURCE_KIND = """
import json, sys
import studio.capture, studio.scene
database = ("sqlite3", "studio.shop.database", "studio.shop.ledger", "studio.shop.catalog")
print(json.dumps([name for name in database if name in sys.modules]))
"""


def test_the_source_kinds_load_without_the_shop_database() -> None:
    result = subprocess.run([sys.executable, "-c", LOAD_EVERY_SOURCE_KIND],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_shop_names_load_on_first_use() -> None:
    import studio.shop as shop
    from studio.shop.ledger import Ledger
    from studio.shop.money import Money

    assert shop.Ledger is Ledger and shop.Money is Money
    assert sorted(shop.__all__) == sorted(set(shop.__all__))
    for name in shop.__all__:
        assert getattr(shop, name) is not None
