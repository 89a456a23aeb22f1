"""After the show, in the window: a show recorded while live carries one chapter per featured
product, End Show's notice offers Export clips…, and the dialog cuts one clip per product
(vertical ones too when ticked) with a progress bar, Cancel saying what was written, and the
report linking each product to its clip. After a crash, the restored show's recording cut
short gets its chapters from the ledger.

Everything the host does is a real click; the show goes live to nginx-rtmp on loopback. With
LIVESHOP_SCREENSHOTS=DIR the dialog is kept as the host saw it, before and after.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from studio.scene import save_collection
from studio.shop import Catalog, Ledger, Money, Product
from studio.show.live_snapshot import LiveSnapshot
from studio.ui.app import Studio, create_studio
from studio.ui.clips_export import FAILURE_COLOUR, ClipsExportDialog
from studio.ui.destinations import LiveTarget
from studio.ui.shop.clips_work import ClipsSetup
from tests.clips.helpers import ffprobe
from tests.shop.test_report_clip_links import table
from tests.support.nginx_rtmp import RtmpServer
from tests.ui.conftest import Targets, small_show
from tests.ui.real_input import choose_from_menu_bar, click

FPS = 30
FRAME_S = 1 / FPS
STREAM_KEY = "clips-show"
PRODUCTS = ["sample-1", "sample-2", "sample-4"]  # Classic Hoodie, Enamel Mug, Wool Socks


def screenshot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("LIVESHOP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def rendered_frames(studio: Studio) -> int:
    return studio.bridge.session.stats()[0].video.rendered_frames


def on_air_for_a_second(studio: Studio, qtbot: QtBot) -> None:
    """The show runs on (30 more frames made) before the host's next click."""
    before = rendered_frames(studio)
    qtbot.waitUntil(lambda: rendered_frames(studio) > before + FPS, timeout=10_000)


def record_and_go_live(studio: Studio, qtbot: QtBot) -> None:
    """Record first, then Go Live: the recording is noted in the show when it goes live."""
    controls = studio.window.controls
    click(controls.record)
    qtbot.waitUntil(lambda: studio.bridge.recording, timeout=10_000)
    click(controls.go_live)
    sales = studio.window.shop_dock.sales_panel
    assert sales is not None
    qtbot.waitUntil(lambda: sales.book_line.text().startswith("LIVE"), timeout=10_000)
    qtbot.waitUntil(lambda: controls.elapsed.text().startswith("LIVE"), timeout=20_000)


def feature(studio: Studio, qtbot: QtBot, product_id: str) -> None:
    """Catalog tab: click the product's row, then Feature."""
    dock = studio.window.shop_dock
    catalog = dock.catalog_panel
    assert catalog is not None and studio.show is not None
    tabs = dock.tabs
    click(tabs.tabBar(), tabs.tabBar().tabRect(tabs.indexOf(catalog)).center())
    view, model = catalog.view, catalog.model
    row = next(r for r in range(model.rowCount()) if model.product(r).id == product_id)
    cell = view.visualRect(model.index(row, model.TITLE)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    click(catalog.feature_button)
    shop = studio.show.shop
    qtbot.waitUntil(lambda: shop.featured is not None and shop.featured.id == product_id)
    on_air_for_a_second(studio, qtbot)


def end_show(studio: Studio, qtbot: QtBot) -> Path:
    """End Show (the report's notice comes; the recording goes on); the recording's path."""
    recording = studio.bridge.recording_path
    assert recording is not None
    click(studio.window.controls.go_live)  # End Show (make_studio's confirmation says yes)
    qtbot.waitUntil(lambda: report_notice(studio) is not None, timeout=30_000)
    return recording


def stop_recording(studio: Studio, qtbot: QtBot) -> None:
    controls = studio.window.controls
    click(controls.record)
    qtbot.waitUntil(lambda: controls.recording_status.saved_path is not None, timeout=20_000)


def report_notice(studio: Studio):  # type: ignore[no-untyped-def]
    return next((t for t in studio.window.toasts.toasts() if "Show report" in t.message), None)


def open_export_from_the_notice(studio: Studio, qtbot: QtBot) -> ClipsExportDialog:
    notice = report_notice(studio)
    assert notice is not None
    buttons = {b.text(): b for b in notice.action_buttons()}
    assert list(buttons) == ["Open folder", "Export clips…"]
    click(buttons["Export clips…"])
    exporter = studio.window.clips_export
    qtbot.waitUntil(lambda: exporter.dialog is not None and exporter.dialog.isVisible())
    assert exporter.dialog is not None
    return exporter.dialog


def export_and_wait(dialog: ClipsExportDialog, qtbot: QtBot) -> None:
    click(dialog.export)
    assert dialog.job is not None
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=120_000)


