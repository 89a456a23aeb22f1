"""What a chat raster shows and how it looks: plain data, no Qt (sources build these on any
thread and compare them to skip re-rendering; :mod:`studio.render.chat` draws them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Even a caller that skipped cleaning cannot make the renderer lay out megabytes of text.
MAX_RENDERED_CHARS = 2000


@dataclass(frozen=True, slots=True)
class ChatLine:
    """One comment: the author's name (drawn bold, in the name colour), then the text."""

    author: str
    text: str
    marker: str = ""  # a short platform badge ("T", "YT", "#"); empty: no badge
    marker_color: str = "#808080"


@dataclass(frozen=True, slots=True)
class ChatStyle:
    font_family: str = "DejaVu Sans"
    font_size_px: int = 24
    text_color: str = "#FFFFFF"
    name_color: str = "#FFD54F"
    background: str | None = None  # the whole raster; None: transparent
    bubble_color: str | None = "#000000A0"  # behind each comment; None: none
    accent_color: str | None = None  # a bar at the left of each bubble (the pinned comment)
    width_px: int = 480
    height_px: int | None = None  # None: as tall as the comments need
    padding_px: int = 8  # inside each bubble
    gap_px: int = 6  # between comments
    anchor: Literal["top", "bottom"] = "bottom"  # where the newest comment sits
    max_lines_per_message: int = 4
