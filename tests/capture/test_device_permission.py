"""macOS camera and microphone permission: the host is told what to switch on, and the real
camera and microphone sources say it instead of a reason that hides it (a denied microphone
would otherwise deliver silence). The status reader is injected: these run on any platform."""

from __future__ import annotations

import errno
import sys
from types import SimpleNamespace
from typing import Any

import av
import pytest

from studio.capture import microphone
from studio.capture.base import SourceState
from studio.capture.camera import CameraSettings, CameraSource
from studio.capture.device_permission import (
    Media,
    PermissionCheck,
    PermissionStatus,
    authorization_status,
    permission_problem,
    privacy_list_name,
)
from studio.capture.microphone import MicrophoneSettings, MicrophoneSource
from studio.clock import ManualClock
from tests.capture.waiting import wait_for

DENIED_CAMERA = (
    "macOS does not let LiveShop Studio use the camera. Open System Settings → "
    "Privacy & Security → Camera, switch on LiveShop Studio, then quit and reopen the app."
)


def test_a_denied_camera_says_where_to_switch_it_on() -> None:
    assert permission_problem("camera", PermissionStatus.DENIED) == DENIED_CAMERA
    assert permission_problem("microphone", PermissionStatus.DENIED) == (
        "macOS does not let LiveShop Studio use the microphone. Open System Settings → "
        "Privacy & Security → Microphone, switch on LiveShop Studio, then quit and reopen the app."
    )


def test_a_restricted_device_sends_the_host_to_whoever_manages_the_mac() -> None:
    assert permission_problem("microphone", PermissionStatus.RESTRICTED) == (
        "A device-management profile or parental control on this Mac does not let "
        "LiveShop Studio use the microphone. Ask whoever manages this Mac to allow it."
    )


@pytest.mark.parametrize(
    "status",
    [PermissionStatus.AUTHORIZED, PermissionStatus.NOT_DETERMINED, PermissionStatus.UNKNOWN],
)
def test_allowed_not_yet_asked_or_unknown_is_no_problem(status: PermissionStatus) -> None:
    assert permission_problem("camera", status) is None
    assert permission_problem("microphone", status) is None


def test_run_from_python_the_terminal_is_what_macos_lists() -> None:
    assert privacy_list_name(frozen=True) == "LiveShop Studio"
    assert "Terminal" in privacy_list_name(frozen=False)
    problem = permission_problem(
        "camera", PermissionStatus.DENIED, listed_as=privacy_list_name(frozen=False)
    )
    assert problem is not None and "switch on the app you started LiveShop Studio from" in problem


def test_the_status_values_are_avfoundations() -> None:
    assert [s.value for s in PermissionStatus if s is not PermissionStatus.UNKNOWN] == [0, 1, 2, 3]


@pytest.mark.skipif(sys.platform == "darwin", reason="asks the real AVFoundation on macOS")
def test_asking_anywhere_but_macos_is_unknown_and_never_raises() -> None:
    assert authorization_status("camera") is PermissionStatus.UNKNOWN
    assert authorization_status("microphone") is PermissionStatus.UNKNOWN
    # The native path itself, where macOS's libraries are missing: unknown, not an error.
    assert authorization_status("camera", platform="darwin") is PermissionStatus.UNKNOWN


def check(platform: str, status: PermissionStatus, asked: list[Media]) -> PermissionCheck:
    def read_status(media: Media) -> PermissionStatus:
        asked.append(media)
        return status

    return PermissionCheck(platform=platform, read_status=read_status)


def test_the_check_asks_only_on_macos() -> None:
    asked: list[Media] = []
    for platform in ("linux", "win32"):
        assert check(platform, PermissionStatus.DENIED, asked).problem("camera") is None
    assert asked == []
    denied = check("darwin", PermissionStatus.DENIED, asked).problem("microphone")
    assert denied is not None and denied.startswith("macOS does not let LiveShop Studio use the m")
    assert asked == ["microphone"]


# -- the camera source ----------------------------------------------------------------------


