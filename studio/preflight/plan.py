"""What preflight checks: the show as it would go live (destinations, encoding, scene)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.encode.settings import AudioEncoderSettings, VideoEncoderSettings
    from studio.scene.model import SceneCollection


@dataclass(frozen=True, slots=True)
class PlannedDestination:
    """One destination of the show, with the canvas it carries."""

    name: str  # shown in the report; never the URL (it holds the key)
    url: str = ""  # server URL joined with the stream key; "" when the key is missing
    server_url: str = ""  # without the key (what Settings shows)
    canvas: str = ""  # canvas name
    width: int = 1920  # the encoded picture of that canvas
    height: int = 1080
    fps: float = 30.0
    platform: str = "custom"  # a preset id of resources/platforms.json
    destination_id: str | None = None  # the settings' destination, for fixes that edit it


@dataclass(frozen=True, slots=True)
class ShowPlan:
    destinations: tuple[PlannedDestination, ...]
    video: VideoEncoderSettings
    audio: AudioEncoderSettings
    collection: SceneCollection | None = None  # for the safe zones of vertical platforms
    uplink_kbps: float | None = None  # measured by the upload probe; None: not measured
