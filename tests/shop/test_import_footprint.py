"""A scene's sources need the shop's models and money, not its database: loading every source
kind (as opening any scene does) loads no SQLite, ledger or catalog code, and the shop's names
still load on first use."""

from __future__ import annotations

from tests.support.fresh_interpreter import loaded_after

DATABASE = ("sqlite3", "studio.shop.database", "studio.shop.ledger", "studio.shop.catalog")


def test_the_source_kinds_load_without_the_shop_database() -> None:
    assert loaded_after("import studio.capture, studio.scene", DATABASE) == []


def test_the_shop_names_load_on_first_use() -> None:
    import studio.shop as shop
    from studio.shop.ledger import Ledger
    from studio.shop.money import Money

    assert shop.Ledger is Ledger and shop.Money is Money
    assert sorted(shop.__all__) == sorted(set(shop.__all__))
    for name in shop.__all__:
        assert getattr(shop, name) is not None
