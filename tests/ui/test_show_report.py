"""End Show writes the show's report (CSV, PNG, PDF) into the recordings folder and says where;
a folder that cannot be written is a notification naming it, never a crash."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from studio.shop import Catalog, Ledger
from studio.shop.report import report_folder_name
from studio.shop.report.show_time import local_clock
from studio.ui.app import Studio
from studio.ui.destinations import LiveTarget

REPORT_FILES = {"ledger.csv", "totals.csv", "sales.png", "report.pdf", "summary.html"}


def sales_say_live(studio: Studio) -> bool:
    """The Sales tab follows the show's ledger show: sales count from here on."""
    sales = studio.window.shop_dock.sales_panel
    return sales is not None and sales.book_line.text().startswith("LIVE")


def go_live_and_end(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    controls = studio.window.controls
    controls.go_live.click()
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=10_000)
    qtbot.waitUntil(lambda: sales_say_live(studio), timeout=10_000)
    controls.go_live.click()  # End Show
    assert not studio.bridge.live


def report_folders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def test_end_show_writes_the_report_into_the_recordings_folder(  # type: ignore[no-untyped-def]
    make_studio, targets, black_hole, qtbot, tmp_path: Path
) -> None:
    targets.targets = [LiveTarget("Stalled", black_hole.url("key"))]  # never connects
    studio = make_studio()
    show = studio.show
    assert show is not None
    videos = tmp_path / "videos"
    show.record_sale("sample-4", 5)  # practice, before Go Live: in no report

    studio.window.controls.go_live.click()
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=10_000)
    qtbot.waitUntil(lambda: sales_say_live(studio), timeout=10_000)
    show.record_sale("sample-2", 2)  # Enamel Mug, 14.50
    show.record_sale("sample-4", 1)  # Wool Socks, 9.99
    studio.window.controls.go_live.click()  # End Show

    def report_shown() -> bool:
        return any("Show report" in m for m in studio.window.toasts.messages())

    qtbot.waitUntil(report_shown, timeout=20_000)
    [folder] = report_folders(videos)
    assert folder.name.startswith("show-") and folder.name.endswith("-report")
    assert {p.name for p in folder.iterdir()} == REPORT_FILES
    [message] = [m for m in studio.window.toasts.messages() if "Show report" in m]
    assert str(folder) in message and "3 units, $38.99" in message
    totals = {row["product_id"]: row for row in csv.DictReader((folder / "totals.csv").open())}
    assert totals["sample-2"]["units_sold"] == "2" and totals["sample-2"]["revenue"] == "29.00"
    assert totals["sample-4"]["units_sold"] == "1" and totals["sample-4"]["revenue"] == "9.99"
    assert totals["TOTAL"]["units_sold"] == "3" and totals["TOTAL"]["revenue"] == "38.99"
    entries = list(csv.DictReader((folder / "ledger.csv").open()))
    assert [(e["product_id"], e["quantity"]) for e in entries] == [
        ("sample-2", "2"),
        ("sample-4", "1"),
    ]
    assert (folder / "sales.png").read_bytes().startswith(b"\x89PNG")
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF-")

    # A second End Show the same day: a new folder beside the first, which stays as it was.
    first_ledger = (folder / "ledger.csv").read_bytes()
    go_live_and_end(studio, qtbot)
    qtbot.waitUntil(lambda: len(report_folders(videos)) == 2, timeout=20_000)
    second = next(p for p in report_folders(videos) if p != folder)
    # Each Go Live names its show by the minute it started: within the same minute the two
    # names meet and the second folder takes "-2"; a minute later it has its own name.
    ended = show.ledger.shows()[-1]
    expected = report_folder_name(ended)
    assert second.name == (f"{expected}-2" if expected == folder.name else expected)
    qtbot.waitUntil(lambda: (second / "report.pdf").is_file(), timeout=20_000)
    assert (folder / "ledger.csv").read_bytes() == first_ledger


def test_a_recordings_folder_that_cannot_be_written_is_a_notification(  # type: ignore[no-untyped-def]
    make_studio, targets, black_hole, qtbot, tmp_path: Path
) -> None:
    targets.targets = [LiveTarget("Stalled", black_hole.url("key"))]
    videos = tmp_path / "videos"
    videos.write_text("a file where the recordings folder should be")
    studio = make_studio()

    go_live_and_end(studio, qtbot)

    def failure() -> list[str]:
        return [m for m in studio.window.toasts.messages() if "could not be written" in m]

    qtbot.waitUntil(lambda: bool(failure()), timeout=20_000)
    [message] = failure()
    assert str(videos) in message and "exists" in message.lower()
    assert videos.is_file()  # left alone
    assert studio.window.isVisible()


def test_the_report_spans_the_show_on_air_not_the_day_of_the_studio(  # type: ignore[no-untyped-def]
    make_studio, targets, black_hole, qtbot, tmp_path: Path
) -> None:
    # Today's show was opened in the ledger two hours ago (the studio ran since, off air).
    opened_at = datetime.now(UTC) - timedelta(hours=2)
    with Catalog.open(folder=tmp_path / "data") as catalog:
        Ledger(catalog).start_show(datetime.now().strftime("Show %Y-%m-%d"), "USD", opened_at)
    targets.targets = [LiveTarget("Stalled", black_hole.url("key"))]
    studio = make_studio()
    show = studio.show
    assert show is not None

    go_live = studio.window.controls.go_live
    went_live = datetime.now(UTC)
    QTest.mouseClick(go_live, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=10_000)
    qtbot.waitUntil(lambda: sales_say_live(studio), timeout=10_000)
    show.record_sale("sample-2", 1)
    QTest.mouseClick(go_live, Qt.MouseButton.LeftButton)  # End Show
    qtbot.waitUntil(
        lambda: any("Show report" in m for m in studio.window.toasts.messages()), timeout=20_000
    )
    [folder] = report_folders(tmp_path / "videos")

    summary = (folder / "summary.html").read_text(encoding="utf-8")
    clock = r"(\d\d:\d\d:\d\d)"
    span = re.search(rf"{clock} to {clock} \(local time, (\d+:\d\d:\d\d)\)", summary)
    assert span is not None, summary
    assert span[3].startswith("0:00:")  # seconds on air, not two hours of studio
    moments = {local_clock(went_live + timedelta(seconds=s)) for s in range(-1, 6)}
    assert span[1] in moments  # from Go Live
    assert local_clock(opened_at) not in summary
