"""Platform presets (one data file, ``resources/platforms.json``) and destination checks.

The figures come from PLATFORMS.md; they live in data, not code, so a platform changing its
ingest server is a one-line edit. Checks return sentences a host can act on.
"""

from __future__ import annotations

import functools
import json
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from studio.resources import resources_dir

PlatformId = Literal[
    "youtube", "twitch", "facebook", "tiktok", "amazon", "whatnot", "instagram", "custom"
]
RTMP_SCHEMES = ("rtmp", "rtmps")

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class IngestServer(BaseModel):
    model_config = _FROZEN

    name: str
    url: str


class BitrateRange(BaseModel):
    model_config = _FROZEN

    format: str  # "1080p30"
    min: int = Field(ge=0)
    max: int = Field(ge=0)


class AudioGuidance(BaseModel):
    model_config = _FROZEN

    codec: str
    sample_rates_hz: tuple[int, ...]
    bitrate_kbps: int
    max_bitrate_kbps: int


class PlatformPreset(BaseModel):
    model_config = _FROZEN

    id: PlatformId
    display_name: str
    servers: tuple[IngestServer, ...]
    server_issued_per_stream: bool  # the user pastes the server URL with the key
    requires_rtmps: bool
    keyframe_interval_s: float
    video_bitrate_kbps: tuple[BitrateRange, ...]
    audio: AudioGuidance
    max_duration_h: float | None
    notes: str

    @property
    def default_server_url(self) -> str:
        return self.servers[0].url if self.servers else ""

    def bitrate_range(self, height: int, fps: float) -> BitrateRange | None:
        """The recommended range for the closest listed format (``1080p30``…), if any."""
        if not self.video_bitrate_kbps:
            return None
        wanted = (height, fps)

        def distance(entry: BitrateRange) -> tuple[int, float]:
            entry_height, _, entry_fps = entry.format.partition("p")
            return abs(int(entry_height) - wanted[0]), abs(float(entry_fps) - wanted[1])

        return min(self.video_bitrate_kbps, key=distance)


class _PresetFile(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    format_version: int
    platforms: tuple[PlatformPreset, ...]


@functools.cache
def platform_presets() -> dict[str, PlatformPreset]:
    """Every preset by id, in the file's order (the order the dialog offers them)."""
    path = resources_dir() / "platforms.json"
    document = _PresetFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
    return {preset.id: preset for preset in document.platforms}


def preset_for(platform: str) -> PlatformPreset:
    try:
        return platform_presets()[platform]
    except KeyError:
        known = ", ".join(platform_presets())
        raise ValueError(f"Unknown platform '{platform}' (known: {known}).") from None


def server_url_problems(platform: str, server_url: str, name: str = "") -> list[str]:
    """What is wrong with ``server_url`` for a destination on ``platform``: sentences, or []."""
    preset = preset_for(platform)
    who = f"'{name}'" if name else f"this {preset.display_name} destination"
    subject = who[0].upper() + who[1:]
    text = server_url.strip()
    if not text:
        if preset.server_issued_per_stream:
            return [
                f"{subject} has no server URL: paste the one {preset.display_name} shows for "
                "this stream."
            ]
        return [f"{subject} has no server URL."]
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return [f"{subject}: the server URL is malformed (check the port number)."]
    scheme = parts.scheme.lower()
    if scheme not in RTMP_SCHEMES or not parts.hostname:
        return [
            f"{subject}: the server URL must look like rtmp://server/app or rtmps://server/app "
            f"(got '{_shorten(text)}')."
        ]
    if any(ch.isspace() for ch in text):
        return [f"{subject}: the server URL contains spaces."]
    if preset.requires_rtmps and scheme != "rtmps":
        return [
            f"{preset.display_name} only accepts secure streams: the server URL of {who} "
            f"must start with rtmps:// (for example {preset.default_server_url or 'rtmps://…'})."
        ]
    return []


def _shorten(text: str, limit: int = 60) -> str:
    # The user may have pasted a whole URL with the key: never echo more than the start.
    head = text.split("://", 1)[-1].split("/", 1)[0]
    scheme = text.split("://", 1)[0] + "://" if "://" in text else ""
    return (scheme + head)[:limit] + ("/…" if "/" in text.split("://", 1)[-1] else "")
