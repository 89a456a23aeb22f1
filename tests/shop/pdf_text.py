"""Reading a report PDF back: its page count, and its text through pdftotext when installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order; skips the caller when pdftotext is missing."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not checked")
    result = subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout
