"""Media file playback (video and its audio), looping, decoded with PyAV."""

from __future__ import annotations

from typing import Literal

from studio.capture.base import AudioMixSettings, ExistingFile, Source, SourceSettings
from studio.capture.registry import register_source


class MediaFileSettings(SourceSettings, AudioMixSettings):
    kind: Literal["media"] = "media"
    path: ExistingFile
    loop: bool = True
    audio: bool = True  # play the file's sound through the mixer


@register_source
class MediaFileSource(Source):
    kind = "media"
    settings_type = MediaFileSettings
    has_video = True
    has_audio = True
    # TODO(capture helper): implement