def clip_lines(dialog: ClipsExportDialog) -> list[str]:
    return [dialog.results.item(i).text() for i in range(dialog.results.count())]


def duration_s(path: Path) -> float:
    return float(ffprobe(path, "-show_format")["format"]["duration"])


@pytest.fixture
def opened_folders() -> list[Path]:
    return []


@pytest.fixture
def live_show(  # type: ignore[no-untyped-def]
    make_studio, targets: Targets, rtmp_server: RtmpServer, opened_folders: list[Path]
) -> Studio:
    targets.targets = [LiveTarget("nginx", rtmp_server.url(STREAM_KEY))]
    studio = make_studio()
    studio.window.clips_export.open_folder = opened_folders.append  # no file manager here
    return studio


@pytest.mark.e2e
@pytest.mark.slow
def test_a_recorded_show_gets_chapters_and_its_clips_from_the_end_show_notice(
    live_show: Studio, qtbot: QtBot, opened_folders: list[Path]
) -> None:
    studio = live_show
    assert studio.show is not None
    ledger = studio.show.ledger
    record_and_go_live(studio, qtbot)
    for product_id in PRODUCTS:
        feature(studio, qtbot, product_id)
    recording = end_show(studio, qtbot)
    stop_recording(studio, qtbot)

    # The recording: noted in the ledger when the show went live, one chapter per product.
    [show] = ledger.shows()
    [noted] = ledger.recordings(show.id)
    assert Path(noted.path) == recording.resolve()
    intervals = ledger.featured_intervals(show.id)
    assert [i.product_id for i in intervals] == PRODUCTS
    found = ffprobe(recording, "-show_chapters")["chapters"]
    assert [c["tags"]["title"] for c in found] == [
        "1 — Classic Hoodie",
        "2 — Enamel Mug",
        "4 — Wool Socks",
    ]
    for chapter, interval in zip(found, intervals, strict=True):
        assert interval.end is not None
        start_s = (interval.start - noted.started_at).total_seconds()
        end_s = (interval.end - noted.started_at).total_seconds()
        assert float(chapter["start_time"]) == pytest.approx(start_s, abs=FRAME_S)
        assert float(chapter["end_time"]) == pytest.approx(end_s, abs=FRAME_S)

    # Export clips… from End Show's notice: the recording and the report folder are chosen.
    dialog = open_export_from_the_notice(studio, qtbot)
    [report] = [p.parent for p in recording.parent.glob("*/summary.html")]
    assert dialog.recording.currentData() == (recording.resolve(), noted.canvas)
    assert Path(dialog.folder.text()) == report
    assert not dialog.vertical.isChecked() and not dialog.limit.isChecked()
    screenshot(dialog, "1-export-clips-before")
    export_and_wait(dialog, qtbot)
    screenshot(dialog, "2-export-clips-after")

    names = ["1-classic-hoodie.mp4", "2-enamel-mug.mp4", "4-wool-socks.mp4"]
    assert sorted(p.name for p in report.glob("*.mp4")) == sorted(names)
    lines = clip_lines(dialog)
    assert [line.split(" · ")[0] for line in lines] == names
    assert "3 clips written to" in dialog.status.text()
    for name, interval in zip(names, intervals, strict=True):
        assert interval.end is not None
        length_s = (interval.end - interval.start).total_seconds()
        # Cut at the keyframe at or before the product came on (2 s apart at most).
        assert length_s - FRAME_S <= duration_s(report / name) <= length_s + 2.0
    click(dialog.open_folder)
    assert opened_folders == [report]

    # The report was written again: each product's row links its clip, with its time.
    rows = table(report / "summary.html")
    for (title, name), interval in zip(
        [("Classic Hoodie", names[0]), ("Enamel Mug", names[1]), ("Wool Socks", names[2])],
        intervals,
        strict=True,
    ):
        cells, links = rows[title]
        assert links and set(links) == {name}
        assert (report / name).is_file()
        at_s = int((interval.start - noted.started_at).total_seconds())
        clock = f"{at_s // 3600:02d}:{at_s % 3600 // 60:02d}:{at_s % 60:02d}"
        assert cells[-1] == f"at {clock} in {recording.name} · clip"
    click(dialog.cancel)  # "Close" once it is done
    assert not dialog.isVisible()

    # File → Export clips… opens it again for the show that ended last, its folder found.
    choose_from_menu_bar(studio.window.menuBar(), "File", "Export clips…")
    again = studio.window.clips_export.dialog
    assert again is not None and again is not dialog and again.isVisible()
    assert again.setup.show.id == show.id and Path(again.folder.text()) == report
    assert again.recording.currentData() == (recording.resolve(), noted.canvas)


