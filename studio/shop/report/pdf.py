"""The report's PDF page: the show's figures, formatted here (exact Decimal money to text),
laid out by :mod:`studio.render.report_pdf` (Qt's PDF writer, behind the render boundary)."""

from __future__ import annotations

import numpy as np

from studio.render.report_pdf import ReportTable, render_report_pdf
from studio.shop.ledger_model import Show, ShowTotals
from studio.shop.money_format import format_money
from studio.shop.report.chart import product_colour

HEADERS = ("Product", "Units sold", "Revenue", "Waitlisted")


def report_pdf(
    show: Show, totals: ShowTotals, chart_rgb: np.ndarray, bucket_s: int, locale: str
) -> bytes:
    """The chart and the per-product totals table, with a TOTAL row equal to the CSV's."""
    rows: list[tuple[str, ...]] = [
        (t.title, str(t.units), format_money(t.revenue, locale), str(t.waitlisted_units))
        for t in totals.products
    ]
    table = ReportTable(
        headers=HEADERS,
        rows=rows,
        right_aligned=frozenset({1, 2, 3}),
        swatches=[product_colour(i) for i in range(len(rows))],
        footer=("TOTAL", str(totals.units), format_money(totals.revenue, locale), ""),
    )
    units = "unit" if totals.units == 1 else "units"
    lines = [
        f"Started {show.started_at.isoformat()} · {totals.units} {units} · "
        f"{format_money(totals.revenue, locale)}",
        f"Revenue per {bucket_s} s, featured products shaded; per-product revenue below.",
    ]
    return render_report_pdf(show.name, lines, chart_rgb, table)
