"""Typed encoder settings (the properties form is drawn from these models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HARDWARE_VIDEO_ENCODERS = ("h264_nvenc", "h264_qsv", "h264_amf", "h264_videotoolbox")
SOFTWARE_VIDEO_ENCODER = "libx264"


class VideoEncoderSettings(BaseModel):
    """H.264 settings every live platform accepts (see PLATFORMS.md): 2 s keyframes, CBR-like
    VBV (maxrate = bitrate, 1 s buffer), no B-frames so latency stays low."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    encoder: str = SOFTWARE_VIDEO_ENCODER
    bitrate_kbps: int = Field(4500, ge=100, le=50_000)
    keyframe_interval_s: float = Field(2.0, gt=0.0, le=10.0)
    preset: str = "veryfast"
    profile: Literal["baseline", "main", "high"] = "high"
    tune: str | None = "zerolatency"
    b_frames: int = Field(0, ge=0, le=4)
    buffer_s: float = Field(1.0, gt=0.0, le=10.0)  # VBV buffer = bitrate × buffer_s
    pix_fmt: Literal["yuv420p"] = "yuv420p"
    threads: int | None = Field(None, ge=1, le=64)  # x264 threads; None = x264 decides
    # Encode the canvas scaled down by this factor (OBS's "output resolution"); 1 = as is.
    output_scale: float = Field(1.0, gt=0.0, le=1.0)

    def output_size(self, canvas_width: int, canvas_height: int) -> tuple[int, int]:
        """The encoded picture's size for a canvas: scaled, even, at least 2×2."""
        if self.output_scale >= 1.0:
            return canvas_width, canvas_height

        def even(value: float) -> int:
            return max(2, round(value / 2) * 2)

        return even(canvas_width * self.output_scale), even(canvas_height * self.output_scale)


class AudioEncoderSettings(BaseModel):
    """AAC-LC stereo, at 48 or 44.1 kHz (the mix is always 48 kHz; 44.1 is resampled)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    encoder: Literal["aac"] = "aac"
    bitrate_kbps: int = Field(160, ge=64, le=320)
    sample_rate_hz: Literal[44_100, 48_000] = 48_000
    channels: Literal[2] = 2