def test_export_clips_before_any_show_ended_says_so(make_studio, qtbot: QtBot) -> None:
    studio = make_studio()
    choose_from_menu_bar(studio.window.menuBar(), "File", "Export clips…")
    qtbot.waitUntil(lambda: bool(studio.window.toasts.messages()))
    assert studio.window.toasts.messages() == [
        "No show has ended yet: clips are cut from a show's recording after End Show."
    ]
    assert studio.window.clips_export.dialog is None


@pytest.mark.e2e
@pytest.mark.slow
def test_vertical_clips_and_cancel_say_what_was_written(live_show: Studio, qtbot: QtBot) -> None:
    studio = live_show
    record_and_go_live(studio, qtbot)
    feature(studio, qtbot, "sample-2")
    on_air_for_a_second(studio, qtbot)  # two seconds of the mug: a vertical clip to cancel
    recording = end_show(studio, qtbot)

    # Opened at once, the recording is still being written: it cannot be cut until it closes.
    dialog = open_export_from_the_notice(studio, qtbot)
    assert dialog.recording.currentIndex() == -1
    assert dialog.recording.itemText(0) == f"{recording.name} (Main) — still being recorded"
    assert "is still being recorded: stop recording" in dialog.status.text()
    click(dialog.export)
    assert dialog.job is None and dialog.status.text() == "Choose the show's recording first."
    stop_recording(studio, qtbot)
    assert dialog.recording.currentData() == (recording.resolve(), "Main")
    assert dialog.recording.currentText() == f"{recording.name} (Main)"
    out = Path(dialog.folder.text())

    click(dialog.vertical)
    export_and_wait(dialog, qtbot)
    landscape, vertical = out / "2-enamel-mug.mp4", out / "2-enamel-mug-vertical.mp4"
    assert [line.split(" · ")[0] for line in clip_lines(dialog)] == [landscape.name, vertical.name]
    streams = {s["codec_type"]: s for s in ffprobe(vertical, "-show_streams")["streams"]}
    assert (streams["video"]["width"], streams["video"]["height"]) == (1080, 1920)
    assert (streams["video"]["codec_name"], streams["audio"]["codec_name"]) == ("h264", "aac")
    assert recording.is_file()

    # Again, cancelled while the vertical clip is being cut: the landscape one is written.
    for clip in (landscape, vertical):
        clip.unlink()
    click(dialog.export)
    assert dialog.cancel.text() == "Cancel"
    qtbot.waitUntil(lambda: dialog.progress.value() > 500, timeout=60_000)  # the second half
    click(dialog.cancel)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60_000)
    assert dialog.outcome is not None and dialog.outcome.result.cancelled
    assert dialog.status.text().startswith("Cancelled: 1 clip written before it stopped")
    assert clip_lines(dialog) == [line for line in clip_lines(dialog) if landscape.name in line]
    assert landscape.is_file() and not vertical.exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no half-written file


