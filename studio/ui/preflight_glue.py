"""Preflight in the window: Go Live checks the show first, and the Tools menu checks it on
demand, both through :class:`PreflightFlow`.

The window is handed three callables so tests can replace them, as it is handed its
destinations: the report (:data:`PreflightProvider`), the one-click fix
(:data:`FixApplier`) and the network check (:data:`NetworkCheck`). By default all three come
from :class:`SettingsPreflight`: the app settings, the keyring and the show being edited.

The rules are pure and fast, so they run on the UI thread; the network check takes seconds
and runs on a worker thread, its findings coming back as a queued signal.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from studio.preflight.build import plan_from_settings
from studio.preflight.fixes import apply_fix
from studio.preflight.network_checks import NetworkFindings, check_network, full_report
from studio.preflight.plan import ShowPlan
from studio.preflight.report import Fix, PreflightReport
from studio.scene.model import SceneCollection
from studio.settings.model import AppSettings
from studio.settings.secrets import SecretStore
from studio.settings.settings_file import SettingsFile
from studio.ui.destinations import SettingsOpener
from studio.ui.preflight_dialog import PreflightDialog

log = logging.getLogger(__name__)

PreflightProvider = Callable[[], PreflightReport]
FixApplier = Callable[[Fix], None]  # raises ValueError (or OSError) when it cannot
NetworkJob = Callable[[], NetworkFindings]  # runs on a worker thread
NetworkCheck = Callable[[], NetworkJob]  # called on the UI thread: reads settings and keys
ConfirmGoLive = Callable[[QWidget], bool]  # True: go live


class SettingsPreflight:
    """Preflight over the app settings (keys from the keyring) and the edited show.

    The upload measured by the network check is kept for the session (the line does not
    change with the settings); the test connections only until the settings change (a fix
    may have changed the very URL that failed)."""

    def __init__(
        self,
        store: SettingsFile,
        secrets: SecretStore,
        collection: Callable[[], SceneCollection | None],
    ) -> None:
        self._store, self._secrets, self._collection = store, secrets, collection
        self._lock = threading.Lock()
        self._findings: NetworkFindings | None = None
        self._findings_settings: AppSettings | None = None  # what the connections tested

    def plan(self) -> ShowPlan:
        return plan_from_settings(self._store.settings, self._secrets, self._collection())

    def report(self) -> PreflightReport:
        return full_report(self.plan(), self._current_findings())

    def apply_fix(self, fix: Fix) -> None:
        """Apply ``fix`` and save through the store, so every listener (the encoder, the
        Settings dialog next time) hears it."""
        self._store.save(apply_fix(self._store.settings, fix))

    def network_job(self) -> NetworkJob:
        """The plan is read here, on the UI thread; the returned job opens the connections."""
        plan, settings = self.plan(), self._store.settings

        def job() -> NetworkFindings:
            findings = check_network(plan)
            with self._lock:
                self._findings, self._findings_settings = findings, settings
            return findings

        return job

    def _current_findings(self) -> NetworkFindings | None:
        with self._lock:
            findings, tested = self._findings, self._findings_settings
        if findings is None or tested is self._store.settings:
            return findings
        return dataclasses.replace(findings, connections={}, upload_problem=None)


class PreflightFlow(QObject):
    """Opens the report before Go Live (when it has something to say) and from the menu,
    and turns the dialog's requests into fixes, a trip to Settings or a network check."""

    _network_done = Signal(object, object)  # findings or None, error sentence or None

    def __init__(
        self,
        preflight: PreflightProvider,
        apply: FixApplier,
        open_settings: SettingsOpener,
        notify: Callable[[str], None],
        network: NetworkCheck | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._preflight, self._apply, self._open_settings = preflight, apply, open_settings
        self._notify, self._network = notify, network
        self.dialog: PreflightDialog | None = None  # the one open, for tests and results
        self._network_thread: threading.Thread | None = None
        self._network_done.connect(self._network_finished, Qt.ConnectionType.QueuedConnection)

    def before_go_live(self, parent: QWidget) -> bool:
        """Whether to go live: at once when preflight finds nothing; else the host's choice
        in the report (never while an error remains)."""
        try:
            report = self._preflight()
        except Exception as error:
            # A checker that cannot run must not keep the host off air: say so, go on.
            log.exception("preflight failed")
            self._notify(f"The preflight check could not run ({error}); going live without it.")
            return True
        if not report.problems:
            return True
        return self._run_dialog(report, parent, going_live=True)

    def open_check(self, parent: QWidget) -> None:
        """The report without going live (Tools → Preflight check…)."""
        try:
            report = self._preflight()
        except Exception as error:
            log.exception("preflight failed")
            self._notify(f"The preflight check could not run: {error}")
            return
        self._run_dialog(report, parent, going_live=False)

    @property
    def network_running(self) -> bool:
        return self._network_thread is not None and self._network_thread.is_alive()

    def wait_network(self, timeout_s: float | None = None) -> None:
        if self._network_thread is not None:
            self._network_thread.join(timeout_s)

    # -- the dialog ---------------------------------------------------------------------
    def _run_dialog(self, report: PreflightReport, parent: QWidget, *, going_live: bool) -> bool:
        dialog = PreflightDialog(
            report, parent, going_live=going_live, can_test_network=self._network is not None
        )
        dialog.fix_requested.connect(lambda fix: self._fix(dialog, fix))
        dialog.settings_requested.connect(lambda: self._settings(dialog))
        dialog.network_requested.connect(lambda: self._start_network(dialog))
        dialog.set_network_busy(self.network_running)
        self.dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.dialog = None
            dialog.deleteLater()

    def _fix(self, dialog: PreflightDialog, fix: Fix) -> None:
        try:
            self._apply(fix)
        except (ValueError, TypeError, OSError) as error:
            dialog.show_message(f"“{fix.label}” could not be applied: {error}")
        else:
            dialog.show_message(f"Saved in Settings: {fix.label}.")
        self._refresh(dialog)

    def _settings(self, dialog: PreflightDialog) -> None:
        self._open_settings(dialog)
        self._refresh(dialog)  # whatever the host changed by hand

    def _refresh(self, dialog: PreflightDialog) -> None:
        try:
            dialog.set_report(self._preflight())
        except Exception as error:
            log.exception("preflight failed")
            dialog.show_message(f"The preflight check could not run again: {error}")

    # -- the network check, off the UI thread -------------------------------------------
    def _start_network(self, dialog: PreflightDialog) -> None:
        if self._network is None or self.network_running:
            return
        try:
            job = self._network()
        except Exception as error:
            dialog.show_message(f"The connections could not be tested: {error}")
            return
        dialog.set_network_busy(True)
        dialog.show_message("Testing each destination, then measuring the upload…")
        self._network_thread = threading.Thread(
            target=self._run_network, args=(job,), name="preflight-network", daemon=True
        )
        self._network_thread.start()

    def _run_network(self, job: NetworkJob) -> None:
        findings: NetworkFindings | None = None
        error: str | None = None
        try:
            findings = job()
        except Exception as exc:  # a bug becomes a sentence, never a dead dialog
            log.exception("the preflight network check failed")
            error = f"The network check failed ({exc})."
        try:
            self._network_done.emit(findings, error)
        except RuntimeError:
            pass  # the window closed meanwhile; the findings are kept all the same

    def _network_finished(self, findings: NetworkFindings | None, error: str | None) -> None:
        dialog = self.dialog
        if dialog is None:
            return  # closed meanwhile: the findings are kept for the next report
        dialog.set_network_busy(False)
        if findings is None:
            dialog.show_message(error or "")
            return
        said = findings.lines()
        if not said and not findings.problems():
            said = ["No destination has a server URL and a stream key to test yet."]
        dialog.show_message("\n".join(said))
        self._refresh(dialog)


def window_preflight(
    store: SettingsFile,
    collection: Callable[[], SceneCollection | None],
    open_settings: SettingsOpener,
    notify: Callable[[str], None],
    *,
    preflight: PreflightProvider | None = None,
    apply: FixApplier | None = None,
    network: NetworkCheck | None = None,
    parent: QObject | None = None,
) -> PreflightFlow:
    """The window's flow; each callable left out comes from the app settings, the keyring
    and ``collection`` (the show being edited)."""
    checks = SettingsPreflight(store, SecretStore(), collection)
    return PreflightFlow(
        preflight or checks.report,
        apply or checks.apply_fix,
        open_settings,
        notify,
        network or checks.network_job,
        parent=parent,
    )
