"""``studio`` without a sub-command: the desktop app."""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from studio import __version__
from studio.capture.base import Services
from studio.capture.microphone import (
    MICROPHONE_PREFERENCE,
    MicrophonePreference,
    MicrophoneUnavailableError,
    import_sounddevice,
)
from studio.crash_report import arm as arm_crash_report
from studio.crash_report import take_unseen_report
from studio.data_folder import APP_NAME, default_data_folder
from studio.engine.session import Session
from studio.logging_setup import configure_logging, shutdown_logging
from studio.render.text import ensure_gui_app
from studio.resources import resources_dir
from studio.settings.recovery import LIVE_SHOW_FILE_NAME, RecoveryGuard
from studio.settings.secrets import SecretStore, on_keyring_notice
from studio.settings.settings_file import SettingsFile
from studio.show.live_restore import RestoreError
from studio.show.live_snapshot import LiveSnapshot, read_snapshot, set_snapshot_aside
from studio.show.opening import ShowSetup, open_show
from studio.show.show import Show, ShowError
from studio.template.fit_canvas import fitted_to_canvas
from studio.ui.bridge import SessionBridge, SessionFactory
from studio.ui.canvas_settings import CanvasSettingsLink, canvas_shape
from studio.ui.crash_notice import offer_crash_report, offer_restored_show
from studio.ui.destinations import (
    DestinationsProvider,
    SettingsOpener,
    settings_destinations,
    settings_dialog_opener,
)
from studio.ui.document import COLLECTION_FILE, CollectionDocument, load_or_default
from studio.ui.live_controls import ConfirmEndShow, ask_end_show
from studio.ui.main_window import MainWindow
from studio.ui.notifier import Notifier
from studio.ui.qt_garbage import collect_on_the_main_thread
from studio.ui.scenes_dock import AskText
from studio.ui.shop.background_job import BackgroundJob
from studio.ui.shop.recovered_chapters import recover_chapters
from studio.ui.shop.show_report import ShowReporter
from studio.ui.sources_dock import AskPath
from studio.ui.theme import apply_dark_theme

log = logging.getLogger(__name__)

APP_ICON = "liveshop-studio.png"  # drawn by scripts/build_icons.py with the .ico and .icns

ORGANISATION = "LiveShop"
UI_SWITCH_INTERVAL_S = 0.001
RECOVERY_STOP_S = 5.0  # a remux stops within a few hundred packets of its cancel


@dataclass
class Studio:
    """The running app's parts; ``close`` ends the show and stops every engine thread."""

    window: MainWindow
    document: CollectionDocument
    bridge: SessionBridge
    notifier: Notifier
    store: SettingsFile
    show: Show | None = None
    unfollow_settings: Callable[[], None] | None = None
    reports: ShowReporter | None = None  # the end-of-show report, at each End Show
    # After a crash: the restored show's recordings cut short getting their chapters.
    recovered_chapters: BackgroundJob | None = None

    def close(self) -> None:
        if self.recovered_chapters is not None:  # it reads the ledger, closed below
            self.recovered_chapters.cancel()
            self.recovered_chapters.wait(RECOVERY_STOP_S)
        if self.unfollow_settings is not None:
            self.unfollow_settings()
            self.unfollow_settings = None
        self.window.save_layout()
        if self.reports is not None and self.bridge.live:
            self.reports.write_report_before_closing()  # closing ends the show
        self.window.shop_dock.close_shop()
        self.window.detach()
        self.window.close()
        self.bridge.shutdown()
        if self.show is not None:
            self.show.close()
        self.document.close()


