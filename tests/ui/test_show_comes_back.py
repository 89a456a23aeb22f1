"""A show that comes back: the desktop app, live to nginx-rtmp with a product featured, a
comment pinned and a flash deal counting down, is killed with SIGKILL; started again, it offers
to restore the show, and after Go Live the platform receives the same product card, the same
pinned comment and the countdown with the time really left — and the sales ledger holds one
show, the same one, spanning both parts.

Each run of the app is its own process (``run_app``, offscreen), driven from inside by real
clicks and keys: run as ``python -m tests.ui.test_show_comes_back first|again FOLDER ID``, it
starts the app and, once the window is up, plays the host (see :func:`drive`); it tells the
test what happened as JSON lines on stdout. The recovery question is answered through
``run_app``'s ``ask``, as the other crash-recovery tests do.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from studio.capture.chat_overlay import PinnedCommentSettings, PinnedCommentSource
from studio.capture.color import ColorSettings
from studio.capture.shop_overlay_base import style_of
from studio.capture.shop_overlays import (
    FlashDealSettings,
    ProductCardSettings,
    ProductCardSource,
    card_view,
    deal_view,
)
from studio.chat import ChatLive
from studio.chat.message import ChatAuthor, Platform, make_message
from studio.clock import ManualClock
from studio.render.text import ensure_gui_app
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform, save_collection
from studio.settings import AppSettings, Destination, RecordingSettings, RecoveryGuard, SettingsFile
from studio.settings.model import VideoSettings
from studio.shop import Catalog, Ledger, Money
from studio.shop.live import ShopLive
from studio.show.live_snapshot import LiveSnapshot, read_snapshot, write_snapshot
from studio.ui.app import RECOVERY_QUESTION, offer_crash_recovery, show_recovery_question
from tests.chat_live.helpers import picture_of, started
from tests.settings.test_recovery import dead_pid
from tests.shop_overlays.test_card_e2e import luma_709
from tests.support.analysis import read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.ui.real_input import click, when_opens

REPO = Path(__file__).resolve().parents[2]
CANVAS_W, CANVAS_H = 640, 360
STREAM_KEY = "comes-back"
MUG = "sample-2"  # the sample catalog's Enamel Mug, $14.50
DEAL_PRICE = "9.99"
DEAL_S = 300  # long enough to outlive the crash and the restart on a slow machine
VIEWER, COMMENT = "Maya", "Is the mug dishwasher safe?"
BACKGROUND = (32, 48, 64)  # r, g, b: a plain backdrop the overlays are composited over
WAIT_S = 60.0
DOWN_S = 10  # from the deal's start to the restart, at least

CARD = ProductCardSettings(
    name="Card", width_px=300, height_px=110, font_size_px=20, show_image=False, show_qr=False
)
CARD_AT = Transform(x=10, y=240)
PINNED = PinnedCommentSettings(name="Pinned", font_size_px=18, max_width_px=300)
PINNED_AT = Transform(x=10, y=10)
DEAL = FlashDealSettings(name="Deal", font_size_px=28)
DEAL_AT = Transform(x=340, y=10)


def show_collection() -> SceneCollection:
    backdrop = ColorSettings(
        name="Backdrop", color="#{:02X}{:02X}{:02X}".format(*BACKGROUND), width=CANVAS_W,
        height=CANVAS_H,
    )  # fmt: skip
    return SceneCollection(
        name="Show that comes back",
        canvases=[
            Canvas(name="Main", width=CANVAS_W, height=CANVAS_H, fps=Fraction(30), scene="Live")
        ],
        scenes=[
            Scene(
                name="Live",
                items=[
                    SceneItem(id="backdrop", source=backdrop),
                    SceneItem(id="card", source=CARD, transform=CARD_AT),
                    SceneItem(id="pinned", source=PINNED, transform=PINNED_AT),
                    SceneItem(id="deal", source=DEAL, transform=DEAL_AT),
                ],
            )
        ],
    )


def prepare(folder: Path, server_url: str) -> str:
    """The host's studio before the show: the scenes, the canvas and one destination (its key
    goes to the keyring inside each run). Returns the destination's id."""
    (folder / "data").mkdir(parents=True)
    save_collection(show_collection(), folder / "data" / "collection.json")
    destination = Destination(name="nginx", server_url=server_url)
    SettingsFile(folder / "config").save(
        AppSettings(
            destinations=[destination],
            video=VideoSettings(canvas_width=CANVAS_W, canvas_height=CANVAS_H),
            recording=RecordingSettings(folder=folder / "videos"),
        )
    )
    return destination.id