def camera_error(platform: str, status: PermissionStatus) -> str:
    def blocked_camera(url: str, input_format: str, options: dict[str, str]) -> Any:
        # What FFmpeg's avfoundation input says when it may not open the camera.
        raise av.error.OSError(errno.EIO, "Input/output error", "0")

    source = CameraSource(CameraSettings(device="0", name="Cam"), ManualClock())
    source.opener = staticmethod(blocked_camera)  # type: ignore[method-assign]
    source.permission_check = check(platform, status, [])
    source.retry_interval_s = 0.05
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        return source.health.message
    finally:
        source.stop()


def test_a_camera_macos_denies_reports_the_permission_sentence() -> None:
    message = camera_error("darwin", PermissionStatus.DENIED)
    assert message.startswith("macOS does not let LiveShop Studio use the camera. ")
    assert "Privacy & Security → Camera" in message


def test_a_camera_under_a_management_profile_says_so() -> None:
    message = camera_error("darwin", PermissionStatus.RESTRICTED)
    assert message.startswith("A device-management profile or parental control")


@pytest.mark.parametrize(
    ("platform", "status"),
    [
        ("linux", PermissionStatus.DENIED),
        ("win32", PermissionStatus.DENIED),
        ("darwin", PermissionStatus.AUTHORIZED),
    ],
)
def test_other_camera_failures_keep_their_own_reason(
    platform: str, status: PermissionStatus
) -> None:
    assert camera_error(platform, status) == (
        "camera '0' is not available: [Errno 5] Input/output error: '0'"
    )


# -- the microphone source ------------------------------------------------------------------


OPEN_FAILED = "Error opening InputStream: Internal PortAudio error [PaErrorCode -9986]"


class FakeSoundDevice:
    """sounddevice with one default input whose stream cannot be opened (so a test ends)."""

    def __init__(self) -> None:
        self.default = SimpleNamespace(device=(0, 1))
        self.streams_opened = 0

    def query_devices(self, index: int | None = None, kind: str | None = None) -> Any:
        info = {"name": "Built-in Microphone", "max_input_channels": 1, "default_samplerate": 48000}
        return info if index is not None else [info]

    def InputStream(self, **_options: Any) -> Any:  # sounddevice's name
        self.streams_opened += 1
        raise RuntimeError(OPEN_FAILED)


def microphone_error(
    monkeypatch: pytest.MonkeyPatch, platform: str, status: PermissionStatus
) -> tuple[str, int]:
    sd = FakeSoundDevice()
    monkeypatch.setattr(microphone, "import_sounddevice", lambda: sd)
    source = MicrophoneSource(MicrophoneSettings(name="Mic"), ManualClock())
    source.permission_check = check(platform, status, [])
    source.retry_interval_s = 0.05
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        assert source.read_audio(0, 480) is None
        return source.health.message, sd.streams_opened
    finally:
        source.stop()


def test_a_microphone_macos_denies_is_never_opened_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message, streams_opened = microphone_error(monkeypatch, "darwin", PermissionStatus.DENIED)
    assert message.startswith("macOS does not let LiveShop Studio use the microphone. ")
    assert "Privacy & Security → Microphone" in message
    assert streams_opened == 0  # opened, it would have delivered silence


def test_a_restricted_microphone_is_never_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    message, streams_opened = microphone_error(monkeypatch, "darwin", PermissionStatus.RESTRICTED)
    assert message.startswith("A device-management profile or parental control on this Mac")
    assert streams_opened == 0


@pytest.mark.parametrize(
    ("platform", "status"),
    [
        ("linux", PermissionStatus.DENIED),
        ("win32", PermissionStatus.DENIED),
        ("darwin", PermissionStatus.AUTHORIZED),
        ("darwin", PermissionStatus.NOT_DETERMINED),  # opening it makes macOS ask
    ],
)
def test_other_microphones_are_opened_and_keep_their_own_reason(
    monkeypatch: pytest.MonkeyPatch, platform: str, status: PermissionStatus
) -> None:
    message, streams_opened = microphone_error(monkeypatch, platform, status)
    assert message == f"Microphone (the system's default input) is not available: {OPEN_FAILED}"
    assert streams_opened >= 1
