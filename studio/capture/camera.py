"""Camera capture through FFmpeg's device demuxers (dshow, avfoundation, v4l2)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from studio.capture.base import Source, SourceSettings
from studio.capture.registry import register_source


class CameraSettings(SourceSettings):
    kind: Literal["camera"] = "camera"
    device: str = Field(default="", description="Device id from `studio devices`; empty = first")
    width: int | None = Field(default=None, ge=16, le=7680)
    height: int | None = Field(default=None, ge=16, le=4320)
    fps: float | None = Field(default=None, gt=0, le=240)
    input_format: str | None = Field(default=None, description="e.g. mjpeg, yuyv422")


@register_source
class CameraSource(Source):
    kind = "camera"
    settings_type = CameraSettings
    has_video = True
    # TODO(capture helper): implement
