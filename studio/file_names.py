"""What every file system the app runs on refuses in a file name."""

from __future__ import annotations

# Windows refuses these as names whatever the extension (``CON.txt`` is the console).
WINDOWS_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{stem}{digit}" for stem in ("COM", "LPT") for digit in "123456789"}
)
