"""A destination of the running show that has not received it for a while: reconnecting (or
given up) for longer than a blip. A destination that is live again for a moment and drops
once more keeps its alert, and the time it has been off air keeps counting."""

from __future__ import annotations

from collections.abc import Mapping

from studio.alerts.latch import Latch
from studio.alerts.model import Alert, AlertId, AlertLevel, SettingsPage
from studio.alerts.thresholds import AlertThresholds
from studio.alerts.wording import duration_text
from studio.outputs.base import OutputEvent, OutputState

OFF_AIR = (OutputState.RECONNECTING, OutputState.FAILED)


def describe_off_air(event: OutputEvent, off_air_s: float) -> str:
    why = event.message.rstrip(".") if event.message else "no answer"
    trying = (
        "It stopped retrying: press Retry now once the problem is fixed"
        if event.state == OutputState.FAILED
        else "It keeps reconnecting by itself"
    )
    return (
        f"{event.output} has not received the show for {duration_text(off_air_s)} — "
        f"{why}. Viewers there see it frozen or ended. {trying}; check your internet "
        "connection, and the server address and stream key in Settings → Destinations."
    )


class DestinationRules:
    def __init__(self, thresholds: AlertThresholds) -> None:
        self._limits = thresholds
        self._latches: dict[str, Latch] = {}
        self.alerts: list[Alert] = []

    def observe(self, now_s: float, states: Mapping[str, OutputEvent]) -> None:
        """``states``: the latest event of each destination of the running show, by name
        (empty when no show runs)."""
        for name in [n for n in self._latches if n not in states]:
            del self._latches[name]
        alerts = []
        for name, event in states.items():
            latch = self._latches.setdefault(
                name, Latch(self._limits.destination_reconnecting_s, self._limits.clear_after_s)
            )
            cause = (
                True if event.state in OFF_AIR
                else False if event.state == OutputState.LIVE
                else None  # connecting: a first try, or Retry now
            )  # fmt: skip
            if latch.update(now_s, cause):
                text = describe_off_air(event, now_s - latch.since_s)
                alerts.append(Alert(AlertId.DESTINATION_RECONNECTING, name, AlertLevel.ERROR,
                                    text, latch.since_s, SettingsPage.DESTINATIONS))  # fmt: skip
        self.alerts = alerts
