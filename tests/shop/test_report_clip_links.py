"""The report says where each featured product is in the show's recording and links its row
to its clip, named as studio.clips names it, once that clip is in the report folder (and
never to a file that is not there)."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

from studio.clips.plan import plan_clips
from studio.clips.spans import product_spans
from studio.shop import Catalog, Ledger, Product
from studio.shop.report import write_report
from tests.shop.helpers import FakeClock, usd
from tests.shop.pdf_text import pdf_text
from tests.shop.report_shows import realistic_show


class Rows(HTMLParser):
    """The summary's table: each row's cells as text, and the links in each row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[list[str], list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append(([], []))
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a" and self.rows:
            self.rows[-1][1].append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1][0].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table(summary: Path) -> dict[str, tuple[list[str], list[str]]]:
    """By the product cell's text (the swatch is empty): the row's cells and links."""
    parser = Rows()
    parser.feed(summary.read_text(encoding="utf-8"))
    return {cells[0]: (cells, links) for cells, links in parser.rows if cells}


def clip_names(ledger: Ledger, show_id: int) -> list[str]:
    """The landscape clips studio.clips would write for the show, in the show's order."""
    started_at = ledger.recordings(show_id)[0].started_at
    spans = product_spans(ledger.featured_intervals(show_id), started_at)
    planned = plan_clips(spans, 3_600_000_000, entries=[], started_at=started_at,
                         max_seconds=None)  # fmt: skip
    return [clip.landscape_name for clip in planned]


def test_rows_say_where_each_product_is_in_the_recording_and_link_clips_that_exist(
    tmp_path: Path,
) -> None:
    ledger, show_id, on_air = realistic_show(tmp_path / "shop")
    # The host pressed Record 5 s before going on air.
    ledger.add_recording(
        show_id, "Main", str(tmp_path / "show.mkv"), on_air.start - timedelta(seconds=5)
    )
    folder = tmp_path / "report"

    write_report(ledger, show_id, folder, on_air=on_air)  # at End Show: no clips yet
    rows = table(folder / "summary.html")
    assert rows["Product"][0][-1] == "In the recording"
    # Featured on air + 0 s, + 580 s (20 s, then 7 sales 80 s apart) and + 1240 s: their
    # chapters in show.mkv start 5 s later.
    assert rows["Enamel Mug"][0][-1] == "at 00:00:05 in show.mkv"
    assert rows["Wool Socks"][0][-1] == "at 00:09:45 in show.mkv"
    assert rows["Silk Scarf"][0][-1] == "at 00:20:45 in show.mkv"
    assert all(links == [] for _, links in rows.values())

    # Two clips cut (the third failed): written again, the report links exactly those.
    names = clip_names(ledger, show_id)
    assert names == ["1-enamel-mug.mp4", "2-wool-socks.mp4", "3-silk-scarf.mp4"]
    for name in names[:2]:
        (folder / name).write_bytes(b"clip")
    (folder / "1-enamel-mug-vertical.mp4").write_bytes(b"clip")
    write_report(ledger, show_id, folder, on_air=on_air)
    rows = table(folder / "summary.html")
    assert rows["Enamel Mug"][1] == [
        "1-enamel-mug.mp4",
        "1-enamel-mug.mp4",
        "1-enamel-mug-vertical.mp4",
    ]
    assert rows["Enamel Mug"][0][-1] == "at 00:00:05 in show.mkv · clip · vertical clip"
    assert rows["Wool Socks"][1] == ["2-wool-socks.mp4", "2-wool-socks.mp4"]
    assert rows["Silk Scarf"][1] == []
    for _, links in rows.values():
        assert all((folder / link).is_file() for link in links)

    text = pdf_text(folder / "report.pdf")
    assert "In the recording" in text
    assert "Times: when each product came on screen in show.mkv." in text
    rows_text = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert rows_text["Enamel"].endswith("00:00:05 · clip")
    assert rows_text["Silk"].endswith("00:20:45")


def test_a_hostile_title_is_escaped_and_its_clip_link_is_a_plain_relative_file(
    tmp_path: Path,
) -> None:
    catalog = Catalog.open(folder=tmp_path / "shop")
    title = '"><script>alert(1)</script> Mug & <b>co</b>'
    catalog.add(Product(id="p1", code="7", title=title, price=usd("10.00"), stock=10))
    clock = FakeClock()
    ledger = Ledger(catalog, clock=clock)
    show = ledger.start_show("Night", "USD")
    ledger.add_recording(show.id, "Main", str(tmp_path / "a b.mkv"), clock())
    clock.advance(3725)
    ledger.feature(show.id, "p1")
    clock.advance(60)
    ledger.clear_feature(show.id)
    [name] = clip_names(ledger, show.id)
    assert name == "7-script-alert-1-script-mug-b-co-b.mp4"
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / name).write_bytes(b"clip")

    write_report(ledger, show.id, folder)
    page = (folder / "summary.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>co</b>" not in page
    rows = table(folder / "summary.html")
    cells, links = rows[title]
    assert links == [name, name]
    assert cells[-1] == "at 01:02:05 in a b.mkv · clip"


def test_a_show_that_was_not_recorded_has_no_recording_column(tmp_path: Path) -> None:
    ledger, show_id, on_air = realistic_show(tmp_path / "shop")
    write_report(ledger, show_id, tmp_path / "report", on_air=on_air)
    rows = table(tmp_path / "report" / "summary.html")
    assert rows["Product"][0] == ["Product", "Units", "Revenue", "Waitlisted"]
