"""Preflight in the window, driven as a host would with real clicks: Go Live opens the report
when the show has problems, each one-click fix edits the saved settings and its line goes,
Go Live stays blocked while an error remains, warnings let the host go live anyway, a clean
show goes live at once, and the Tools menu checks without going live."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studio.preflight.report import (
    Fix,
    SetAudioBitrate,
    SetKeyframeInterval,
    SetVideoBitrate,
    UseServerUrl,
)
from studio.settings import AppSettings, Destination, SecretStore, SettingsFile
from studio.settings.model import AudioSettings, VideoSettings
from studio.settings.platforms import PlatformPreset, platform_presets
from studio.ui.app import Studio
from studio.ui.destinations import settings_dialog_opener
from studio.ui.preflight_dialog import PreflightDialog
from studio.ui.settings.dialog import SettingsDialog
from tests.preflight.plans import good_url
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture
from tests.support.net import free_port
from tests.support.nginx_rtmp import RtmpServer
from tests.ui.conftest import CANVAS_H
from tests.ui.real_input import choose_from_menu_bar, click, when_opens

KEY = "preflight-key"
FACEBOOK_RTMP = "rtmp://live-api-s.facebook.com:80/rtmp/"  # Facebook takes RTMPS only
TWITCH = "rtmp://live.twitch.tv/app"


def saved(store: SettingsFile) -> AppSettings:
    """The settings as written to disk (what the rest of the app and the next run read)."""
    return SettingsFile.load(store.folder)


def save_show(store: SettingsFile, destinations: list[Destination], **video: object) -> AppSettings:
    """Destinations with their keys in the keyring (each its own) and the video settings."""
    for number, destination in enumerate(destinations):
        SecretStore().set_stream_key(destination.id, f"{KEY}-{number}")
    settings = store.settings.model_copy(
        update={
            "destinations": destinations,
            "video": store.settings.video.model_copy(update=video),
        }
    )
    store.save(settings)
    return settings


def open_studio(make_studio: Callable[..., Studio], **overrides: object) -> Studio:
    """A window whose Go Live reads the destinations of the settings (as the app does)."""
    return make_studio(shop=False, destinations=None, **overrides)


def problem_lines(dialog: QWidget) -> list[str]:
    assert isinstance(dialog, PreflightDialog)
    return dialog.lines()


def click_fix(dialog: PreflightDialog, kind: type[Fix], **matching: object) -> Fix:
    """Click the fix button of the first problem whose fix is of ``kind`` (and fields)."""
    for row in dialog.rows():
        action = row.problem.action
        if isinstance(action, kind) and all(getattr(action, k) == v for k, v in matching.items()):
            assert row.fix_button is not None and row.fix_button.text() == action.label
            click(row.fix_button)
            return action
    raise AssertionError(f"no {kind.__name__} fix in {dialog.lines()}")


@contextmanager
def dialogs_opened() -> Iterator[list[QWidget]]:
    """Every modal dialog that opens meanwhile (closed at once): a click that should open
    none then never hangs the test if one opens."""
    opened: list[QWidget] = []

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            opened.append(modal)
            modal.close()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(20)
    try:
        yield opened
    finally:
        timer.stop()


# -- Go Live with errors --------------------------------------------------------------------
def test_go_live_shows_both_errors_blocks_the_show_and_the_fixes_clear_them(
    make_studio, settings_store: SettingsFile, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    facebook = Destination(name="Facebook", platform="facebook", server_url=FACEBOOK_RTMP)
    twitch = Destination(name="Twitch", platform="twitch", server_url=TWITCH)
    twitch_max = platform_presets()["twitch"].bitrate_range(CANVAS_H, 30)
    assert twitch_max is not None
    save_show(settings_store, [facebook, twitch], bitrate_kbps=twitch_max.max + 1000)
    studio = open_studio(make_studio)
    seen: dict[str, object] = {}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PreflightDialog)
        lines = dialog.lines()
        seen["first"] = lines
        seen["blocked"] = not dialog.go_live_button.isEnabled()
        severities = [row.problem.severity for row in dialog.rows()]
        seen["errors first"] = severities == sorted(severities)  # "error" < "warning"
        # Switch to RTMPS: the saved Facebook destination now uses the secure server.
        fix = click_fix(dialog, UseServerUrl)
        seen["server"] = saved(settings_store).destination(facebook.id).server_url  # type: ignore[union-attr]
        seen["server fix"] = fix
        seen["after rtmps"] = dialog.lines()
        # The bitrate, lowered to Twitch's cap: the Twitch line goes.
        click_fix(dialog, SetVideoBitrate, bitrate_kbps=twitch_max.max)
        seen["bitrate"] = saved(settings_store).video.bitrate_kbps
        seen["after twitch"] = dialog.lines()
        seen["still blocked"] = not dialog.go_live_button.isEnabled()
        click(dialog.cancel_button)

    when_opens("dialog", answer)
    click(studio.window.controls.go_live)

    first = seen["first"]
    assert isinstance(first, list)
    assert "Facebook: error: Facebook Live needs RTMPS" in "\n".join(first)
    assert any(
        line.startswith(f"Twitch: error: Twitch accepts at most {twitch_max.max:,} kb/s")
        for line in first
    )
    assert seen["blocked"] and seen["errors first"]
    server_fix = seen["server fix"]
    assert isinstance(server_fix, UseServerUrl) and server_fix.label == "Switch to RTMPS"
    assert seen["server"] == server_fix.server_url
    assert str(seen["server"]).startswith("rtmps://")
    assert not any("needs RTMPS" in line for line in seen["after rtmps"])  # type: ignore[attr-defined]
    assert seen["bitrate"] == twitch_max.max
    assert not any(line.startswith("Twitch:") for line in seen["after twitch"])  # type: ignore[attr-defined]
    # Facebook's own cap is lower still: its error (and the block) remain.
    assert any(line.startswith("Facebook: error:") for line in seen["after twitch"])  # type: ignore[attr-defined]
    assert seen["still blocked"]
    assert not studio.bridge.live and studio.window.controls.go_live.text() == "Go Live"
    # The window heard the save, as it hears the Settings dialog's.
    assert studio.store.settings.video.bitrate_kbps == twitch_max.max


def test_the_keyframe_fix_clears_the_error_and_go_live_is_offered_again(
    make_studio, settings_store: SettingsFile, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    facebook = platform_presets()["facebook"]
    destination = Destination(
        name="Facebook", platform="facebook", server_url=facebook.rtmps_server_url
    )
    save_show(settings_store, [destination], bitrate_kbps=3000, keyframe_interval_s=6.0)
    studio = open_studio(make_studio)
    seen: dict[str, object] = {}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PreflightDialog)
        seen["first"] = dialog.lines()
        seen["blocked"] = not dialog.go_live_button.isEnabled()
        click_fix(dialog, SetKeyframeInterval)
        seen["keyframe"] = saved(settings_store).video.keyframe_interval_s
        seen["after"] = dialog.lines()
        seen["go live"] = dialog.go_live_button.isEnabled() and dialog.go_live_button.text()
        click(dialog.cancel_button)

    when_opens("dialog", answer)
    click(studio.window.controls.go_live)

    assert seen["first"] == [
        "Facebook: error: Facebook Live needs a keyframe at least every 4 s (the interval is "
        "6 s) (fix: set the keyframe interval to 2 s)"
    ]
    assert seen["blocked"]
    assert seen["keyframe"] == facebook.keyframe_interval_s
    assert seen["after"] == []
    assert seen["go live"] == "Go Live"
    assert not studio.bridge.live


# -- every fix the core can make, on every platform that can need it ------------------------
@dataclass(frozen=True)
class FixCase:
    """Settings that make ``platform`` need one kind of fix, and the saved field it edits."""

    platform: str
    kind: type[Fix]
    server_url: str
    video: dict[str, object]
    audio: dict[str, object]
    read_back: Callable[[AppSettings], object]
    expected: Callable[[Fix], object]
    name: str = ""  # what the case is, where the kind alone does not say


def _server(preset: PlatformPreset) -> str:
    return good_url(preset).rsplit("/", 1)[0]


def fix_cases() -> list[FixCase]:
    cases = []
    for preset in platform_presets().values():
        if preset.id == "custom":
            continue  # a custom server gets the generic checks only
        if preset.requires_rtmps and preset.rtmps_server_url:
            cases.append(FixCase(
                preset.id, UseServerUrl,
                "rtmp://" + preset.rtmps_server_url.removeprefix("rtmps://"), {}, {},
                lambda s: s.destinations[0].server_url, lambda f: f.server_url,  # type: ignore[attr-defined]
                "rtmp-to-rtmps",
            ))  # fmt: skip
        if preset.default_server_url:
            cases.append(FixCase(
                preset.id, UseServerUrl, "", {}, {},  # no server URL yet: "Use rtmps://…"
                lambda s: s.destinations[0].server_url, lambda f: f.server_url,  # type: ignore[attr-defined]
                "no-server-url",
            ))  # fmt: skip
        figures = preset.bitrate_range(CANVAS_H, 30)
        if figures is not None:
            cases.append(FixCase(
                preset.id, SetVideoBitrate, _server(preset),
                {"bitrate_kbps": figures.max + 1000}, {},
                lambda s: s.video.bitrate_kbps, lambda f: f.bitrate_kbps,  # type: ignore[attr-defined]
                "above-the-cap",
            ))  # fmt: skip
        if figures is not None and figures.min - 500 >= 300:
            cases.append(FixCase(
                preset.id, SetVideoBitrate, _server(preset),
                {"bitrate_kbps": figures.min - 500}, {},
                lambda s: s.video.bitrate_kbps, lambda f: f.bitrate_kbps,  # type: ignore[attr-defined]
                "below-the-range",
            ))  # fmt: skip
        most = preset.max_keyframe_interval_s
        if most is not None and most + 2 <= 10:
            cases.append(FixCase(
                preset.id, SetKeyframeInterval, _server(preset),
                {"keyframe_interval_s": most + 2}, {},
                lambda s: s.video.keyframe_interval_s, lambda f: f.keyframe_interval_s,  # type: ignore[attr-defined]
            ))  # fmt: skip
        if preset.audio.max_bitrate_kbps < 320:
            cases.append(FixCase(
                preset.id, SetAudioBitrate, _server(preset), {}, {"bitrate_kbps": 320},
                lambda s: s.audio.bitrate_kbps, lambda f: f.bitrate_kbps,  # type: ignore[attr-defined]
            ))  # fmt: skip
    return cases


def _case_id(case: FixCase) -> str:
    return "-".join(part for part in (case.platform, case.kind.__name__, case.name) if part)


@pytest.mark.parametrize("case", fix_cases(), ids=_case_id)
def test_each_one_click_fix_through_the_preflight_check_menu(
    case: FixCase,
    make_studio,
    settings_store: SettingsFile,
    memory_keyring: MemoryKeyring,
    qtbot: QtBot,
) -> None:
    destination = Destination(name="Shop", platform=case.platform, server_url=case.server_url)
    save_show(settings_store, [destination], **case.video)
    if case.audio:
        audio = settings_store.settings.audio.model_copy(update=case.audio)
        settings_store.save(settings_store.settings.model_copy(update={"audio": audio}))
    studio = open_studio(make_studio)
    seen: dict[str, object] = {}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PreflightDialog)
        assert not dialog.go_live_button.isVisible()  # a check, not a Go Live
        [row] = [r for r in dialog.rows() if isinstance(r.problem.action, case.kind)]
        seen["line"] = row.problem.line
        seen["fix"] = click_fix(dialog, case.kind)
        seen["saved"] = case.read_back(saved(settings_store))
        seen["after"] = dialog.lines()
        seen["fixes left"] = [row.problem.action for row in dialog.rows()]
        click(dialog.cancel_button)

    when_opens("dialog", answer)
    choose_from_menu_bar(studio.window.menuBar(), "Tools", "Preflight check…")

    fix = seen["fix"]
    assert isinstance(fix, case.kind)
    assert seen["saved"] == case.expected(fix)
    assert seen["line"] not in seen["after"]  # type: ignore[operator]
    # No problem of that kind is left: the fix did what it said.
    assert not any(isinstance(left, case.kind) for left in seen["fixes left"])  # type: ignore[attr-defined]
    assert not studio.bridge.live


# -- warnings only, a clean show, Open Settings ---------------------------------------------
def _warned_show(store: SettingsFile, server: RtmpServer) -> Destination:
    """YouTube (chosen as the platform) on the loopback server, with a keyframe every 3 s:
    within YouTube's limit, not what it recommends — a warning, no error."""
    destination = Destination(
        name="YouTube", platform="youtube", server_url=server.url(KEY).rsplit("/", 1)[0]
    )
    store.save(
        store.settings.model_copy(
            update={
                "destinations": [destination],
                "video": store.settings.video.model_copy(update={"keyframe_interval_s": 3.0}),
            }
        )
    )
    SecretStore().set_stream_key(destination.id, KEY)
    return destination


