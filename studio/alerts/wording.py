"""Numbers as a host reads them in an alert: "45 s", "7 min", "640 MB", "2.5 %"."""

from __future__ import annotations


def duration_text(seconds: float) -> str:
    whole = max(0, round(seconds))
    if whole < 120:
        return f"{whole} s"
    minutes = whole // 60
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def size_text(size_bytes: float) -> str:
    if size_bytes >= 1e9:
        return f"{size_bytes / 1e9:.1f} GB"
    return f"{size_bytes / 1e6:.0f} MB"


def percent_text(fraction: float) -> str:
    percent = fraction * 100
    return f"{percent:.1f} %" if percent < 10 else f"{percent:.0f} %"


def window_text(seconds: float) -> str:
    """ "the last minute" for 60 s, else "the last 10 s"."""
    return "the last minute" if round(seconds) == 60 else f"the last {duration_text(seconds)}"
