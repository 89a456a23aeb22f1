"""Camera capture through FFmpeg's device demuxers (dshow, avfoundation, v4l2)."""

from __future__ import annotations

import sys
from typing import Any, Literal

import av
from pydantic import Field

from studio.capture.base import SourceSettings, SourceState
from studio.capture.device_permission import PermissionCheck
from studio.capture.registry import register_source
from studio.capture.threaded import ThreadedSource, exception_reason
from studio.media import VideoPicture


class CameraSettings(SourceSettings):
    kind: Literal["camera"] = "camera"
    device: str = Field(default="", description="Device id from `studio devices`; empty = first")
    width: int | None = Field(default=None, ge=16, le=7680)
    height: int | None = Field(default=None, ge=16, le=4320)
    fps: float | None = Field(default=None, gt=0, le=240)
    input_format: str | None = Field(default=None, description="e.g. mjpeg, yuyv422")


def camera_input(
    settings: CameraSettings, platform: str = sys.platform
) -> tuple[str, str, dict[str, str]]:
    """(url, FFmpeg input format, options) that open the camera on this platform."""
    options: dict[str, str] = {}
    if settings.width and settings.height:
        options["video_size"] = f"{settings.width}x{settings.height}"
    if settings.fps:
        options["framerate"] = f"{settings.fps:g}"
    device = settings.device
    if platform.startswith("win"):
        if settings.input_format:
            # dshow calls compressed formats "vcodec" and raw ones "pixel_format".
            key = "vcodec" if settings.input_format in ("mjpeg", "h264") else "pixel_format"
            options[key] = settings.input_format
        name = device or _first_camera_id()
        return (name if name.startswith("video=") else f"video={name}"), "dshow", options
    if platform == "darwin":
        if settings.input_format:
            options["pixel_format"] = settings.input_format
        return (device or "0"), "avfoundation", options
    if settings.input_format:
        options["input_format"] = settings.input_format
    if device.isdigit():
        device = f"/dev/video{device}"
    return (device or _first_camera_id() or "/dev/video0"), "v4l2", options


def _first_camera_id() -> str:
    from studio.capture.devices import list_cameras  # devices imports this module's settings

    cameras = list_cameras()
    return cameras[0].id if cameras else ""


def open_camera(url: str, input_format: str, options: dict[str, str]) -> Any:
    """Open the device; tests replace this to simulate cameras."""
    return av.open(url, format=input_format, options=options, timeout=(5.0, 2.0))


@register_source
class CameraSource(ThreadedSource):
    kind = "camera"
    settings_type = CameraSettings
    has_video = True
    follows_clock = True

    opener = staticmethod(open_camera)
    # On macOS a camera the app may not use fails with a reason that never says so.
    permission_check = PermissionCheck()

    @property
    def _label(self) -> str:
        return self.settings.device or "default"

    def _run(self) -> None:
        url, input_format, options = camera_input(self.settings)
        container = self.opener(url, input_format, options)
        try:
            self._set_health(SourceState.OK)
            for frame in container.decode(video=0):
                self._publish(VideoPicture(frame, self._next_seq(), self.clock.now_ns()))
                if self.stopping:
                    return
            # A device's stream has no end: ending means it was unplugged.
            raise OSError("the camera stopped sending pictures")
        finally:
            container.close()

    def _describe_error(self, exc: BaseException) -> str:
        problem = self.permission_check.problem("camera")
        if problem is not None:
            return problem
        return f"camera '{self._label}' is not available: {exception_reason(exc)}"