# -- inside the app's process: the host --------------------------------------------------------


def report(**what: Any) -> None:
    print(json.dumps(what), flush=True)


def now() -> str:
    return datetime.now(UTC).isoformat()


def wait_until(condition: Callable[[], object], what: str, timeout_s: float = WAIT_S) -> None:
    """Keep the app's event loop running until ``condition`` holds."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def the_window() -> Any:
    from studio.ui.main_window import MainWindow

    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    return window


def open_tab(window: Any, panel: QWidget) -> None:
    tabs = window.shop_dock.tabs
    click(tabs.tabBar(), tabs.tabBar().tabRect(tabs.indexOf(panel)).center())


def retype(widget: QWidget, text: str) -> None:
    """Click into the field, select what is there and type over it, as a host does."""
    target = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    click(target)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


def go_live(window: Any) -> None:
    click(window.controls.go_live)
    wait_until(lambda: window.controls.elapsed.text().startswith("LIVE"), "the show on air")
    sales = window.shop_dock.sales_panel
    wait_until(lambda: sales.book_line.text().startswith("LIVE"), "the Sales tab's live show")


def first_part(window: Any) -> None:
    """Feature the mug from the Catalog, Go Live, start a flash deal on it, pin a comment."""
    dock = window.shop_dock
    wait_until(lambda: dock.catalog_panel is not None, "the shop panels")
    catalog, chat, show = dock.catalog_panel, dock.chat_panel, dock.show_core
    open_tab(window, catalog)
    wait_until(lambda: catalog.model.rowCount() > 0, "the catalog")
    row = next(r for r in range(catalog.model.rowCount()) if catalog.model.product(r).id == MUG)
    cell = catalog.view.visualRect(catalog.model.index(row, catalog.model.TITLE)).center()
    QTest.mouseClick(catalog.view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    QTest.mouseDClick(catalog.view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    wait_until(lambda: show.shop.featured is not None, "the mug featured")

    go_live(window)

    deals = catalog.deals
    retype(deals.deal_price, DEAL_PRICE)
    retype(deals.deal_seconds, str(DEAL_S))
    deal_before = now()
    click(deals.start_deal_button)
    deal_after = now()
    assert show.shop.flash_deal is not None, deals.deal_error.text()

    open_tab(window, chat)
    retype(chat.rehearsal_name, VIEWER)
    retype(chat.rehearsal_text, COMMENT)
    QTest.keyClick(chat.rehearsal_text, Qt.Key.Key_Return)

    def comment_row() -> int | None:
        rows = range(chat.filtered.rowCount())
        return next((r for r in rows if chat.filtered.message(r).text == COMMENT), None)

    wait_until(lambda: comment_row() is not None, "the comment in the Chat tab")
    index = chat.filtered.index(comment_row(), 0)
    click(chat.view.viewport(), chat.view.visualRect(index).center())
    click(chat.pin_button)
    wait_until(lambda: show.chat_live.pinned is not None, "the comment pinned")

    kept = Path(sys.argv[2]) / "data" / "live-show.json"

    def all_kept() -> bool:
        snapshot = read_snapshot(kept)
        return bool(snapshot and snapshot.pinned_comment and snapshot.flash_deal)

    wait_until(all_kept, "the show's state kept on disk")
    live = show.live_show
    report(ready=True, show_id=live.id, show_name=live.name, deal=[deal_before, deal_after])


def answer_end_show(box: QWidget) -> None:
    assert isinstance(box, QMessageBox)
    [end] = [b for b in box.buttons() if b.text().replace("&", "").lower() == "end show"]
    click(end)


def second_part(window: Any) -> None:
    """The restored show: Go Live carries it on; a few seconds on air; End Show."""
    from studio.ui.crash_notice import ShowRestoredNotice

    dock = window.shop_dock
    wait_until(lambda: dock.sales_panel is not None, "the shop panels")
    sales = dock.sales_panel
    open_tab(window, sales)  # the host looks at what Go Live will do
    wait_until(sales.next_show_row.isVisible, "the Sales tab's choice for Go Live")
    notice = window.findChild(ShowRestoredNotice)
    report(
        at_go_live=sales.next_show.currentText(),
        notice=notice.label.text() if notice is not None and notice.isVisible() else None,
    )

    went_live = now()
    go_live(window)
    session = window.bridge.session
    frames = session.stats()[0].video.rendered_frames
    wait_until(lambda: session.stats()[0].video.rendered_frames > frames + 120, "4 s on air")

    ending = now()
    when_opens("dialog", answer_end_show)
    click(window.controls.go_live)
    wait_until(lambda: not window.bridge.live, "the show off air")
    wait_until(lambda: any("Show report" in m for m in window.toasts.messages()), "the report")
    report(done=True, went_live=went_live, ending=ending)
    QApplication.quit()


def drive(part: str) -> None:
    try:
        window = the_window()
        if part == "first":
            first_part(window)
        else:
            second_part(window)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(3)  # never a hung app: the test sees the failure at once


def run_the_app(part: str, folder: Path, destination_id: str) -> int:
    import keyring

    from studio.settings import SecretStore
    from studio.ui.app import run_app
    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    SecretStore().set_stream_key(destination_id, STREAM_KEY)
    QApplication([])

    def ask(question: str) -> bool:
        report(asked=question)
        return True  # the host restores

    QTimer.singleShot(0, lambda: drive(part))
    code = run_app(
        [],
        data_folder=folder / "data",
        config_folder=folder / "config",
        log_folder=folder / "logs",
        qsettings=QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat),
        ask=ask,
    )
    report(exit=code)
    return code


# -- the offer --------------------------------------------------------------------------------


def crashed_during_a_show(data: Path) -> RecoveryGuard:
    """A data folder as a crash during the show leaves it: the autosaved scenes, the marker
    of a process that is gone, and the live show's snapshot."""
    data.mkdir(parents=True)
    save_collection(show_collection(), data / "collection.json")
    (data / "running.json").write_text(json.dumps({"pid": dead_pid(), "started_at": 0}))
    guard = RecoveryGuard(data)
    write_snapshot(
        guard.live_show_path,
        LiveSnapshot(
            show_id=3, show_name="Friday drop", live_since=datetime(2026, 12, 7, 18, 5, tzinfo=UTC),
            saved_at=datetime(2026, 12, 7, 18, 40, tzinfo=UTC), featured_product_id=MUG,
        ),
    )  # fmt: skip
    return guard


