"""A tiny real show (temp SQLite catalog, live on a manual clock) and its Catalog tab, for
the product form and deal control tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pytestqt.qtbot import QtBot

from studio.clock import ManualClock
from studio.shop import Catalog, Ledger, Money, Product, Variant
from studio.shop.live import ShopLive
from studio.show.show import Show
from studio.ui.shop.catalog_panel import CatalogPanel
from studio.ui.side_panel import SidePanelDock


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


@dataclass
class Tab:
    show: Show
    catalog: Catalog
    ledger: Ledger
    live: ShopLive
    clock: ManualClock
    panel: CatalogPanel

    def select(self, product_id: str) -> None:
        row = self.panel.model.row_of(product_id)
        assert row is not None
        self.panel.view.selectRow(row)


@contextmanager
def catalog_tab(tmp_path: Path, qtbot: QtBot) -> Iterator[Tab]:
    """The Catalog tab of a dock over a live show ("Friday drop": claims take real stock);
    the dock's worker ends and the show closes on leaving."""
    catalog = Catalog.open(tmp_path / "shop.sqlite")
    catalog.add(
        Product(
            id="mug", code="1", sku="MUG", title="Enamel Mug", description="Keeps tea hot",
            price=usd("14.50"), stock=2, images=["https://img.example/mug-2.jpg"],
        )
    )  # fmt: skip
    catalog.add(
        Product(
            id="tee", code="2", title="Tee", price=usd("20.00"),
            variants=[Variant(sku="TEE-S", options={"Size": "S"}, price=usd("21.00"), stock=4)],
        )
    )  # fmt: skip
    clock = ManualClock()
    show = Show(catalog, clock=clock)
    show.go_live("Friday drop")
    dock = SidePanelDock(show=show)
    qtbot.addWidget(dock)
    dock.resize(560, 900)
    dock.show()
    assert dock.catalog_panel is not None
    try:
        yield Tab(show, catalog, show.ledger, show.shop, clock, dock.catalog_panel)
    finally:
        dock.close_shop()
        show.close()
        catalog.close()
