"""Clip file names from hostile product titles: always one safe name part, never a path."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.clip_names import MAX_SLUG_CHARS, clip_stem, slug
from studio.file_names import WINDOWS_RESERVED_NAMES
from studio.numbered_names import first_free_name

HOSTILE = [
    "../../etc/passwd",
    "..\\..\\Windows\\System32",
    "..",
    "CON",
    "nul",
    "Mug\x00\x07\x1b[31m\nred",
    "\u202eevil\u200b.exe",  # right-to-left override, zero-width space
    "Very long " * 200,
    "   ",
    "🎁🎁🎁",
    ".hidden",
    'a/b\\c:d*e?f"g<h>i|j',
    "\U00020000" * 100,  # letters of four bytes each in UTF-8
]


def assert_safe(name: str) -> None:
    assert name and name not in (".", "..")
    assert not any(ch in name for ch in '/\\:*?"<>|.')
    assert all(unicodedata.category(ch)[0] not in "CZ" for ch in name)
    assert len(name.encode("utf-8")) <= 255 - len("-vertical.mp4")
    assert name.upper() not in WINDOWS_RESERVED_NAMES
    assert not name.startswith("-") and not name.endswith("-")


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_make_safe_names(title: str, tmp_path: Path) -> None:
    for stem in (slug(title), clip_stem("12", title), clip_stem(None, title)):
        assert_safe(stem)
        path = tmp_path / f"{stem}-vertical.mp4"
        path.write_bytes(b"")  # the file system takes it, inside the folder
        assert path.parent == tmp_path


def test_names_read_like_the_title() -> None:
    assert clip_stem("12", "Enamel Mug — 350 ml") == "12-enamel-mug-350-ml"
    assert clip_stem("7", "Écharpe en laine") == "7-écharpe-en-laine"
    assert clip_stem("8", "マグカップ 白") == "8-マグカップ-白"
    assert clip_stem("9", "नमस्ते") == "9-नमस्ते"  # marks stay with their letters
    assert clip_stem(None, "CON") == "con-product"
    assert clip_stem("../12", "Mug") == "12-mug"  # an old ledger's code is checked too
    assert len(slug("x" * 500)) == MAX_SLUG_CHARS


def test_a_product_featured_twice_gets_two_names() -> None:
    taken = {"12-mug", "12-mug-2"}
    assert first_free_name("12-mug", taken) == "12-mug-3"
    assert first_free_name("13-lamp", taken) == "13-lamp"


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=30)))
def test_any_text_makes_a_safe_name(title: str, code: str | None) -> None:
    assert_safe(clip_stem(code, title))
