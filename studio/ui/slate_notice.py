"""A banner line per canvas while its slate stands in for the program: why, and what to do.

A lost camera: the show comes back by itself once the camera works again, so the line says
what to check. The host's break: a button ends it (as the be-right-back key does).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from studio.engine.slate import SlateEvent, SlateReason
from studio.ui.banner import BannerAction, BannerArea, BannerCondition, BannerLevel
from studio.ui.bridge import SessionBridge

KEY_PREFIX = "slate:"
BACK_TO_THE_SHOW = "Back to the show"
CAMERA_HINT = (
    "The show comes back by itself when the camera works again: check its cable, and that no "
    "other app is using it."
)


def slate_key(canvas: str) -> str:
    return f"{KEY_PREFIX}{canvas}"


class SlateNotice(QObject):
    def __init__(
        self, bridge: SessionBridge, banner: BannerArea, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge, self._banner = bridge, banner
        bridge.slate_changed.connect(self._changed)

    def _changed(self, event: SlateEvent) -> None:
        key = slate_key(event.canvas)
        if not event.active:
            self._banner.clear(key)
            return
        if event.reason is SlateReason.CAMERA_LOST:
            condition = BannerCondition(key, BannerLevel.WARNING, f"{event.message}. {CAMERA_HINT}")
        else:
            back = BannerAction(
                BACK_TO_THE_SHOW,
                self._bridge.toggle_be_right_back,
                "End the break: the program comes back (also the be-right-back hotkey)",
            )
            condition = BannerCondition(key, BannerLevel.INFO, event.message, (back,))
        self._banner.raise_condition(condition)