class Host:
    """Answers the recovery question (and remembers it)."""

    def __init__(self, answer: bool) -> None:
        self.answer, self.questions = answer, list[str]()

    def __call__(self, question: str) -> bool:
        self.questions.append(question)
        return self.answer


def test_the_offer_names_the_show_and_restores_it_or_sets_it_aside(tmp_path: Path) -> None:
    host = Host(answer=True)
    guard = crashed_during_a_show(tmp_path / "restored")
    restored = offer_crash_recovery(guard, guard.folder, host)
    questions = host.questions
    guard.end()
    assert restored is not None and restored.show_name == "Friday drop"
    since = datetime(2026, 12, 7, 18, 5, tzinfo=UTC).astimezone().strftime("%H:%M")
    assert questions == [show_recovery_question(restored)]
    assert questions[0].startswith(
        f"LiveShop Studio stopped during the show “Friday drop” (live since {since}). "
        "Restore the show?"
    )

    guard = crashed_during_a_show(tmp_path / "declined")
    assert offer_crash_recovery(guard, guard.folder, Host(answer=False)) is None
    guard.end()
    assert not guard.live_show_path.exists()  # never offered again …
    assert (guard.folder / "live-show-not-restored.json").exists()  # … but kept beside
    assert (guard.folder / "collection-before-crash.json").exists()


