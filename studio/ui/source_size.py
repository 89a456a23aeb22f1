"""The size a new source will have on the canvas, found before it starts, so the new item can be
placed where it fits (see :mod:`studio.ui.new_item_placement`). None when it cannot be known
yet (a camera's resolution, a comment list that grows)."""

from __future__ import annotations

import logging
from pathlib import Path

import av

from studio.capture.base import SourceSettings
from studio.capture.chat_overlay import ChatOverlaySettings, PinnedCommentSettings
from studio.capture.shop_overlays import SalesTickerSettings
from studio.capture.text import TextSettings, text_render_args

log = logging.getLogger(__name__)
LINE_HEIGHT_FACTOR = 1.3  # a line of text is about 1.3 times the font size tall
AVERAGE_GLYPH_FACTOR = 0.6  # an average glyph is about 0.6 times the font size wide


def picture_file_size(path: Path) -> tuple[int, int] | None:
    """Width and height of the first picture of an image or video file (None if unreadable)."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None
            context = container.streams.video[0].codec_context
            return (context.width, context.height) if context.width and context.height else None
    except (OSError, av.FFmpegError) as error:
        log.info("size of %s unknown: %s", path, error)
        return None


def source_size(settings: SourceSettings) -> tuple[int, int] | None:
    kind = getattr(settings, "kind", "")
    if kind in ("image", "media"):
        return picture_file_size(Path(settings.path))  # type: ignore[attr-defined]
    if isinstance(settings, TextSettings):
        from studio.render.text import render_text_image

        height, width = render_text_image(**text_render_args(settings)).shape[:2]
        return width, height
    if isinstance(settings, ChatOverlaySettings):
        line_px = settings.font_size_px * LINE_HEIGHT_FACTOR + 2 * settings.padding_px
        height = settings.height_px or round(settings.lines * (line_px + settings.gap_px))
        return settings.max_width_px, height
    if isinstance(settings, PinnedCommentSettings):
        line_px = settings.font_size_px * LINE_HEIGHT_FACTOR
        return settings.max_width_px, round(2 * line_px + 2 * settings.padding_px)
    if isinstance(settings, SalesTickerSettings):
        glyphs = len(settings.template) * settings.font_size_px * AVERAGE_GLYPH_FACTOR
        line_px = settings.font_size_px * LINE_HEIGHT_FACTOR
        return round(glyphs + 2 * settings.padding_px), round(line_px + 2 * settings.padding_px)
    for width_name, height_name in (("width", "height"), ("width_px", "height_px")):
        width, height = getattr(settings, width_name, None), getattr(settings, height_name, None)
        if isinstance(width, int) and isinstance(height, int):
            return width, height
    return None
