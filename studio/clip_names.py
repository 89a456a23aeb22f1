"""Clip file names from product titles, which are hostile text: ``12-enamel-mug.mp4``.

Shared by the clip cutter (:mod:`studio.clips`) and the report that links the clips
(:mod:`studio.shop.report`), so it sits below both.

A title can hold anything a seller or a store import put there: path separators, ``..``,
control characters, emoji, a reserved Windows name, a thousand characters. The slug keeps
letters and digits of any script (a Japanese seller's titles stay readable), lower-cased,
everything else a single dash, cut to a length every file system takes, never empty and never
a reserved name; the code is checked the same way, as an old ledger may hold any text there.
"""

from __future__ import annotations

import unicodedata

from studio.file_names import WINDOWS_RESERVED_NAMES

MAX_SLUG_CHARS = 60
# File systems count bytes (ext4: 255 of UTF-8): the slug keeps room for the code, a
# ``-2`` and ``-vertical.mp4``.
MAX_SLUG_BYTES = 180
MAX_CODE_CHARS = 16
CLIP_SUFFIX = ".mp4"
VERTICAL_TAIL = "-vertical"


def slug(text: str, fallback: str = "product", max_chars: int = MAX_SLUG_CHARS) -> str:
    """``text`` as a file-name part: letters and digits, single dashes between words."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    words: list[str] = []
    word: list[str] = []
    for char in normal:
        kind = unicodedata.category(char)[0]
        if kind in "LN" or (kind == "M" and word):  # a mark belongs to its letter (Hindi…)
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    out = "-".join(words)[:max_chars]
    while len(out.encode("utf-8")) > MAX_SLUG_BYTES:
        out = out[:-1]
    out = out.strip("-")
    if not out:
        return fallback
    if out.upper() in WINDOWS_RESERVED_NAMES:
        return f"{out}-{fallback}"
    return out


def clip_stem(code: str | None, title: str) -> str:
    """``CODE-slug`` (just the slug when there is no code)."""
    safe_code = slug(code or "", fallback="", max_chars=MAX_CODE_CHARS)
    title_slug = slug(title)
    return f"{safe_code}-{title_slug}" if safe_code else title_slug
