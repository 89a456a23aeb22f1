"""What preflight found: problems, each with the fix named, and the one-click fixes as values.

A problem reads as one line, ``DESTINATION: error|warning: what is wrong (fix: what to do)``.
Errors block the show; warnings do not. A fix that the studio can apply itself is a typed
value (:class:`Fix` subclasses) the window turns into a button and the settings apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Fix:
    """A change the studio can make for the host; ``label`` is the button's text."""

    label: str


@dataclass(frozen=True, slots=True)
class UseServerUrl(Fix):
    """Point one destination (by its settings id) at another server URL (e.g. rtmps://…)."""

    destination_id: str
    server_url: str


@dataclass(frozen=True, slots=True)
class SetVideoBitrate(Fix):
    bitrate_kbps: int


@dataclass(frozen=True, slots=True)
class SetKeyframeInterval(Fix):
    keyframe_interval_s: float


@dataclass(frozen=True, slots=True)
class SetAudioBitrate(Fix):
    bitrate_kbps: int


@dataclass(frozen=True, slots=True)
class SetAudioRate(Fix):
    sample_rate_hz: int


@dataclass(frozen=True, slots=True)
class PreflightProblem:
    destination: str  # the name the host gave it (never the URL with its key)
    severity: Severity
    what: str  # what is wrong, a sentence without the final full stop
    fix: str  # what to do
    action: Fix | None = None  # the one-click fix, where one exists

    @property
    def line(self) -> str:
        return f"{self.destination}: {self.severity}: {self.what} (fix: {self.fix})"


@dataclass(frozen=True, slots=True)
class PreflightReport:
    problems: tuple[PreflightProblem, ...] = ()

    @property
    def errors(self) -> tuple[PreflightProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[PreflightProblem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def blocks_show(self) -> bool:
        return bool(self.errors)

    def lines(self) -> list[str]:
        return [p.line for p in self.problems]

    def __add__(self, other: PreflightReport) -> PreflightReport:
        return PreflightReport(self.problems + other.problems)
