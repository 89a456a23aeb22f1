"""Chat on stream: the newest comments (``chat_overlay``) and the host's pinned comment
(``pinned_comment``), both read from the session's ``chat`` service (a
:class:`~studio.chat.live.ChatLive`).

Each source waits on its own thread for the chat (or its settings) to change, builds what it
would draw as plain data, and rasterises through :mod:`studio.render.chat` only when that data
differs from the last raster (see :mod:`studio.capture.live_overlay`). With nothing to show it
publishes no picture: the item is simply not drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from pydantic import Field

from studio.capture.base import HexColor, SourceSettings
from studio.capture.live_overlay import LINE_HEIGHT_FACTOR, LiveOverlaySource
from studio.capture.registry import register_source
from studio.capture.threaded import exception_reason
from studio.chat.live import ChatLive, ChatLiveSnapshot
from studio.chat.message import ChatMessage, Platform
from studio.render.chat_style import ChatLine, ChatStyle

CHAT_SERVICE = "chat"
WAKE_INTERVAL_S = 1.0  # a missed wake-up costs at most this long

PLATFORM_MARKERS: dict[Platform, tuple[str, str]] = {
    Platform.TWITCH: ("T", "#9146FF"),
    Platform.YOUTUBE: ("YT", "#FF0000"),
    Platform.IRC: ("#", "#607D8B"),
    Platform.LOCAL: ("L", "#2E7D32"),
}


class ChatAppearance(SourceSettings):
    """What both chat overlays share."""

    font_family: str = "DejaVu Sans"
    font_size_px: int = Field(default=24, ge=6, le=200)
    text_color: HexColor = "#FFFFFF"
    name_color: HexColor = "#FFD54F"
    background: HexColor | None = None
    bubble_color: HexColor | None = "#000000A0"
    max_width_px: int = Field(default=480, ge=32, le=3840)
    padding_px: int = Field(default=8, ge=0, le=100)
    max_lines_per_message: int = Field(default=3, ge=1, le=20)
    max_message_chars: int = Field(default=200, ge=1, le=2000)
    show_platform: bool = True


class ChatOverlaySettings(ChatAppearance):
    kind: Literal["chat_overlay"] = "chat_overlay"
    lines: int = Field(default=6, ge=1, le=50, description="How many comments at most.")
    height_px: int | None = Field(
        default=None, ge=16, le=4320, description="Fixed height; None: as tall as the comments."
    )
    layout: Literal["newest_bottom", "newest_top"] = "newest_bottom"
    gap_px: int = Field(default=6, ge=0, le=100)


class PinnedCommentSettings(ChatAppearance):
    kind: Literal["pinned_comment"] = "pinned_comment"
    font_size_px: int = Field(default=30, ge=6, le=200)
    text_color: HexColor = "#1A1A1A"
    name_color: HexColor = "#B71C1C"
    bubble_color: HexColor | None = "#FFF3C4F0"
    accent_color: HexColor | None = "#F0A30A"
    max_width_px: int = Field(default=640, ge=32, le=3840)
    max_lines_per_message: int = Field(default=4, ge=1, le=20)


def chat_line(message: ChatMessage, settings: ChatAppearance) -> ChatLine:
    text = message.text
    if len(text) > settings.max_message_chars:
        text = text[: settings.max_message_chars - 1] + "…"
    marker, color = PLATFORM_MARKERS.get(message.platform, ("", "#808080"))
    if not settings.show_platform:
        marker = ""
    return ChatLine(message.author.display_name, text, marker, color)


def _style(
    settings: ChatAppearance,
    *,
    height_px: int | None = None,
    gap_px: int = 6,
    anchor: Literal["top", "bottom"] = "bottom",
    accent_color: str | None = None,
) -> ChatStyle:
    return ChatStyle(
        font_family=settings.font_family,
        font_size_px=settings.font_size_px,
        text_color=settings.text_color,
        name_color=settings.name_color,
        background=settings.background,
        bubble_color=settings.bubble_color,
        width_px=settings.max_width_px,
        padding_px=settings.padding_px,
        max_lines_per_message=settings.max_lines_per_message,
        height_px=height_px,
        gap_px=gap_px,
        anchor=anchor,
        accent_color=accent_color,
    )


class _ChatSource(LiveOverlaySource[ChatLive, ChatLiveSnapshot]):
    """Follows the chat service; subclasses say what to draw from a snapshot."""

    service_name = CHAT_SERVICE
    service_type = ChatLive
    missing_service = "no live chat is connected to this show"
    idle_wake_s = WAKE_INTERVAL_S

    def what_to_draw(
        self, snapshot: ChatLiveSnapshot, settings: ChatAppearance
    ) -> tuple[tuple[ChatLine, ...], ChatStyle] | None:
        """The comments and style this source draws for ``snapshot`` (None: nothing): the
        raster is ``render_chat(*what_to_draw(…))``, redrawn only when this changes."""
        raise NotImplementedError

    def _subscribe(self, chat: ChatLive, on_change: Callable[[int], None]) -> Callable[[], None]:
        return chat.subscribe(on_change)

    def _load_painter(self) -> None:
        import studio.render.chat  # noqa: F401  # Qt

    def _view(
        self, chat: ChatLive, snapshot: ChatLiveSnapshot
    ) -> tuple[tuple[ChatLine, ...], ChatStyle] | None:
        return self.what_to_draw(snapshot, self.settings)

    def _draw(self, view: tuple[tuple[ChatLine, ...], ChatStyle]) -> np.ndarray:
        from studio.render.chat import render_chat  # Qt is loaded only when needed

        lines, style = view
        return render_chat(lines, style)

    def _describe_error(self, exc: BaseException) -> str:
        return f"Chat overlay '{self.display_name}' cannot show the chat: {exception_reason(exc)}"


@register_source
class ChatOverlaySource(_ChatSource):
    kind = "chat_overlay"
    settings_type = ChatOverlaySettings

    @classmethod
    def expected_size(cls, settings: Any) -> tuple[int, int] | None:
        line_px = settings.font_size_px * LINE_HEIGHT_FACTOR + 2 * settings.padding_px
        height = settings.height_px or round(settings.lines * (line_px + settings.gap_px))
        return settings.max_width_px, height

    def what_to_draw(
        self, snapshot: ChatLiveSnapshot, settings: ChatAppearance
    ) -> tuple[tuple[ChatLine, ...], ChatStyle] | None:
        assert isinstance(settings, ChatOverlaySettings)
        messages = snapshot.messages[-settings.lines :]
        if not messages:
            return None
        style = _style(
            settings,
            height_px=settings.height_px,
            gap_px=settings.gap_px,
            anchor="bottom" if settings.layout == "newest_bottom" else "top",
        )
        return tuple(chat_line(m, settings) for m in messages), style


@register_source
class PinnedCommentSource(_ChatSource):
    kind = "pinned_comment"
    settings_type = PinnedCommentSettings

    @classmethod
    def expected_size(cls, settings: Any) -> tuple[int, int] | None:
        line_px = settings.font_size_px * LINE_HEIGHT_FACTOR
        return settings.max_width_px, round(2 * line_px + 2 * settings.padding_px)

    def what_to_draw(
        self, snapshot: ChatLiveSnapshot, settings: ChatAppearance
    ) -> tuple[tuple[ChatLine, ...], ChatStyle] | None:
        assert isinstance(settings, PinnedCommentSettings)
        if snapshot.pinned is None:
            return None
        style = _style(settings, accent_color=settings.accent_color)
        return (chat_line(snapshot.pinned, settings),), style
