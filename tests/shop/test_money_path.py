"""Money from the product file to the screen and the report: Decimal all the way, never a float.

Two prices, 19.99 (a float cannot hold it) and 12345678901234.56 (sixteen digits: a float's sum
of three loses the cents), are imported, sold and claimed, then read where the host and the
accountant read them: the catalog list, the product card, the Sales tab, the CSV and the PDF.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import studio.shop.money as money_module
from studio.capture.shop_overlays import ProductCardSettings, card_view
from studio.clock import ManualClock
from studio.shop import Catalog
from studio.shop.importing import import_file
from studio.shop.money_format import format_money
from studio.shop.report import write_report
from studio.show.show import Show
from studio.ui.shop.catalog_model import CatalogModel
from studio.ui.shop.sales_panel import SalesPanel
from studio.ui.shop.shop_bridge import ShopBridge
from studio.ui.shop.thumbnails import THUMBNAIL_PX, ThumbnailCache
from tests.shop.helpers import FakeClock
from tests.shop.pdf_text import pdf_text

PRODUCTS_CSV = """title,sku,price,currency,stock,code
Tote Bag,TOTE,19.99,USD,10,5
Gold Bar,GOLD,12345678901234.56,USD,3,6
"""
HUGE = Decimal("12345678901234.56")
TOTAL = HUGE * 3 + Decimal("19.99") * 3  # 37037036703763.65


@pytest.fixture
def amounts_reaching_money(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every amount given to Money (its validator and ``Money.of`` call ``parse_amount``)."""
    seen: list[object] = []
    real = money_module.parse_amount

    def spy(value: object) -> Decimal:
        seen.append(value)
        return real(value)

    monkeypatch.setattr(money_module, "parse_amount", spy)
    yield seen
    assert seen, "the spy saw no amount: Money no longer calls parse_amount"
    assert not [v for v in seen if isinstance(v, float)], "a float reached Money"
    assert {type(v) for v in seen} <= {Decimal, int, str}


def sell(folder: Path) -> Show:
    """The live show "Gold rush": two gold bars sold by hand, one claimed, three totes."""
    catalog = Catalog.open(folder=folder)
    (folder / "products.csv").write_text(PRODUCTS_CSV, encoding="utf-8")
    report = import_file(folder / "products.csv", catalog)
    assert [str(p.price.amount) for p in report.imported] == ["19.99", "12345678901234.56"]
    show = Show(catalog, clock=ManualClock(), owns_catalog=True)
    clock = FakeClock()
    show.ledger.clock = clock
    show.go_live("Gold rush")
    gold = catalog.by_code("6")
    assert gold is not None
    show.shop.feature(gold.id)
    show.record_sale(gold.id, 2)  # a manual sale
    clock.advance(30)
    show.shop.claim("6", 1, "Ann")  # a comment-to-buy claim
    show.shop.claim("5", 3, "Bob")
    return show


def test_every_amount_is_exact_from_import_to_report(
    tmp_path: Path, qtbot: QtBot, amounts_reaching_money: list[object]
) -> None:
    with closing(sell(tmp_path)) as show:
        check_every_amount(show, tmp_path, qtbot)


def check_every_amount(show: Show, tmp_path: Path, qtbot: QtBot) -> None:
    catalog, ledger, live = show.catalog, show.ledger, show.shop
    assert show.live_show is not None and live.show_id == show.live_show.id
    show_id = live.show_id

    stored = catalog.database.query("SELECT price_minor, document FROM products ORDER BY code")
    assert stored[1][0] == 1234567890123456  # integer minor units, summed exactly in SQL
    assert '"amount":"12345678901234.56"' in stored[1][1]  # a string in the document

    totals = ledger.totals(show_id)
    assert totals.revenue.amount == TOTAL and str(TOTAL) == "37037036703763.65"
    assert [(t.title, t.revenue.amount) for t in totals.products] == [
        ("Gold Bar", HUGE * 3),
        ("Tote Bag", Decimal("59.97")),
    ]

    # The Catalog tab's list.
    thumbnails = ThumbnailCache(THUMBNAIL_PX)
    model = CatalogModel(thumbnails)
    model.set_products(catalog.products())
    assert [model.index(r, model.PRICE).data() for r in range(2)] == [
        "$19.99",
        "$12,345,678,901,234.56",
    ]
    thumbnails.close()

    # The product card on stream.
    view = card_view(ProductCardSettings(), live, live.snapshot())
    assert view is not None and view.price == "$12,345,678,901,234.56"
    card_de = card_view(ProductCardSettings(locale="de_DE"), live, live.snapshot())
    assert card_de is not None and card_de.price == "12.345.678.901.234,56\u00a0$"

    # The Sales tab.
    bridge = ShopBridge(show)
    panel = SalesPanel(show, bridge)
    qtbot.addWidget(panel)
    try:
        assert panel.book_line.text() == "LIVE — Gold rush"
        qtbot.waitUntil(lambda: panel.total.text() == "6 units · $37,037,036,703,763.65")
        assert [panel.totals.index(r, 2).data() for r in range(2)] == [
            "$37,037,036,703,703.68",
            "$59.97",
        ]
    finally:
        bridge.close()

    # The report: CSV and PDF.
    files = write_report(ledger, show_id, tmp_path / "report")
    rows = list(csv.DictReader(files.totals_csv.open(encoding="utf-8")))
    assert [(r["title"], r["revenue"]) for r in rows] == [
        ("Gold Bar", "37037036703703.68"),
        ("Tote Bag", "59.97"),
        ("", "37037036703763.65"),
    ]
    entries = list(csv.DictReader(files.ledger_csv.open(encoding="utf-8")))
    assert [(e["unit_price"], e["total"]) for e in entries] == [
        ("12345678901234.56", "24691357802469.12"),
        ("12345678901234.56", "12345678901234.56"),
        ("19.99", "59.97"),
    ]
    assert files.report_pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(files.report_pdf)  # skips here when pdftotext is missing
    assert format_money(totals.revenue) == "$37,037,036,703,763.65"
    total_line = next(line for line in text.splitlines() if line.startswith("TOTAL"))
    assert total_line.split() == ["TOTAL", "6", "$37,037,036,703,763.65"]
    assert "$37,037,036,703,703.68" in text and "$59.97" in text