@pytest.mark.e2e
def test_with_only_warnings_go_live_anyway_goes_live(
    make_studio,
    settings_store: SettingsFile,
    memory_keyring: MemoryKeyring,
    rtmp_server: RtmpServer,
    qtbot: QtBot,
) -> None:
    _warned_show(settings_store, rtmp_server)
    studio = open_studio(make_studio)
    controls = studio.window.controls
    seen: dict[str, object] = {}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PreflightDialog)
        seen["lines"] = dialog.lines()
        seen["button"] = dialog.go_live_button.text()
        click(dialog.go_live_button)

    when_opens("dialog", answer)
    click(controls.go_live)

    assert seen["button"] == "Go Live anyway"
    [line] = seen["lines"]  # type: ignore[misc]
    assert line.startswith("YouTube: warning: YouTube Live recommends a keyframe every 2 s")
    qtbot.waitUntil(lambda: controls.elapsed.text().startswith("LIVE"), timeout=20_000)
    assert rtmp_server.recordings(KEY)
    click(controls.go_live)  # End Show (the fixture confirms)
    qtbot.waitUntil(lambda: not studio.bridge.live, timeout=10_000)


def test_with_only_warnings_cancel_stays_off_air(
    make_studio,
    settings_store: SettingsFile,
    memory_keyring: MemoryKeyring,
    rtmp_server: RtmpServer,
    qtbot: QtBot,
) -> None:
    _warned_show(settings_store, rtmp_server)
    studio = open_studio(make_studio)
    controls = studio.window.controls
    when_opens("dialog", lambda dialog: click(dialog.cancel_button))  # type: ignore[attr-defined]
    click(controls.go_live)
    studio.bridge.wait_idle()
    assert not studio.bridge.live and not studio.bridge.destination_states()
    assert controls.go_live.text() == "Go Live" and controls.go_live.isEnabled()
    assert controls.elapsed.text() == "Off air"
    assert not rtmp_server.recordings(KEY)
    # Nothing was changed by cancelling.
    assert saved(settings_store).video.keyframe_interval_s == 3.0