@pytest.mark.e2e
@pytest.mark.slow
def test_closing_the_app_while_recording_a_live_show_writes_its_chapters(
    tmp_path: Path, qtbot: QtBot, targets: Targets, settings_store, rtmp_server: RtmpServer
) -> None:
    targets.targets = [LiveTarget("nginx", rtmp_server.url(STREAM_KEY))]
    data = tmp_path / "data"
    data.mkdir()
    save_collection(small_show(), data / "collection.json")
    studio = create_studio(
        data, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        store=settings_store, destinations=targets, open_settings=targets.open_settings,
        confirm_end_show=lambda _parent: True,
    )  # fmt: skip
    qtbot.addWidget(studio.window)
    studio.window.show()
    try:  # Go Live first, then Record: the recording is noted in the show as it starts
        click(studio.window.controls.go_live)
        qtbot.waitUntil(lambda: studio.window.controls.elapsed.text().startswith("LIVE"),
                        timeout=20_000)  # fmt: skip
        qtbot.waitUntil(lambda: studio.show is not None and studio.show.live_show is not None)
        click(studio.window.controls.record)
        live, ledger = studio.show.live_show, studio.show.ledger  # type: ignore[union-attr]
        assert live is not None
        # Noted once its first frame is on disk (the encoder's next keyframe).
        qtbot.waitUntil(lambda: bool(ledger.recordings(live.id)), timeout=10_000)
        feature(studio, qtbot, "sample-2")
        recording = studio.bridge.recording_path
    finally:
        studio.close()  # the app quits mid-show, recording
    assert recording is not None
    with Catalog.open(folder=data) as catalog:
        reopened = Ledger(catalog)
        [show] = reopened.shows()
        [noted] = reopened.recordings(show.id)
        [interval] = reopened.featured_intervals(show.id)
    assert show.ended_at is not None and Path(noted.path) == recording.resolve()
    [chapter] = ffprobe(recording, "-show_chapters")["chapters"]
    assert chapter["tags"]["title"] == "2 — Enamel Mug"
    start_s = (interval.start - noted.started_at).total_seconds()
    assert float(chapter["start_time"]) == pytest.approx(start_s, abs=FRAME_S)


# -- the dialog on its own ---------------------------------------------------------------


def short_recording(path: Path, seconds: float) -> Path:
    """A Matroska recording with no chapters, as one cut short by a crash is: h264 with a
    keyframe a second and no B-frames, as the studio records."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc=size=160x90:rate={FPS}",
         "-t", str(seconds), "-c:v", "libx264", "-g", str(FPS), "-bf", "0", str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path


def add_products(catalog: Catalog, titles: dict[str, str]) -> None:
    """Products ``p{code}`` at $5.00, three in stock."""
    for code, title in titles.items():
        catalog.add(Product(id=f"p{code}", code=code, title=title,
                            price=Money.of("5.00", "USD"), stock=3))  # fmt: skip


def feature_at(
    ledger: Ledger,
    show_id: int,
    began: datetime,
    now: list[datetime],
    schedule: tuple[tuple[float, str | None], ...],
) -> None:
    """Feature each product (None: clear) at its second after ``began`` on the ledger's clock."""
    for seconds, product_id in schedule:
        now[0] = began + timedelta(seconds=seconds)
        if product_id is None:
            ledger.clear_feature(show_id)
        else:
            ledger.feature(show_id, product_id)


