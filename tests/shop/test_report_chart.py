"""The report chart: drawn with matplotlib over the show's own time, with axes, time labels
and a legend; featured bands in the table's colours; vectors and text in the PDF; hostile
product titles shown as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import av
import numpy as np
import pytest

from studio.shop.report import report_products, write_report
from studio.shop.report.palette import hex_colour
from studio.shop.report.show_time import local_clock
from tests.shop.pdf_text import pdf_text
from tests.shop.report_shows import hostile_show, realistic_show

REPO = Path(__file__).resolve().parents[2]


def png_pixels(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return next(container.decode(video=0)).to_ndarray(format="rgb24")


def colour_counts(rgb: np.ndarray) -> Counter[tuple[int, int, int]]:
    flat = rgb.reshape(-1, 3)
    values, counts = np.unique(flat, axis=0, return_counts=True)
    return Counter({tuple(int(c) for c in v): int(n) for v, n in zip(values, counts, strict=True)})


def test_the_chart_spans_the_show_on_air_with_show_time_labels(tmp_path: Path) -> None:
    ledger, show_id, on_air = realistic_show(tmp_path / "shop")
    assert ledger.show(show_id).started_at < on_air.start  # the studio opened 10 min earlier
    files = write_report(ledger, show_id, tmp_path / "report", on_air=on_air)

    text = pdf_text(files.report_pdf)
    span = f"{local_clock(on_air.start)} to {local_clock(on_air.end)} (local time, 0:30:00)"
    assert span in text
    for label in ("0:00:00", "0:15:00", "0:30:00", "Show time (h:mm:ss from the start",
                  "Units sold (cumulative)", "Revenue (cumulative, USD)", "$576.88"):  # fmt: skip
        assert label in text, label
    assert "0:35:00" not in text and "0:40:00" not in text  # not the studio's uptime
    for title in ("Enamel Mug", "Wool Socks", "Silk Scarf"):
        assert f"Featured: {title}" in text  # the legend


def test_without_an_on_air_window_the_chart_spans_first_to_last_event(tmp_path: Path) -> None:
    ledger, show_id, _clock = hostile_show(tmp_path / "shop")  # an hour open before anything
    files = write_report(ledger, show_id, tmp_path / "report")
    first = ledger.featured_intervals(show_id)[0].start
    last = ledger.entries(show_id)[-1].at
    text = pdf_text(files.report_pdf)
    assert f"{local_clock(first)} to {local_clock(last)} (local time, 0:13:20)" in text
    assert "1:00:00" not in text


def test_featured_bands_have_the_colours_of_the_table_rows(tmp_path: Path) -> None:
    ledger, show_id, on_air = realistic_show(tmp_path / "shop")
    files = write_report(ledger, show_id, tmp_path / "report", on_air=on_air)
    keys = report_products(ledger, ledger.totals(show_id), ledger.featured_intervals(show_id))
    assert len({key.band for key in keys}) == 3

    counts = colour_counts(png_pixels(files.chart_png))
    for key in keys:  # each band fills a third of the plot: many pixels of exactly its colour
        assert counts[key.band] > 20_000, key
        assert counts[key.colour] > 1_000, key  # its strip along the top

    html = files.summary_html.read_text()
    for key in keys:
        row = next(line for line in html.splitlines() if key.title in line)
        assert f"background:{hex_colour(key.band)}" in row
        assert f"border:2px solid {hex_colour(key.colour)}" in row

    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the PDF page is not checked")
    subprocess.run([tool, "-r", "72", "-png", str(files.report_pdf), str(tmp_path / "page")],
                   check=True, timeout=60)  # fmt: skip
    page = colour_counts(png_pixels(next(tmp_path.glob("page*.png"))))
    for key in keys:
        assert page[key.band] > 5_000, key


def test_the_pdf_chart_is_vector_paths_and_text(tmp_path: Path) -> None:
    ledger, show_id, on_air = realistic_show(tmp_path / "shop")
    files = write_report(ledger, show_id, tmp_path / "report", on_air=on_air)
    pdf = files.report_pdf.read_bytes()
    assert b"/Subtype /Image" not in pdf  # no picture of the chart
    operators = 0
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        operators += len(re.findall(rb"[\d.]+ [\d.]+ l\n", content))
    assert operators > 100  # the step lines, grid, ticks and bands are drawn as paths
    assert "Units sold (cumulative)" in pdf_text(files.report_pdf)


def test_hostile_titles_are_shown_as_written_and_stay_in_the_figure(tmp_path: Path) -> None:
    ledger, show_id, _clock = hostile_show(tmp_path / "shop")
    files = write_report(ledger, show_id, tmp_path / "report")
    text = pdf_text(files.report_pdf)
    assert r"Featured: 2 for $30 $$ \frac{1}{2} ^_^ price" in text  # no mathtext
    assert "Featured: Super Super" in text and "…" in text  # shortened, not running off
    assert "מבצע" in text  # the right-to-left title reached the page
    lines = text.splitlines()
    assert not any(line.strip() == "with a line break" for line in lines)  # one line per row
    rgb = png_pixels(files.chart_png)
    assert rgb.shape[1] == 960 and rgb.shape[0] < 700
    html = files.summary_html.read_text()
    assert "&lt;b&gt;Night&lt;/b&gt;" in html and "<b>Night" not in html


def test_matplotlib_is_loaded_for_a_report_only_and_never_a_gui_backend(tmp_path: Path) -> None:
    script = f"""
import sys
from pathlib import Path
sys.path.insert(0, {str(REPO)!r})
import studio.ui.shop.sales_panel, studio.shop.report
assert "matplotlib" not in sys.modules, "imported at start"
from tests.shop.report_shows import realistic_show
from studio.shop.report import write_report
ledger, show_id, on_air = realistic_show(Path({str(tmp_path)!r}) / "shop")
write_report(ledger, show_id, Path({str(tmp_path)!r}) / "report", on_air=on_air)
assert "matplotlib" in sys.modules
gui = ("matplotlib.pyplot", "matplotlib.backends.backend_qt", "matplotlib.backends.backend_tk")
gui = [m for m in sys.modules if m.startswith(gui)]
assert not gui, gui
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                            cwd=REPO)  # fmt: skip
    assert result.returncode == 0, result.stderr
