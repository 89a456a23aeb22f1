"""Text rendered with Qt's font engine (bundled DejaVu Sans by default).

Rendering happens on the source's thread through :mod:`studio.render.text` (the one module
allowed to touch Qt), and again only when the text or settings change.
"""

from __future__ import annotations

import threading
from typing import Any, Literal

from pydantic import Field

from studio.capture.base import HexColor, SourceEventHandler, SourceSettings, SourceState
from studio.capture.registry import register_source
from studio.capture.threaded import ThreadedSource, exception_reason
from studio.clock import Clock
from studio.media import OverlayPicture


class TextSettings(SourceSettings):
    kind: Literal["text"] = "text"
    text: str = Field(max_length=10_000)
    font_family: str = "DejaVu Sans"
    font_size_px: int = Field(default=48, ge=4, le=1000)
    bold: bool = False
    color: HexColor = "#FFFFFF"
    background: HexColor | None = None
    outline_color: HexColor | None = None
    outline_px: int = Field(default=0, ge=0, le=50)
    padding_px: int = Field(default=8, ge=0, le=500)
    align: Literal["left", "center", "right"] = "left"
    wrap_width_px: int | None = Field(default=None, ge=16, le=7680)


@register_source
class TextSource(ThreadedSource):
    kind = "text"
    settings_type = TextSettings
    has_video = True

    @classmethod
    def expected_size(cls, settings: Any) -> tuple[int, int] | None:
        from studio.render.text import render_text_image  # Qt is loaded only when needed

        height, width = render_text_image(**text_render_args(settings)).shape[:2]
        return width, height

    def __init__(
        self, settings: TextSettings, clock: Clock, on_event: SourceEventHandler | None = None
    ) -> None:
        super().__init__(settings, clock, on_event)
        self._changed = threading.Event()
        self._changed.set()
        self._pending: TextSettings = settings
        self._pending_lock = threading.Lock()

    def set_text(self, text: str) -> None:
        """Live update (prices, countdowns): re-rendered on the source's thread."""
        self.update_settings(self._pending.model_copy(update={"text": text}))

    def update_settings(self, settings: TextSettings) -> None:
        with self._pending_lock:
            self._pending = settings
        self._changed.set()

    def stop(self) -> None:
        self._changed.set()  # wakes the thread so it sees the stop
        super().stop()
        self._changed.set()  # render again after a restart

    def _run(self) -> None:
        from studio.render.text import render_text_image  # Qt is loaded only when needed

        rendered: TextSettings | None = None
        while not self.stopping:
            self._changed.wait()
            if self.stopping:
                return
            self._changed.clear()
            with self._pending_lock:
                settings = self._pending
            if settings == rendered:
                continue
            bgra = render_text_image(**text_render_args(settings))
            self.settings = settings
            self._publish(OverlayPicture(bgra, self._next_seq(), opaque=False))
            rendered = settings
            self._set_health(SourceState.OK)

    def _describe_error(self, exc: BaseException) -> str:
        self._changed.set()  # try again on the next round
        return f"Text '{self.display_name}' could not be drawn: {exception_reason(exc)}"


def text_render_args(settings: TextSettings) -> dict[str, Any]:
    return settings.model_dump(exclude={"kind", "name"})
