"""Text rendered with Qt's font engine (bundled DejaVu Sans by default)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from studio.capture.base import HexColor, Source, SourceSettings
from studio.capture.registry import register_source


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
class TextSource(Source):
    kind = "text"
    settings_type = TextSettings
    has_video = True
    # TODO(capture helper): implement