def test_a_damaged_snapshot_still_offers_the_scenes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    guard = crashed_during_a_show(tmp_path / "data")
    guard.live_show_path.write_text('{"format": "liveshop-live-show", "vers')  # cut off
    host = Host(answer=True)
    assert offer_crash_recovery(guard, guard.folder, host) is None
    guard.end()
    assert host.questions == [RECOVERY_QUESTION]
    assert "live show snapshot" in caplog.text and "damaged" in caplog.text


# -- the test ---------------------------------------------------------------------------------


class AppRun:
    """One run of the app in its own process; its JSON lines read as they come."""

    def __init__(self, part: str, folder: Path, destination_id: str, env: dict[str, str]):
        self.log = (folder / f"{part}.stderr").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.test_show_comes_back", part, str(folder),
             destination_id],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=self.log, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.folder = folder

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self.lines.put(json.loads(line))

    def next(self, key: str) -> dict[str, Any]:
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if key in line:
                return line
        raise AssertionError(f"the app never said {key!r}:\n{self.stderr()}")

    def stderr(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(30)
        self.log.close()


@pytest.fixture
def app_runs(tmp_path: Path) -> Iterator[Callable[[str, Path, str], AppRun]]:
    runs: list[AppRun] = []
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
        XDG_DATA_HOME=str(tmp_path / "user" / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "user" / "config"),
        XDG_STATE_HOME=str(tmp_path / "user" / "state"),
        XDG_CACHE_HOME=str(tmp_path / "user" / "cache"),
        HOME=str(tmp_path / "user" / "home"),
    )

    def run(part: str, folder: Path, destination_id: str) -> AppRun:
        runs.append(AppRun(part, folder, destination_id, env))
        return runs[-1]

    yield run
    for each in runs:
        each.close()


