"""Platform presets (one data file, ``resources/platforms.json``) and destination checks.

The figures come from PLATFORMS.md; they live in data, not code, so a platform changing its
ingest server is a one-line edit. Checks return sentences a host can act on.
"""

from __future__ import annotations

import functools
import ipaddress
import json
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    channels: tuple[int, ...] = (1, 2)
    bitrate_kbps: int
    max_bitrate_kbps: int


H264Profile = Literal["baseline", "main", "high"]
Orientation = Literal["landscape", "vertical"]


class VideoGuidance(BaseModel):
    """What the platform's ingest accepts; None (or an empty list) means it sets no limit."""

    model_config = _FROZEN

    codecs: tuple[Literal["h264", "hevc", "av1"], ...]
    h264_profiles: tuple[H264Profile, ...]
    recommended_h264_profiles: tuple[H264Profile, ...]
    # Long and short side rather than width and height: the same limit holds for a vertical
    # picture (1080×1920 is within "1080p").
    max_long_side_px: int | None = Field(ge=2)
    max_short_side_px: int | None = Field(ge=2)
    frame_rates: tuple[float, ...]  # the only rates accepted; empty: any up to max_fps
    max_fps: float | None = Field(gt=0)
    orientation: Literal["landscape", "vertical", "any"]  # accepted
    recommended_orientation: Orientation | None


class SafeZone(BaseModel):
    """Where the platform's app draws over the picture, as fractions of a 9:16 canvas."""

    model_config = _FROZEN

    name: str = Field(pattern=r"^[a-z_]+$")
    label: str  # "right-hand buttons column": how the report and the guide name it
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    width: float = Field(gt=0, le=1)
    height: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _inside_the_canvas(self) -> SafeZone:
        if self.x + self.width > 1.0001 or self.y + self.height > 1.0001:
            raise ValueError(f"safe zone '{self.name}' reaches past the canvas")
        return self

    def on_canvas(self, width: int, height: int) -> tuple[float, float, float, float]:
        """The zone in pixels of a canvas: x, y, width, height."""
        return self.x * width, self.y * height, self.width * width, self.height * height


class PlatformPreset(BaseModel):
    model_config = _FROZEN

    id: PlatformId
    display_name: str
    servers: tuple[IngestServer, ...]
    # Host names (a domain and its subdomains) that belong to the platform besides its listed
    # servers: how a pasted URL of a per-stream server is recognised.
    ingest_hosts: tuple[str, ...] = ()
    server_issued_per_stream: bool  # the user pastes the server URL with the key
    requires_rtmps: bool
    keyframe_interval_s: float  # recommended
    max_keyframe_interval_s: float | None  # above it the platform refuses or stutters
    video_bitrate_kbps: tuple[BitrateRange, ...]
    video: VideoGuidance
    audio: AudioGuidance
    max_duration_h: float | None
    # Whether a publish to the key is seen by viewers at once: a test connection then stops
    # after the handshake instead of publishing.
    publish_goes_public: bool
    # Appended to the key for a publish that the platform takes and never shows (Twitch).
    bandwidth_test_query: str | None = None
    safe_zones: tuple[SafeZone, ...] = ()  # for a vertical canvas; empty: none known
    guesses: tuple[str, ...] = ()  # the fields ("video.max_fps") whose figure is a guess
    notes: str

    @model_validator(mode="after")
    def _guesses_name_fields(self) -> PlatformPreset:
        unknown = [path for path in self.guesses if not _names_a_field(type(self), path)]
        if unknown:
            raise ValueError(f"guesses name unknown fields: {', '.join(unknown)}")
        return self

    @property
    def default_server_url(self) -> str:
        return self.servers[0].url if self.servers else ""

    @property
    def rtmps_server_url(self) -> str:
        """The first secure ingest server, or "" when none is listed."""
        return next((s.url for s in self.servers if s.url.lower().startswith("rtmps://")), "")

    def is_guess(self, field_path: str) -> bool:
        return field_path in self.guesses

    def bitrate_range(self, height: int, fps: float) -> BitrateRange | None:
        """The recommended range for the closest listed format (``1080p30``…), if any.
        ``height`` is the picture's short side (a 1080×1920 vertical is "1080p")."""
        if not self.video_bitrate_kbps:
            return None
        wanted = (height, fps)

        def distance(entry: BitrateRange) -> tuple[int, float]:
            entry_height, _, entry_fps = entry.format.partition("p")
            return abs(int(entry_height) - wanted[0]), abs(float(entry_fps) - wanted[1])

        return min(self.video_bitrate_kbps, key=distance)


def _names_a_field(model: type[BaseModel], path: str) -> bool:
    """Whether a dotted path (``audio.channels``) names a field of ``model``."""
    head, _, rest = path.partition(".")
    info = model.model_fields.get(head)
    if info is None:
        return False
    if not rest:
        return True
    annotation = info.annotation
    return (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and _names_a_field(annotation, rest)
    )


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


CUSTOM_PLATFORM = "custom"


def platform_of_url(url: str) -> str:
    """The platform a destination URL belongs to ("youtube"…), from the hosts of the
    presets' ingest servers and their ``ingest_hosts``; "custom" for loopback, an IP
    address, a malformed URL or any other server."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return CUSTOM_PLATFORM
    if not host or host == "localhost" or _is_ip_address(host):
        return CUSTOM_PLATFORM
    for preset in platform_presets().values():
        if any(host == domain or host.endswith("." + domain) for domain in _domains(preset)):
            return str(preset.id)
    return CUSTOM_PLATFORM


def _domains(preset: PlatformPreset) -> list[str]:
    # A listed server counts for its whole domain: a.rtmp.youtube.com stands for youtube.com.
    from_servers = [
        ".".join((urlsplit(server.url).hostname or "").lower().split(".")[-2:])
        for server in preset.servers
    ]
    return [domain for domain in (*preset.ingest_hosts, *from_servers) if domain]


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
