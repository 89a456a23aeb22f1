"""The end-of-show PDF: a real PDF with the chart and the per-product totals of the ledger."""

from __future__ import annotations

import re
from pathlib import Path

from studio.shop.money_format import format_money
from studio.shop.report import write_report
from tests.shop.helpers import ledger_for, stocked_catalog
from tests.shop.pdf_text import page_count, pdf_text


def test_the_pdf_holds_the_chart_and_totals_matching_the_ledger(tmp_path: Path) -> None:
    catalog = stocked_catalog(tmp_path)
    ledger, clock = ledger_for(catalog)
    show = ledger.start_show("Friday Night", "USD")
    ledger.feature(show.id, "mug")
    ledger.claim(show.id, "1", 2, "ann")
    clock.advance(120)
    ledger.claim(show.id, "1", 1, "bob")  # waitlisted: the mugs are gone
    ledger.record_sale(show.id, "tee", 1, variant="TEE-M")
    files = write_report(ledger, show.id, tmp_path / "report")

    pdf = files.report_pdf.read_bytes()
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-64:]
    assert page_count(pdf) >= 1
    assert b"/Subtype /Image" not in pdf  # the chart is vectors (tests/shop/test_report_chart.py)

    text = pdf_text(files.report_pdf)
    totals = ledger.totals(show.id)
    assert "Friday Night" in text
    assert "Units sold (cumulative)" in text and "Revenue (cumulative, USD)" in text
    for total in totals.products:
        # the table's row (the chart's legend names the title too)
        rows = (re.split(r"\s{2,}", row.strip()) for row in text.splitlines())
        figures = next(cells for cells in rows if cells[0] == total.title)
        money = format_money(total.revenue)
        assert figures[1:] == [str(total.units), money, str(total.waitlisted_units)]
    total_line = next(row for row in text.splitlines() if row.strip().startswith("TOTAL"))
    assert re.split(r"\s{2,}", total_line.strip()) == ["TOTAL", "3", "$51.00"]
    assert str(totals.revenue.amount) == "51.00"  # 2 × 14.50 + 22.00