@pytest.mark.e2e
@pytest.mark.slow
def test_a_show_killed_while_live_comes_back_and_go_live_continues_it(
    rtmp_server: RtmpServer, tmp_path: Path, app_runs: Callable[[str, Path, str], AppRun]
) -> None:
    folder = tmp_path / "studio"
    server_url = rtmp_server.url(STREAM_KEY).removesuffix(f"/{STREAM_KEY}")
    destination_id = prepare(folder, server_url)

    # Live with the mug featured, its flash deal counting down and a comment pinned …
    first = app_runs("first", folder, destination_id)
    ready = first.next("ready")
    deal_started = datetime.fromisoformat(ready["deal"][1])
    deadline = time.monotonic() + WAIT_S
    while not any(p.stat().st_size > 50_000 for p in rtmp_server.recordings(STREAM_KEY)):
        assert time.monotonic() < deadline, "nginx received nothing of the first part"
        time.sleep(0.1)
    # … and the studio dies on the spot.
    first.process.send_signal(signal.SIGKILL)
    assert first.process.wait(30) == -signal.SIGKILL
    assert (folder / "data" / "live-show.json").exists()
    # The host needs a while to start the studio again; the deal's time runs meanwhile.
    time.sleep(max(0.0, DOWN_S - (datetime.now(UTC) - deal_started).total_seconds()))

    again = app_runs("again", folder, destination_id)
    asked = again.next("asked")["asked"]
    choice = again.next("at_go_live")
    assert choice["at_go_live"].startswith(f"Continue “{ready['show_name']}”")
    assert choice["notice"] and "Enamel Mug is featured" in choice["notice"]
    done = again.next("done")
    assert again.next("exit")["exit"] == 0, again.stderr()
    assert not (folder / "data" / "live-show.json").exists()  # End Show took it away

    # The ledger: one show, the same one, from the first Go Live to the End Show after.
    catalog = Catalog.open(folder=folder / "data")
    try:
        [show] = Ledger(catalog).shows()
        assert (show.id, show.name) == (ready["show_id"], ready["show_name"])
        assert show.started_at <= datetime.fromisoformat(ready["deal"][0])
        since = show.started_at.astimezone().strftime("%H:%M")
        assert asked.startswith(
            f"LiveShop Studio stopped during the show “{show.name}” (live since {since}). "
            "Restore the show?"
        ), asked
        assert show.ended_at is not None
        assert show.ended_at >= datetime.fromisoformat(done["ending"])
        seen = what_the_platform_received(rtmp_server, catalog)
    finally:
        catalog.close()

    # The countdown shows the time really left: the deal's end is a real moment, so every
    # frame of the second part shows it counted from there — not restarted, not frozen.
    earliest_end = datetime.fromisoformat(ready["deal"][0]) + timedelta(seconds=DEAL_S)
    latest_end = datetime.fromisoformat(ready["deal"][1]) + timedelta(seconds=DEAL_S)
    most = (latest_end - datetime.fromisoformat(done["went_live"])).total_seconds()
    least = (earliest_end - datetime.fromisoformat(done["ending"])).total_seconds()
    first_left, last_left, elapsed_s = seen.countdown
    assert least - 1 <= last_left <= first_left <= most + 1, (least, seen.countdown, most)
    assert first_left <= DEAL_S - DOWN_S  # the time the studio was down counted too
    assert abs((first_left - last_left) - elapsed_s) <= 1.5  # and it kept counting on air


class Received:
    def __init__(self, countdown: tuple[int, int, float]) -> None:
        self.countdown = countdown  # seconds shown first and last, and the time between


def what_the_platform_received(server: RtmpServer, catalog: Catalog) -> Received:
    """The second part as recorded by nginx: the mug's card, the pinned comment and the
    deal, each compared with the same overlay drawn here."""
    ensure_gui_app()
    first_part_file, second_part_file = server.recordings(STREAM_KEY)
    assert first_part_file.stat().st_size > 0
    video = read_video(second_part_file)
    early = next(i for i, t in enumerate(video.frame_times_s) if t >= video.keyframe_times_s[0])
    early = min(early + 15, len(video.planes) - 1)
    frames = {"first": early, "last": len(video.planes) - 1}

    shop = ShopLive(catalog, clock=ManualClock())
    shop.feature(MUG)
    shop.start_flash_deal(Money.of(DEAL_PRICE, "USD"), DEAL_S)
    view = card_view(CARD, shop, shop.snapshot())
    assert view is not None
    card = ProductCardSource(CARD, ManualClock())
    drawn_card = card._draw_at(view, view.width, view.height, (view.width, view.height))
    chat = ChatLive()
    comment = make_message(
        id="local-1", platform=Platform.LOCAL, channel="rehearsal",
        author=ChatAuthor(VIEWER, VIEWER.lower()), text=COMMENT,
    )  # fmt: skip
    chat.add(comment)
    chat.pin(comment.key)
    pinned_source = started(PinnedCommentSource, PINNED, chat)
    try:
        wait_for_picture(lambda: picture_of(pinned_source))
        drawn_pinned = picture_of(pinned_source)
    finally:
        pinned_source.stop()
    assert drawn_pinned is not None

    countdown = CountdownReader(shop)
    shown: list[int] = []
    for index in frames.values():
        luma = video.planes[index][0].astype(float)
        assert similarity(luma, drawn_card, CARD_AT) > 0.9, "the mug's card"
        assert similarity(luma, drawn_pinned, PINNED_AT) > 0.9, "the pinned comment"
        shown.append(countdown.read(luma))
    elapsed_s = video.frame_times_s[frames["last"]] - video.frame_times_s[frames["first"]]
    return Received((shown[0], shown[1], elapsed_s))


