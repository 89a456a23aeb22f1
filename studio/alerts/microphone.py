"""A microphone that is on air and not muted but hears nothing while the show is live: an
unplugged device, a mute switch on the device, or the wrong input chosen. Sound clears it at
once (raising it again takes another whole silence, so it cannot flicker)."""

from __future__ import annotations

from collections.abc import Mapping

from studio.alerts.latch import Latch
from studio.alerts.model import Alert, AlertId, AlertLevel, SettingsPage
from studio.alerts.thresholds import AlertThresholds
from studio.alerts.wording import duration_text


class MicrophoneRules:
    def __init__(self, thresholds: AlertThresholds) -> None:
        self._limits = thresholds
        self._latches: dict[str, Latch] = {}
        self.alerts: list[Alert] = []

    def observe(self, now_s: float, live: bool, peaks_dbfs: Mapping[str, float]) -> None:
        """``peaks_dbfs``: the latest peak of each microphone on air and not muted (a muted
        or hidden one is left out: its silence is the host's choice)."""
        watched = peaks_dbfs if live else {}
        for name in [n for n in self._latches if n not in watched]:
            del self._latches[name]
        limits, alerts = self._limits, []
        for name, peak_dbfs in watched.items():
            latch = self._latches.setdefault(name, Latch(limits.microphone_silent_s, 0.0))
            cause = (
                True if peak_dbfs < limits.microphone_silent_dbfs
                else False if peak_dbfs > limits.microphone_sound_dbfs
                else None
            )  # fmt: skip
            if latch.update(now_s, cause):
                silent_s = now_s - latch.since_s
                text = (
                    f"No sound from the microphone '{name}' for {duration_text(silent_s)} "
                    "while live — it may be unplugged, muted on the device itself, or the "
                    "wrong input is chosen. Check its cable and mute switch, or choose the "
                    "microphone in Settings → Audio."
                )
                alerts.append(Alert(AlertId.MICROPHONE_SILENT, name, AlertLevel.ERROR, text,
                                    latch.since_s, SettingsPage.AUDIO))  # fmt: skip
        self.alerts = alerts