def test_a_clip_that_cannot_be_cut_is_named_with_its_reason_and_the_limit_applies(
    tmp_path: Path, qtbot: QtBot
) -> None:
    recording = short_recording(tmp_path / "show.mkv", 4.0)
    began = datetime.now(UTC) - timedelta(hours=1)
    now = [began]
    catalog = Catalog.open(folder=tmp_path / "shop")
    add_products(catalog, {"7": "Mug", "8": "Lamp"})
    ledger = Ledger(catalog, clock=lambda: now[0])
    show = ledger.start_show("Night", "USD")
    ledger.add_recording(show.id, "Main", str(recording), began)
    # the lamp: long after the recording
    feature_at(ledger, show.id, began, now, ((0.2, "p7"), (3.8, None), (60.0, "p8"), (70.0, None)))
    show = ledger.end_show(show.id)
    out = tmp_path / "clips"
    dialog = ClipsExportDialog(ClipsSetup(ledger=ledger, show=show, out=out))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.max_seconds.isEnabled()
    click(dialog.limit)
    assert dialog.max_seconds.isEnabled()
    QTest.keyClick(dialog.max_seconds, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dialog.max_seconds, "3")  # of the mug's 3.6 s
    assert dialog.max_seconds.value() == 3

    export_and_wait(dialog, qtbot)
    assert dialog.outcome is not None and not dialog.outcome.result.cancelled
    [clip, failure] = clip_lines(dialog)
    assert clip.startswith("7-mug.mp4 · 7 — Mug · 0 sold")
    assert failure.startswith("No clip of 8 — Lamp: it was on screen from ")
    assert failure.endswith("outside the recording")
    assert dialog.results.item(1).foreground().color() == FAILURE_COLOUR
    assert "1 clip written to" in dialog.status.text()
    assert "1 could not be cut: each is named below with the reason." in dialog.status.text()
    assert 3.0 - FRAME_S <= duration_s(out / "7-mug.mp4") <= 3.0 + 1.0  # keyframes 1 s apart
    assert sorted(p.name for p in out.iterdir()) == ["7-mug.mp4"]
    dialog.close()
    catalog.close()


# -- after a crash ----------------------------------------------------------------------


def test_the_restored_show_s_recording_cut_short_gets_its_chapters(
    make_studio, tmp_path: Path, qtbot: QtBot
) -> None:
    videos = tmp_path / "videos"
    videos.mkdir()
    recording = short_recording(videos / "show.mkv", 3.0)
    began = datetime.now(UTC) - timedelta(minutes=5)
    now = [began]
    with Catalog.open(folder=tmp_path / "data") as catalog:
        add_products(catalog, {"7": "Mug & <Co>", "8": "Lamp"})
        ledger = Ledger(catalog, clock=lambda: now[0])
        show = ledger.start_show("Crashed show", "USD")
        ledger.add_recording(show.id, "Main", str(recording), began)
        ledger.add_recording(show.id, "Main", str(videos / "gone.mkv"), began)
        feature_at(ledger, show.id, began, now, ((0.5, "p7"), (1.5, "p8"), (2.5, None)))
        # The show never ended: the crash.
    snapshot = LiveSnapshot(
        show_id=show.id, show_name=show.name, live_since=began, saved_at=began,
        featured_product_id=None,
    )  # fmt: skip

    studio = make_studio(restore_show=snapshot)

    def notices(part: str) -> list[str]:
        return [m for m in studio.window.toasts.messages() if part in m]

    qtbot.waitUntil(lambda: bool(notices("has its chapters again")), timeout=30_000)
    assert notices("has its chapters again") == [
        "The recording cut short by the crash has its chapters again: show.mkv (2 chapters)."
    ]
    [gone] = notices("gone.mkv")
    assert gone.startswith("Chapters for a recording cut short by the crash:")
    assert "is not there any more" in gone
    found = ffprobe(recording, "-show_chapters")["chapters"]
    assert [c["tags"]["title"] for c in found] == ["7 — Mug & <Co>", "8 — Lamp"]
    assert [float(c["start_time"]) for c in found] == pytest.approx([0.5, 1.5], abs=FRAME_S)
    assert [float(c["end_time"]) for c in found] == pytest.approx([1.5, 2.5], abs=FRAME_S)
    assert studio.recovered_chapters is not None and not studio.recovered_chapters.running
