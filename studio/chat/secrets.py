"""Tokens and keys never reach a log line or an exception: everything goes through mask()."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "••••"

# Shapes that are secrets wherever they appear, even one we were not told about.
_SECRET_SHAPES = re.compile(
    r"(oauth:)\S+|(Bearer\s+)\S+|((?:key|access_token|token)=)[^&\s]+|(PASS\s+)\S+",
    re.IGNORECASE,
)


def mask(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with each given secret, and anything shaped like a token, replaced by ••••."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    return _SECRET_SHAPES.sub(lambda m: next(g for g in m.groups() if g is not None) + MASK, text)