def wait_for_picture(picture: Callable[[], object]) -> None:
    deadline = time.monotonic() + 15
    while picture() is None:
        assert time.monotonic() < deadline, "the overlay drew nothing"
        time.sleep(0.02)


def composited_luma(bgra: np.ndarray) -> np.ndarray:
    """A premultiplied overlay over the backdrop, as the viewer's luma."""
    alpha = bgra[..., 3:4].astype(float) / 255
    backdrop = np.array(BACKGROUND[::-1], float)  # b, g, r
    over = bgra[..., :3].astype(float) + (1 - alpha) * backdrop
    return luma_709(np.concatenate([over, bgra[..., 3:4]], axis=2))


def similarity(luma: np.ndarray, bgra: np.ndarray, at: Transform) -> float:
    height, width = bgra.shape[:2]
    got = luma[at.y : at.y + height, at.x : at.x + width]
    want = composited_luma(bgra)
    assert got.shape == want.shape
    return float(np.corrcoef(got.ravel(), want.ravel())[0, 1])


class CountdownReader:
    """Reads the seconds a received deal overlay shows: every possible countdown is drawn
    here, and the one whose digits match the received picture clearly best is the answer."""

    def __init__(self, shop: ShopLive) -> None:
        from studio.render.shop_overlays import render_flash_deal

        self.drawn: dict[int, np.ndarray] = {}
        for seconds in range(1, DEAL_S + 1):
            shop.start_flash_deal(Money.of(DEAL_PRICE, "USD"), seconds)
            view = deal_view(DEAL, shop, shop.snapshot())
            assert view is not None
            bgra = render_flash_deal(view.title, view.price, view.old_price, view.countdown,
                                     style_of(DEAL))  # fmt: skip
            self.drawn[seconds] = blurred(composited_luma(bgra))
        # Only the countdown's digits differ from one drawing to the next: compare there.
        varying = np.nonzero(np.stack(list(self.drawn.values())).std(axis=0) > 1)
        self.rows = slice(int(varying[0].min()), int(varying[0].max()) + 1)
        self.columns = slice(int(varying[1].min()), int(varying[1].max()) + 1)

    def read(self, luma: np.ndarray) -> int:
        errors = {seconds: self._error(luma, drawn) for seconds, drawn in self.drawn.items()}
        best = min(errors, key=errors.__getitem__)
        others = min(error for seconds, error in errors.items() if abs(seconds - best) > 1)
        assert errors[best] < 0.7 * others, f"no clear countdown: {best} s ({errors[best]:.1f})"
        return best

    def _error(self, luma: np.ndarray, drawn: np.ndarray) -> float:
        """Mean luma difference over the digits, at the best of the one-pixel shifts (the
        encoder and the compositor may move edges by half a pixel)."""
        height, width = drawn.shape
        want = drawn[self.rows, self.columns]
        errors = []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                y, x = DEAL_AT.y + dy, DEAL_AT.x + dx
                got = blurred(luma[y : y + height, x : x + width])[self.rows, self.columns]
                errors.append(float(np.abs(got - want).mean()))
        return min(errors)


def blurred(luma: np.ndarray) -> np.ndarray:
    """A 3×3 box blur: compression noise on text edges averages out."""
    padded = np.pad(luma, 1, mode="edge")
    height, width = luma.shape
    total = np.zeros(luma.shape, float)
    for y in range(3):
        for x in range(3):
            total += padded[y : y + height, x : x + width]
    return total / 9


if __name__ == "__main__":
    sys.exit(run_the_app(sys.argv[1], Path(sys.argv[2]), sys.argv[3]))
