"""A destination reconnecting for more than 5 s, on a fake clock."""

from __future__ import annotations

from studio.alerts import AlertId, AlertLevel, AlertMonitor, SettingsPage
from studio.outputs.base import OutputEvent, OutputState, StopReason

LIVE = OutputEvent("YouTube", OutputState.LIVE, StopReason.NONE, "Live on rtmp://a.example.")
LOST = OutputEvent(
    "YouTube",
    OutputState.RECONNECTING,
    StopReason.DISCONNECTED,
    "The server closed the connection. Retrying in 2.0 s (attempt 1 of 25).",
)
GAVE_UP = OutputEvent("YouTube", OutputState.FAILED, StopReason.RETRIES_EXHAUSTED, "Gave up.")
CONNECTING = OutputEvent("YouTube", OutputState.CONNECTING, StopReason.NONE, "Connecting.")


def off_air(monitor: AlertMonitor) -> list[str]:
    return [a.text for a in monitor.active() if a.id == AlertId.DESTINATION_RECONNECTING]


def test_reconnecting_for_more_than_five_seconds_raises_and_live_again_clears() -> None:
    monitor = AlertMonitor()
    monitor.observe_destinations(0.0, {"YouTube": LIVE})
    monitor.observe_destinations(10.0, {"YouTube": LOST})
    monitor.observe_destinations(14.9, {"YouTube": LOST})
    assert off_air(monitor) == []  # a blip is not an alert
    monitor.observe_destinations(15.0, {"YouTube": LOST})
    [text] = off_air(monitor)
    assert text.startswith(
        "YouTube has not received the show for 5 s — The server closed the connection."
    )
    assert "Settings → Destinations" in text
    [alert] = monitor.active()
    assert (alert.level, alert.settings_page, alert.since_s) == (
        AlertLevel.ERROR, SettingsPage.DESTINATIONS, 10.0
    )  # fmt: skip
    monitor.observe_destinations(22.0, {"YouTube": LOST})
    assert "for 12 s" in off_air(monitor)[0]
    # Back: it stays up for the 3 s wait (a connection that drops again keeps its alert)...
    monitor.observe_destinations(23.0, {"YouTube": LIVE})
    assert off_air(monitor)
    monitor.observe_destinations(24.0, {"YouTube": LOST})
    assert "for 14 s" in off_air(monitor)[0]  # still counted from the first loss
    monitor.observe_destinations(25.0, {"YouTube": LIVE})
    monitor.observe_destinations(27.9, {"YouTube": LIVE})
    assert off_air(monitor)
    monitor.observe_destinations(28.0, {"YouTube": LIVE})
    assert off_air(monitor) == []


def test_given_up_stays_up_and_says_so_and_the_show_ending_clears() -> None:
    monitor = AlertMonitor()
    monitor.observe_destinations(0.0, {"YouTube": LOST})
    monitor.observe_destinations(60.0, {"YouTube": GAVE_UP})
    [text] = off_air(monitor)
    assert "for 60 s" in text and "It stopped retrying" in text
    monitor.observe_destinations(61.0, {})
    assert monitor.active() == []


def test_retry_now_connecting_again_keeps_the_alert_until_live() -> None:
    monitor = AlertMonitor()
    monitor.observe_destinations(0.0, {"YouTube": LOST})
    monitor.observe_destinations(6.0, {"YouTube": LOST})
    monitor.observe_destinations(7.0, {"YouTube": CONNECTING})
    assert off_air(monitor)


def test_each_destination_has_its_own_alert() -> None:
    monitor = AlertMonitor()
    twitch_live = OutputEvent("Twitch", OutputState.LIVE, StopReason.NONE, "")
    monitor.observe_destinations(0.0, {"YouTube": LOST, "Twitch": twitch_live})
    monitor.observe_destinations(6.0, {"YouTube": LOST, "Twitch": twitch_live})
    assert [a.subject for a in monitor.active()] == ["YouTube"]
