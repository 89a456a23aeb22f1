"""Microphone capture through sounddevice (PortAudio), resampled to 48 kHz stereo."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from studio.capture.base import AudioMixSettings, Source, SourceSettings
from studio.capture.registry import register_source


class MicrophoneSettings(SourceSettings, AudioMixSettings):
    kind: Literal["microphone"] = "microphone"
    device: str = Field(default="", description="Device name (or part of it); empty = default")
    sample_rate: int | None = Field(default=None, ge=8000, le=192000)
    channels: int | None = Field(default=None, ge=1, le=32)


@register_source
class MicrophoneSource(Source):
    kind = "microphone"
    settings_type = MicrophoneSettings
    has_audio = True
    # TODO(capture helper): implement
