"""What an alert is: a typed id, what it is about, one sentence with what is wrong, its likely
cause and what to do, and the settings page where that is done."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AlertId(StrEnum):
    DROPPED_FRAMES = "dropped_frames"
    ENCODER_BEHIND = "encoder_behind"
    DESTINATION_RECONNECTING = "destination_reconnecting"
    MICROPHONE_SILENT = "microphone_silent"
    DISK_NEARLY_FULL = "disk_nearly_full"


class AlertLevel(StrEnum):
    ERROR = "error"  # viewers notice it now
    WARNING = "warning"  # viewers will, or some already do


class SettingsPage(StrEnum):
    """Where the alert's action is taken (the Settings dialog's page names)."""

    VIDEO = "video"
    AUDIO = "audio"
    RECORDING = "recording"
    DESTINATIONS = "destinations"


@dataclass(frozen=True, slots=True)
class Alert:
    id: AlertId
    subject: str  # the canvas, destination, microphone or folder it is about
    level: AlertLevel
    text: str  # plain text: it may quote a server's words
    since_s: float  # when its cause began (the readings' clock), e.g. "off air for 12 s"
    settings_page: SettingsPage | None = None

    @property
    def key(self) -> str:
        return f"{self.id}:{self.subject}"