@pytest.mark.e2e
def test_a_clean_show_goes_live_with_no_dialog(
    make_studio,
    settings_store: SettingsFile,
    memory_keyring: MemoryKeyring,
    rtmp_server: RtmpServer,
    qtbot: QtBot,
) -> None:
    local = Destination(name="Local", server_url=rtmp_server.url(KEY).rsplit("/", 1)[0])
    save_show(settings_store, [local])
    studio = open_studio(make_studio)
    controls = studio.window.controls
    with dialogs_opened() as opened:
        click(controls.go_live)
        qtbot.waitUntil(lambda: controls.elapsed.text().startswith("LIVE"), timeout=20_000)
    assert opened == []
    click(controls.go_live)  # End Show
    qtbot.waitUntil(lambda: not studio.bridge.live, timeout=10_000)


def test_a_duplicated_stream_key_blocks_go_live(
    make_studio, settings_store: SettingsFile, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    first = Destination(name="Relay A", server_url="rtmp://127.0.0.1:1/live")
    second = Destination(name="Relay B", server_url="rtmp://127.0.0.1:2/live")
    save_show(settings_store, [first, second])
    SecretStore().set_stream_key(second.id, f"{KEY}-0")  # the first one's key, pasted twice
    studio = open_studio(make_studio)
    seen: dict[str, object] = {}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PreflightDialog)
        seen["lines"] = dialog.lines()
        seen["enabled"] = dialog.go_live_button.isEnabled()
        seen["fix buttons"] = [row.fix_button for row in dialog.rows()]
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # as Cancel

    when_opens("dialog", answer)
    click(studio.window.controls.go_live)
    assert seen["lines"] == [
        "Relay B: error: it uses the same stream key as 'Relay A' (fix: paste this "
        "destination's own stream key: one key carries one stream, and the second to connect "
        "cuts the first off)"
    ]
    assert seen["enabled"] is False and seen["fix buttons"] == [None]
    assert not studio.bridge.live


