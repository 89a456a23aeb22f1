"""The app settings document: destinations, video, audio, recording, hotkeys.

Stream keys and API tokens are never part of it: they live in the system keyring
(:mod:`studio.settings.secrets`), looked up by the destination's stable ``id``.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from studio.data_folder import user_folders
from studio.encode.settings import SOFTWARE_VIDEO_ENCODER, VideoEncoderSettings
from studio.settings.chat_accounts import ChatSettings
from studio.settings.hotkeys import DEFAULT_HOTKEYS
from studio.settings.platforms import PlatformId, server_url_problems
from studio.settings.store_account import StoreSettings

if TYPE_CHECKING:
    from studio.settings.secrets import SecretStore

SETTINGS_FORMAT_VERSION = 1
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow")

_MODEL = ConfigDict(extra="forbid", frozen=True)


class DestinationNotReadyError(ValueError):
    """A destination cannot be streamed to yet; the message names it and never holds a key."""


class MissingStreamKeyError(DestinationNotReadyError):
    pass


def _even(value: int) -> int:
    if value % 2:
        raise ValueError("must be an even number (video encoders need even sizes)")
    return value


FrameSize = Annotated[int, Field(ge=64, le=7680), AfterValidator(_even)]


class Destination(BaseModel):
    """Where a show is pushed. ``canvas`` names the scene canvas it carries (None: the main
    one), so a vertical canvas can go to TikTok while the landscape one goes to YouTube."""

    model_config = _MODEL

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=100)
    platform: PlatformId = "custom"
    server_url: str = Field("", max_length=2000)
    enabled: bool = True
    canvas: str | None = None

    def problems(self) -> list[str]:
        """What keeps this destination from working with its platform (sentences, or [])."""
        return server_url_problems(self.platform, self.server_url, self.name)

    def stream_url(self, secrets: SecretStore) -> str:
        """The server URL joined with the stream key from the keyring."""
        server = self.server_url.strip()
        if not server:
            raise DestinationNotReadyError(
                f"The destination '{self.name}' has no server URL: add it in Settings → "
                "Destinations."
            )
        key = secrets.get_stream_key(self.id)
        if not key:
            raise MissingStreamKeyError(
                f"The destination '{self.name}' has no stream key: paste it in Settings → "
                "Destinations (it is kept in the system keyring, not in the settings file)."
            )
        return f"{server.rstrip('/')}/{key.strip().lstrip('/')}"


class VideoSettings(BaseModel):
    """The main canvas and how it is encoded. ``output_width``/``output_height`` scale the
    encoded picture down from the canvas (both None: encode at canvas size)."""

    model_config = _MODEL

    orientation: Literal["landscape", "vertical"] = "landscape"
    canvas_width: FrameSize = 1920
    canvas_height: FrameSize = 1080
    fps: int = Field(30, ge=10, le=120)
    output_width: FrameSize | None = None
    output_height: FrameSize | None = None
    encoder: str = Field(SOFTWARE_VIDEO_ENCODER, min_length=1)
    bitrate_kbps: int = Field(4500, ge=300, le=50_000)
    keyframe_interval_s: float = Field(2.0, gt=0, le=10)
    preset: Literal[X264_PRESETS] = "veryfast"  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _shape_matches_orientation(self) -> VideoSettings:
        landscape = self.canvas_width >= self.canvas_height
        if landscape != (self.orientation == "landscape"):
            raise ValueError(
                f"a {self.orientation} canvas cannot be {self.canvas_width}×{self.canvas_height}"
            )
        if (self.output_width is None) != (self.output_height is None):
            raise ValueError("output_width and output_height go together (or both empty)")
        if self.output_width is not None and (
            self.output_width > self.canvas_width or self.output_height > self.canvas_height  # type: ignore[operator]
        ):
            raise ValueError("the output size cannot be larger than the canvas")
        return self

    @property
    def output_size(self) -> tuple[int, int]:
        if self.output_width is None or self.output_height is None:
            return self.canvas_width, self.canvas_height
        return self.output_width, self.output_height

    def encoder_settings(self) -> VideoEncoderSettings:
        output_width, _ = self.output_size
        return VideoEncoderSettings(
            encoder=self.encoder,
            bitrate_kbps=self.bitrate_kbps,
            keyframe_interval_s=self.keyframe_interval_s,
            preset=self.preset,
            output_scale=output_width / self.canvas_width,
        )


class AudioSettings(BaseModel):
    model_config = _MODEL

    microphone: str | None = None  # device name as listed; None: the system default
    sample_rate_hz: Literal[44_100, 48_000] = 48_000
    bitrate_kbps: int = Field(160, ge=64, le=320)


def _default_recording_folder() -> Path:
    return user_folders().recordings


class RecordingSettings(BaseModel):
    model_config = _MODEL

    folder: Path = Field(default_factory=_default_recording_folder)
    format: Literal["mkv", "mp4"] = "mkv"  # mkv survives a crash; mp4 is fragmented


class AppSettings(BaseModel):
    model_config = _MODEL

    format_version: int = SETTINGS_FORMAT_VERSION
    destinations: list[Destination] = Field(default_factory=list)
    video: VideoSettings = Field(default_factory=VideoSettings)
    audio: AudioSettings = Field(default_factory=AudioSettings)
    recording: RecordingSettings = Field(default_factory=RecordingSettings)
    hotkeys: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_HOTKEYS))
    chat: ChatSettings = Field(default_factory=ChatSettings)  # tokens: keyring
    store: StoreSettings = Field(default_factory=StoreSettings)  # tokens: keyring

    @field_validator("format_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SETTINGS_FORMAT_VERSION:
            raise ValueError(
                f"format version {value} is not supported (this version of LiveShop Studio "
                f"reads version {SETTINGS_FORMAT_VERSION})"
            )
        return value

    @field_validator("hotkeys")
    @classmethod
    def _complete_hotkeys(cls, value: dict[str, str]) -> dict[str, str]:
        # Actions added in a newer release get their default; "" means deliberately unbound.
        return {**DEFAULT_HOTKEYS, **{k: v.strip() for k, v in value.items()}}

    @model_validator(mode="after")
    def _unique_destination_ids(self) -> AppSettings:
        seen: set[str] = set()
        for destination in self.destinations:
            if destination.id in seen:
                raise ValueError(f"two destinations share the id '{destination.id}'")
            seen.add(destination.id)
        return self

    def enabled_destinations(self) -> list[Destination]:
        return [d for d in self.destinations if d.enabled]

    def destination(self, destination_id: str) -> Destination | None:
        return next((d for d in self.destinations if d.id == destination_id), None)
