"""The report's PDF page: the show's figures, formatted here (exact Decimal money to text),
laid out by :mod:`studio.render.report_pdf` (Qt's PDF writer, behind the render boundary)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from studio.render.report_pdf import ReportTable, Swatch, render_report_pdf
from studio.shop.ledger_model import Show, ShowTotals
from studio.shop.money_format import format_money
from studio.shop.report.chart import one_line_label
from studio.shop.report.clip_links import FeaturedClip, clock_text
from studio.shop.report.palette import ProductKey

HEADERS = ("Product", "Units sold", "Revenue", "Waitlisted")
RECORDING_HEADER = "In the recording"


def report_pdf(
    show: Show,
    totals: ShowTotals,
    rows: Sequence[tuple[ProductKey, bool]],
    chart_svg: bytes,
    lines: list[str],
    locale: str,
    clips: Mapping[str, Sequence[FeaturedClip]] | None = None,
) -> bytes:
    """The chart and the per-product table: ``rows`` are the report's products in order,
    each with whether it was featured (its row then carries the band's swatch); products
    without sales show zeros. The TOTAL row equals the CSV's. ``clips``: where each featured
    product first is in the recording, and its clip's file name once cut (a last column,
    when the show was recorded or its clips cut)."""
    clips = clips or {}
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
    headers: tuple[str, ...] = HEADERS
    footer: tuple[str, ...] = ("TOTAL", str(totals.units), format_money(totals.revenue, locale), "")
    firsts = [_first_time(clips.get(key.product_id, ())) for key, _ in rows]
    if any(text for text, _ in firsts):  # a narrow column (the page is only so wide)
        headers, footer = (*headers, RECORDING_HEADER), (*footer, "")
        cells = [(*row, text) for row, (text, _) in zip(cells, firsts, strict=True)]
        lines = [*lines, *_recording_lines(firsts, clips)]
    table = ReportTable(
        headers=headers,
        rows=cells,
        right_aligned=frozenset(range(1, len(headers))),  # the gap goes before each
        swatches=swatches,
        footer=footer,
    )
    return render_report_pdf(show.name, lines, chart_svg, table)


def _first_time(featured: Sequence[FeaturedClip]) -> tuple[str, str]:
    """``("00:12:34 · clip", "show.mkv")``: where the product first came on in the first
    recording, and whether its clip is in the folder; ("", "") when neither is known."""
    if not featured:
        return "", ""
    first = featured[0]
    time = (clock_text(first.times[0].at_s), first.times[0].recording) if first.times else None
    parts = [time[0]] if time else []
    if first.clip is not None:
        parts.append("clip")
    return " · ".join(parts), time[1] if time else ""


def _recording_lines(
    firsts: Sequence[tuple[str, str]], clips: Mapping[str, Sequence[FeaturedClip]]
) -> list[str]:
    recordings = list(dict.fromkeys(name for _, name in firsts if name))
    lines = [f"Times: when each product came on screen in {', '.join(recordings)}."]
    if any(c.clip for featured in clips.values() for c in featured):
        lines.append("Clips: CODE-title.mp4 in this folder, linked from summary.html.")
    return lines if recordings else lines[1:]