def test_open_settings_from_the_report_then_it_checks_again(
    make_studio, settings_store: SettingsFile, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    twitch = Destination(name="Twitch", platform="twitch", server_url=TWITCH)
    save_show(settings_store, [twitch], bitrate_kbps=9000)
    studio = open_studio(make_studio, open_settings=settings_dialog_opener(settings_store))
    seen: dict[str, object] = {}

    def lower_bitrate_by_hand(settings: QWidget) -> None:
        assert isinstance(settings, SettingsDialog)
        video_row = settings.page_list.findItems("Video", Qt.MatchFlag.MatchExactly)[0]
        click(settings.page_list.viewport(), settings.page_list.visualItemRect(video_row).center())
        spin = settings.video_page.bitrate_spin
        click(spin)
        QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(spin, "5000")
        click(settings.buttons.button(settings.buttons.StandardButton.Ok))

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PreflightDialog)
        seen["before"] = dialog.lines()
        when_opens("dialog", lower_bitrate_by_hand)
        click(dialog.settings_button)  # returns once Settings is closed
        seen["after"] = dialog.lines()
        seen["go live"] = dialog.go_live_button.isEnabled()
        click(dialog.cancel_button)

    when_opens("dialog", answer)
    click(studio.window.controls.go_live)
    assert any("Twitch accepts at most" in line for line in seen["before"])  # type: ignore[attr-defined]
    assert seen["after"] == [] and seen["go live"] is True
    assert saved(settings_store).video.bitrate_kbps == 5000


