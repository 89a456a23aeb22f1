"""A name not taken yet: the stem itself, else the stem numbered from 2 (``Scene 2``,
``mug-3``), as file managers and OBS name copies."""

from __future__ import annotations

from collections.abc import Container


def first_free_name(stem: str, taken: Container[str], separator: str = "-") -> str:
    """``stem``, or ``stem{separator}2``, ``stem{separator}3``… whichever is first free."""
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}{separator}{number}" in taken:
        number += 1
    return f"{stem}{separator}{number}"
