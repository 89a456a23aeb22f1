"""Buyer names, product titles and SKUs come from strangers: the report's CSV files never hand
a spreadsheet a formula, and its HTML summary shows every one as text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from studio.shop import Catalog, Ledger, Product
from studio.shop.report import write_report
from studio.shop.report.csv_cells import text_cell
from tests.shop.helpers import FakeClock, usd

FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_cell_that_would_start_a_formula_is_text(cell: str) -> None:
    assert text_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Erin", "Mug = cup", "50% off", "", "ąčę 🎉", "'quoted"])
def test_ordinary_text_is_left_as_it_is(cell: str) -> None:
    assert text_cell(cell) == cell


def test_hostile_names_and_titles_reach_the_report_as_text(tmp_path: Path) -> None:
    catalog = Catalog.open(folder=tmp_path / "shop")
    title = '=HYPERLINK("http://evil.example","<script>alert(1)</script>")'
    catalog.add(Product(id="p1", title=title, sku="@SKU", price=usd("10.00"), stock=10, code="7"))
    ledger = Ledger(catalog, clock=FakeClock())
    show = ledger.start_show("<img src=x onerror=alert(1)>", "USD")
    for index, buyer in enumerate(FORMULAS):
        ledger.claim(show.id, "7", 1, buyer, external_id=f"c{index}")

    files = write_report(ledger, show.id, tmp_path / "report")

    rows = list(csv.DictReader(files.ledger_csv.open(encoding="utf-8", newline="")))
    assert [row["buyer"] for row in rows] == ["'" + buyer for buyer in FORMULAS]
    assert {row["title"] for row in rows} == {"'" + title}
    assert {row["sku"] for row in rows} == {"'@SKU"}
    for row in rows:  # every cell a spreadsheet would read, numbers included
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row.values())
    totals = list(csv.DictReader(files.totals_csv.open(encoding="utf-8", newline="")))
    assert totals[0]["title"] == "'" + title
    assert sum(int(row["quantity"]) for row in rows) == int(totals[-1]["units_sold"]) == 6

    page = files.summary_html.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
