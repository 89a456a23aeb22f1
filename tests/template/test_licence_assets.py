"""A font travels with its licence: ``assets/…/*.txt`` is accepted as plain UTF-8 text, and
anything else wearing that extension is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.template import BundleError, BundleErrorCode, check_bundle
from tests.template.conftest import bundle_entries, raw_zip, template_files

LICENCE = "Bitstream Vera Fonts Copyright\n\tPermission is hereby granted…\r\n".encode()


def bundle_with(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "with-licence.lsstemplate"
    path.write_bytes(raw_zip(bundle_entries({**template_files(), "assets/LICENSE.txt": content})))
    return path


def test_a_licence_text_is_accepted(tmp_path: Path) -> None:
    summary = check_bundle(bundle_with(tmp_path, LICENCE))
    assert "assets/LICENSE.txt" in {entry.path for entry in summary.entries}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "is not UTF-8 text"),
        (b"licence \x1b[2J\x1b]0;owned\x07", "has control characters"),
        (b"x" * (256 * 1024 + 1), "over 256 KiB"),
    ],
    ids=["binary", "terminal escapes", "too big"],
)
def test_a_text_that_is_not_plain_text_is_refused(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    with pytest.raises(BundleError) as refused:
        check_bundle(bundle_with(tmp_path, content))
    assert str(refused.value).startswith("assets/LICENSE.txt: ")
    assert reason in str(refused.value)
    assert refused.value.code is BundleErrorCode.BAD_ASSET
