"""The core must run headless: Qt widgets only in studio.ui (import-linter checks the rest)."""

from __future__ import annotations

import ast
from pathlib import Path

STUDIO = Path(__file__).resolve().parents[1] / "studio"
WIDGET_MODULES = ("PySide6.QtWidgets", "PySide6.QtMultimediaWidgets", "PySide6.QtOpenGLWidgets")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_qt_widgets_outside_the_ui_package() -> None:
    offenders = []
    for path in STUDIO.rglob("*.py"):
        if "ui" in path.relative_to(STUDIO).parts[:1]:
            continue
        bad = [m for m in imported_modules(path) if m.startswith(WIDGET_MODULES)]
        if bad:
            offenders.append(f"{path.relative_to(STUDIO)}: {', '.join(sorted(bad))}")
    assert not offenders, offenders
