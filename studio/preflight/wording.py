"""How the report writes figures: the same spelling on every line (``6,000 kb/s``, ``2 s``)."""

from __future__ import annotations

SETTINGS_DESTINATIONS = "Settings → Destinations"
SETTINGS_VIDEO = "Settings → Video"


def kbps(value: float) -> str:
    return f"{round(value):,} kb/s"


def seconds(value: float) -> str:
    return f"{value:g} s"


def fps(value: float) -> str:
    return f"{round(value, 2):g} fps"


def khz(sample_rate_hz: int) -> str:
    return f"{sample_rate_hz / 1000:g} kHz"


def either(words: list[str]) -> str:
    """``25, 30, 50 or 60``."""
    return joined(words, "or")


def joined(words: list[str], conjunction: str = "and") -> str:
    """``comments and bottom bar``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]
