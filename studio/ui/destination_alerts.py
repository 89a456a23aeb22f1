"""Banner lines for destinations that are not receiving the show: which one, why (the
output's own sentence, its key already masked) and what to try. One line per destination,
updated in place at each reconnect attempt, cleared when it publishes again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from studio.outputs.base import OutputEvent, OutputState, StopReason
from studio.ui.banner import BannerAction, BannerArea, BannerCondition, BannerLevel
from studio.ui.bridge import SessionBridge

KEY_PREFIX = "destination:"

CHECK_SETTINGS = "check the server address and stream key in Settings → Destinations"
CHECK_INTERNET = "check your internet connection"
GENERIC_HINT = f"Try: {CHECK_SETTINGS}, and {CHECK_INTERNET}."
HINTS: dict[StopReason, str] = {
    StopReason.CONNECT_FAILED: (
        f"Is the server running and its address right? Try: {CHECK_SETTINGS}, and {CHECK_INTERNET}."
    ),
    StopReason.INVALID_URL: f"Fix the address: {CHECK_SETTINGS}.",
    StopReason.DISCONNECTED: (
        "The server ended the stream: check the stream key in Settings → Destinations (a wrong "
        f"or already used key is the usual cause), and {CHECK_INTERNET}."
    ),
    StopReason.STALLED: (
        f"Nothing got through: {CHECK_INTERNET}, or lower the bitrate in Settings → Video."
    ),
}
GAVE_UP = "It stopped retrying: press Retry now once the problem is fixed."


def destination_key(name: str) -> str:
    return f"{KEY_PREFIX}{name}"


def describe(event: OutputEvent) -> str:
    """``Not receiving the show: <name> — <why>. <what to try>``."""
    why = event.message.rstrip(".") + "." if event.message else "No answer yet."
    what = HINTS.get(event.reason, GENERIC_HINT)
    if event.state == OutputState.FAILED:
        what = f"{what} {GAVE_UP}"
    return f"Not receiving the show: {event.output} — {why} {what}"


class DestinationAlerts(QObject):
    """Keeps one banner line per destination of the running show that is not receiving it."""

    def __init__(
        self,
        bridge: SessionBridge,
        banner: BannerArea,
        open_settings: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge, self._banner, self._open_settings = bridge, banner, open_settings
        bridge.destination_changed.connect(self._changed)
        bridge.live_changed.connect(self._live_changed)

    def _changed(self, event: OutputEvent) -> None:
        key = destination_key(event.output)
        if event.state in (OutputState.LIVE, OutputState.CONNECTING):
            self._banner.clear(key)  # receiving again (or a fresh try under way)
            return
        if event.state not in (OutputState.RECONNECTING, OutputState.FAILED):
            return
        name = event.output
        actions = (
            BannerAction(
                "Open Settings",
                self._open_settings,
                "Settings → Destinations: the server address and stream key",
            ),
            BannerAction(
                "Retry now",
                lambda: self._bridge.retry_destination(name),
                "Connect to this destination again now",
            ),
        )
        level = BannerLevel.ERROR
        self._banner.raise_condition(BannerCondition(key, level, describe(event), actions))

    def _live_changed(self, live: bool) -> None:
        if not live:
            self._banner.clear_prefix(KEY_PREFIX)  # the show ended: nothing to receive