def create_studio(
    data_folder: Path,
    settings: QSettings,
    *,
    store: SettingsFile | None = None,
    destinations: DestinationsProvider | None = None,
    open_settings: SettingsOpener | None = None,
    session_factory: SessionFactory | None = None,
    ask_text: AskText | None = None,
    ask_path: AskPath | None = None,
    shop: Show | bool | None = True,
    secrets: SecretStore | None = None,
    crash_reports: Path | None = None,
    confirm_end_show: ConfirmEndShow = ask_end_show,
    restore_show: LiveSnapshot | None = None,
) -> Studio:
    """Build the window on the saved collection (or the default one on a first run) and start
    previewing. Every outside dependency can be replaced (tests pass temp folders); ``store``
    None is the user's settings (destinations, recording, hotkeys). ``shop`` True opens the
    show on the local catalog in ``data_folder`` (practising until Go Live, with the store and
    chat connections the settings configure, their tokens from ``secrets``, the keyring by
    default); a :class:`Show` is used as it is (the studio closes it); False runs without the
    shop. ``crash_reports`` is the folder where a crash of the last run left its report (the
    log folder): the window offers it, once. ``restore_show`` is the live show a crash
    interrupted, which the host chose to restore (:func:`offer_crash_recovery`): its state comes
    back on the show and Go Live continues it."""
    # Engine, output and shop threads run Python too; with the default 5 ms GIL switch
    # interval the UI thread queued behind several of them for 100+ ms (measured at End Show
    # with two failing destinations). 1 ms keeps the event loop within a few milliseconds.
    sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
    # On this (the main) thread, before any source draws: the bundled fonts, and every Qt
    # enum type the sources' painting reads (see studio.render.text._create_enum_types).
    ensure_gui_app(every_enum=True)
    # PortAudio starts when sounddevice is first imported and silences stderr meanwhile (its
    # ALSA chatter): here, before the window logs, not on a microphone's thread mid-start.
    with contextlib.suppress(MicrophoneUnavailableError):
        import_sounddevice()
    notifier = Notifier()
    store = store or SettingsFile()
    if store.load_error is not None:
        notifier.notify(str(store.load_error))
    first_run = not (data_folder / COLLECTION_FILE).exists()
    video = store.settings.video
    collection = load_or_default(
        data_folder, notifier.notify, vertical=video.orientation == "vertical"
    )
    if first_run:  # a new show takes the canvas that Settings → Video already holds
        collection = fitted_to_canvas(collection, *canvas_shape(video))
    document = CollectionDocument(collection, data_folder)
    show: Show | None = None
    if shop is True:
        try:
            show = open_show(window_show_setup(data_folder, store, secrets))
        except Exception as error:  # the studio still streams without its shop
            log.exception("could not open the shop")
            notifier.notify(f"The catalog could not be opened: {error}")
    elif isinstance(shop, Show):
        show = shop
    restored = restore_the_show(show, restore_show) if restore_show is not None else None
    if first_run and show is not None and restore_show is None:
        feature_first_product(show)
    services = Services(shop=show.shop, chat=show.chat_live) if show is not None else Services()
    microphone = MicrophonePreference(store.settings.audio.microphone or "")
    services.add(MICROPHONE_PREFERENCE, microphone)
    unfollow_microphone = store.subscribe(lambda saved: microphone.set(saved.audio.microphone))
    if session_factory is None:
        session_factory = functools.partial(Session, services=services)
    bridge = SessionBridge(collection, session_factory=session_factory)
    window = MainWindow(
        document,
        bridge,
        notifier,
        settings,
        destinations or settings_destinations(store),
        open_settings or settings_dialog_opener(store),
        store,
        ask_text,
        ask_path,
        confirm_end_show,
    )
    collect_on_the_main_thread(window)
    unfollow_keyring = on_keyring_notice(lambda text: notifier.notify(text, "info"))
    if show is not None:
        window.shop_dock.set_show(show)
        window.restore_layout()  # again: the shop's panels changed the docks' size hints
    canvas_link = CanvasSettingsLink(store, document, bridge, notifier.notify)
    reports = ShowReporter(
        bridge,
        lambda: window.shop_dock.show_core,
        lambda: window.shop_dock.bridge,
        lambda: (
            window.shop_dock.sales_panel.show_to_continue()
            if window.shop_dock.sales_panel is not None
            else None
        ),
        lambda: store.settings.recording.folder,
        notifier.notify,
        parent=window,
    )

    def unfollow_settings() -> None:
        unfollow_microphone()
        canvas_link.close()
        unfollow_keyring()

    recovered_chapters = None
    if restored is not None:
        offer_restored_show(window, restored)
        if show is not None and show.show_to_resume is not None:  # it came back
            recovered_chapters = recover_chapters(
                show.ledger, show.show_to_resume, notifier.notify, parent=window
            )
    crashed = take_unseen_report(crash_reports) if crash_reports is not None else None
    if crashed is not None:
        log.warning("the last run crashed; its report is %s", crashed)
        offer_crash_report(window, crashed)
    bridge.start()
    return Studio(
        window, document, bridge, notifier, store, show, unfollow_settings, reports=reports,
        recovered_chapters=recovered_chapters,
    )  # fmt: skip


def restore_the_show(show: Show | None, snapshot: LiveSnapshot) -> str:
    """Put the interrupted show back on ``show``; what the host is told about it."""
    could_not = f"The show “{snapshot.show_name}” could not be restored"
    if show is None:
        return f"{could_not}: the catalog did not open."
    try:
        return show.restore(snapshot).summary(show.locale)
    except (RestoreError, ShowError) as error:
        log.warning("%s: %s", could_not, error)
        return f"{could_not}: {error}"
    except Exception as error:  # the window still opens, with the show as it is
        log.exception("%s", could_not)
        return f"{could_not}: {error}"


def feature_first_product(show: Show) -> None:
    """A first run shows a product on the template's card at once (the sample catalog's
    first), so a new host sees what Feature does before they touch anything."""
    products = show.catalog.products()
    if products and show.shop.featured is None:
        show.shop.feature(products[0].id)


