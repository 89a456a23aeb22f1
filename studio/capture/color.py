"""Solid colour rectangle."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from studio.capture.base import HexColor, Source, SourceSettings, SourceState
from studio.capture.registry import register_source
from studio.media import OverlayPicture, Picture


class ColorSettings(SourceSettings):
    kind: Literal["color"] = "color"
    color: HexColor = "#000000"
    width: int = Field(default=1920, ge=1, le=7680)
    height: int = Field(default=1080, ge=1, le=7680)


def parse_hex_color(color: str) -> tuple[int, int, int, int]:
    """``#RRGGBB`` or ``#RRGGBBAA`` as (r, g, b, a)."""
    digits = color.lstrip("#")
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    a = int(digits[6:8], 16) if len(digits) == 8 else 255
    return r, g, b, a


def solid_bgra(color: str, width: int, height: int) -> np.ndarray:
    """A premultiplied BGRA raster filled with one colour."""
    r, g, b, a = parse_hex_color(color)
    pixel = np.array([b, g, r], np.uint32) * a // 255  # premultiply, as the compositor expects
    raster = np.empty((height, width, 4), np.uint8)
    raster[..., :3] = pixel.astype(np.uint8)
    raster[..., 3] = a
    return raster


@register_source
class ColorSource(Source):
    kind = "color"
    settings_type = ColorSettings
    has_video = True

    _picture: OverlayPicture | None = None

    def start(self) -> None:
        # A fill is cheap (a few ms even at 1080p), so no thread is needed.
        s: ColorSettings = self.settings
        if self._picture is None:
            alpha = parse_hex_color(s.color)[3]
            self._picture = OverlayPicture(
                solid_bgra(s.color, s.width, s.height), seq=1, opaque=alpha == 255
            )
        self._set_health(SourceState.OK)

    def stop(self) -> None:
        self._set_health(SourceState.STOPPED)

    def current_picture(self) -> Picture | None:
        return self._picture

    def natural_size(self) -> tuple[int, int] | None:
        return (self.settings.width, self.settings.height)