def test_a_fix_for_a_destination_removed_meanwhile_says_so(
    make_studio, settings_store: SettingsFile, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    facebook = Destination(name="Facebook", platform="facebook", server_url=FACEBOOK_RTMP)
    save_show(settings_store, [facebook], bitrate_kbps=3000)
    studio = open_studio(make_studio)
    seen: dict[str, object] = {}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PreflightDialog)
        # Another window (or the Settings dialog) removed it after the report was drawn.
        settings_store.save(settings_store.settings.model_copy(update={"destinations": []}))
        click_fix(dialog, UseServerUrl)
        seen["message"] = dialog.message.text()
        seen["after"] = dialog.lines()
        click(dialog.cancel_button)

    when_opens("dialog", answer)
    click(studio.window.controls.go_live)
    assert "could not be applied" in str(seen["message"])
    assert "removed" in str(seen["message"])
    assert seen["after"] == []  # the report was taken again: nothing left to fix


# -- Settings → Video keeps the keyframe interval -------------------------------------------
def test_video_page_keyframe_interval_is_loaded_typed_and_saved(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SettingsFile(tmp_path / "config")
    store.save(AppSettings(video=VideoSettings(keyframe_interval_s=3.0)))
    dialog = SettingsDialog(store, page="video")
    qtbot.addWidget(dialog)
    dialog.show()
    spin = dialog.video_page.keyframe_spin
    assert spin.value() == 3.0
    assert "2 s" in spin.toolTip()
    click(spin)
    QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(spin, "4")
    click(dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert SettingsFile.load(store.folder).video.keyframe_interval_s == 4.0


def test_saving_another_video_setting_keeps_the_keyframe_interval(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SettingsFile(tmp_path / "config")
    store.save(
        AppSettings(
            video=VideoSettings(keyframe_interval_s=1.5), audio=AudioSettings(bitrate_kbps=128)
        )
    )
    dialog = SettingsDialog(store, page="video")
    qtbot.addWidget(dialog)
    dialog.show()
    spin = dialog.video_page.bitrate_spin
    click(spin)
    QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(spin, "3500")
    click(dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    video = SettingsFile.load(store.folder).video
    assert (video.bitrate_kbps, video.keyframe_interval_s) == (3500, 1.5)


# -- the network check, off the UI thread ---------------------------------------------------
@pytest.mark.e2e
@pytest.mark.slow
def test_test_connections_names_the_closed_port_and_measures_the_upload(
    make_studio,
    settings_store: SettingsFile,
    memory_keyring: MemoryKeyring,
    rtmp_server: RtmpServer,
    qtbot: QtBot,
) -> None:
    local = Destination(name="Local", server_url=rtmp_server.url(KEY).rsplit("/", 1)[0])
    closed = Destination(name="Closed", server_url=f"rtmp://127.0.0.1:{free_port()}/live")
    save_show(settings_store, [local, closed])
    studio = open_studio(make_studio)
    flow = studio.window.preflight
    seen: dict[str, object] = {}

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PreflightDialog)
        seen["before"] = dialog.lines()
        click(dialog.network_button)
        seen["busy"] = not dialog.network_button.isEnabled()
        # The dialog answers while the connections are tried (the UI thread is free).
        seen["responsive"] = dialog.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.network_button.isEnabled(), timeout=30_000)
        seen["after"] = dialog.lines()
        seen["message"] = dialog.message.text()
        click(dialog.cancel_button)

    when_opens("dialog", answer)
    choose_from_menu_bar(studio.window.menuBar(), "Tools", "Preflight check…")

    assert seen["before"] == [] and seen["busy"] and seen["responsive"]
    after = seen["after"]
    assert isinstance(after, list) and len(after) == 1
    assert after[0].startswith("Closed: error: Test connection to rtmp://127.0.0.1:")
    assert "failed at the TCP connection" in after[0] and KEY not in after[0]
    message = str(seen["message"])
    assert "Local: Test connection to rtmp://127.0.0.1:" in message
    assert "Uplink: measured" in message and KEY not in message
    assert not flow.network_running
    # The findings are kept: Go Live now shows the closed port (it blocks the show).
    when_opens("dialog", lambda dialog: click(dialog.cancel_button))  # type: ignore[attr-defined]
    click(studio.window.controls.go_live)
    assert not studio.bridge.live