def window_show_setup(
    data_folder: Path,
    settings: SettingsFile,
    secrets: SecretStore | None,
    *,
    store_options: dict[str, Any] | None = None,
) -> ShowSetup:
    """The window's show: the catalog in ``data_folder`` (the sample one on a first run so a
    newcomer sees products at once), the rehearsal chat the host types into, and the chat and
    store connections Settings describes, following every save. ``store_options`` are
    :class:`~studio.shop.stores.PollSettings` fields for the store's connector (tests
    shorten its back-off)."""
    return ShowSetup(
        data_folder=data_folder,
        sample_catalog=resources_dir() / "catalog" / "sample.json",
        settings=settings,
        secrets=secrets,
        chat_from_settings=True,
        store=True,
        follow_settings=True,
        rehearsal_chat=True,
        store_options=dict(store_options or {}),
        live_snapshot=data_folder / LIVE_SHOW_FILE_NAME,  # beside the recovery marker
    )


def install_error_hooks(notifier: Notifier) -> Callable[[], None]:
    """Route uncaught errors (main thread and workers) to the log and the window's
    notifications instead of a traceback on stderr; returns a function undoing it."""
    previous = sys.excepthook, threading.excepthook

    def main_hook(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("uncaught error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        notifier.notify(f"Something went wrong: {error}")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        main_hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = main_hook
    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook, threading.excepthook = previous

    return restore


RECOVERY_QUESTION = (
    "LiveShop Studio did not close properly last time.\n\n"
    "Restore your scenes as they were (autosaved)?"
)
SHOW_RECOVERY_QUESTION = (
    "LiveShop Studio stopped during the show “{name}” (live since {since}). Restore the show?"
    "\n\nYour scenes (autosaved), the featured product, the pinned comment and a running flash "
    "deal come back, and Go Live carries the same show on. No: start clean (the autosave is "
    "kept beside)."
)


def show_recovery_question(snapshot: LiveSnapshot) -> str:
    since = snapshot.live_since.astimezone().strftime("%H:%M")
    return SHOW_RECOVERY_QUESTION.format(name=snapshot.show_name, since=since)


AskYesNo = Callable[[str], bool]


def ask_with_dialog(question: str) -> bool:
    answer = QMessageBox.question(
        None,
        APP_NAME,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer != QMessageBox.StandardButton.No


def offer_crash_recovery(
    guard: RecoveryGuard, data_folder: Path, ask: AskYesNo = ask_with_dialog
) -> LiveSnapshot | None:
    """After a crash, ask whether to reopen the autosaved scenes — and, when it stopped
    during a show, the show itself — or start clean (the autosave and the show's snapshot
    are kept beside, never deleted). The show to restore, if the host chose to."""
    if not guard.begin():
        return None
    live = read_snapshot(guard.live_show_path)  # a damaged one is logged and left out
    saved = data_folder / COLLECTION_FILE
    if live is None and not saved.exists():
        return None
    if ask(show_recovery_question(live) if live is not None else RECOVERY_QUESTION):
        return live
    if saved.exists():
        saved.replace(saved.with_name(f"{saved.stem}-before-crash{saved.suffix}"))
    set_snapshot_aside(guard.live_show_path)
    return None


def run_app(
    argv: list[str] | None = None,
    *,
    data_folder: Path | None = None,
    config_folder: Path | None = None,
    log_folder: Path | None = None,
    qsettings: QSettings | None = None,
    ask: AskYesNo = ask_with_dialog,
    quit_after_ms: int | None = None,
) -> int:
    """Run the desktop app until its window closes. The folders default to the user's (the
    platform's data, config and log folders); ``quit_after_ms`` quits on its own (smoke
    tests)."""
    log_file = configure_logging(log_folder, console=True)
    log.info("LiveShop Studio starting; log file %s", log_file)
    crash_report = arm_crash_report(log_file.parent, __version__)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    apply_dark_theme(app)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / APP_ICON)))
    data_folder = data_folder or default_data_folder()
    guard = RecoveryGuard(data_folder)
    interrupted_show = offer_crash_recovery(guard, data_folder, ask)
    studio = create_studio(
        data_folder,
        qsettings or QSettings(ORGANISATION, APP_NAME),
        store=SettingsFile(config_folder),
        crash_reports=log_file.parent,
        restore_show=interrupted_show,
    )
    restore_hooks = install_error_hooks(studio.notifier)
    app.aboutToQuit.connect(studio.close)
    studio.window.show()
    log.info("window shown")
    # Runs once the event loop has handled the window's first expose and paint.
    QTimer.singleShot(0, lambda: log.info("first window painted"))
    if quit_after_ms is not None:
        QTimer.singleShot(quit_after_ms, app.quit)
    try:
        return int(app.exec())
    finally:
        app.aboutToQuit.disconnect(studio.close)
        restore_hooks()
        guard.end()  # a clean exit: no recovery offer next time
        crash_report.disarm()  # and no crash report
        log.info("LiveShop Studio closed")
        shutdown_logging()
