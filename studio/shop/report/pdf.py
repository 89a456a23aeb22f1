"""The report's PDF page: the show's figures, formatted here (exact Decimal money to text),
laid out by :mod:`studio.render.report_pdf` (Qt's PDF writer, behind the render boundary)."""

from __future__ import annotations

from collections.abc import Sequence

from studio.render.report_pdf import ReportTable, Swatch, render_report_pdf
from studio.shop.ledger_model import Show, ShowTotals
from studio.shop.money_format import format_money
from studio.shop.report.chart import one_line_label
from studio.shop.report.palette import ProductKey

HEADERS = ("Product", "Units sold", "Revenue", "Waitlisted")


def report_pdf(
    show: Show,
    totals: ShowTotals,
    rows: Sequence[tuple[ProductKey, bool]],
    chart_svg: bytes,
    lines: list[str],
    locale: str,
) -> bytes:
    """The chart and the per-product table: ``rows`` are the report's products in order,
    each with whether it was featured (its row then carries the band's swatch); products
    without sales show zeros. The TOTAL row equals the CSV's."""
    by_id = {t.product_id: t for t in totals.products}
    cells: list[tuple[str, ...]] = []
    swatches: list[Swatch | None] = []
    zero = format_money(totals.revenue * 0, locale)
    for key, was_featured in rows:
        title = one_line_label(key.title, limit=None)  # a line break would overlap the next row
        total = by_id.get(key.product_id)
        if total is None:
            cells.append((title, "0", zero, "0"))
        else:
            cells.append((title, str(total.units), format_money(total.revenue, locale),
                          str(total.waitlisted_units)))  # fmt: skip
        swatches.append(Swatch(fill=key.band, edge=key.colour) if was_featured else None)
    table = ReportTable(
        headers=HEADERS,
        rows=cells,
        right_aligned=frozenset({1, 2, 3}),
        swatches=swatches,
        footer=("TOTAL", str(totals.units), format_money(totals.revenue, locale), ""),
    )
    return render_report_pdf(show.name, lines, chart_svg, table)
