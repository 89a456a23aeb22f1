"""Alerts while live: conditions a host must act on (frames dropped, the encoder behind, a
destination off air, a silent microphone, the recordings disk filling), each with its likely
cause and an action, raised and cleared by :class:`AlertMonitor` from timestamped readings."""

from studio.alerts.model import Alert, AlertId, AlertLevel, SettingsPage
from studio.alerts.monitor import AlertMonitor, microphone_peaks
from studio.alerts.thresholds import AlertThresholds

__all__ = [
    "Alert",
    "AlertId",
    "AlertLevel",
    "AlertMonitor",
    "AlertThresholds",
    "SettingsPage",
    "microphone_peaks",
]
