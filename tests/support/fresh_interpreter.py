"""What a piece of code imports, run in a new interpreter: the footprint tests' probe."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable


def loaded_after(code: str, modules: Iterable[str], *argv: str) -> list[str]:
    """Which of ``modules`` are imported once ``code`` has run in a new Python (``argv`` is
    its ``sys.argv[1:]``)."""
    probe = (
        f"{code}\n"
        "import json as _json, sys as _sys\n"
        f"print(_json.dumps([m for m in {tuple(modules)!r} if m in _sys.modules]))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, *argv],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout.splitlines()[-1]))
