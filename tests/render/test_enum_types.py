"""Headless, only the render classes' Qt enums are made before sources draw: every Qt class
that painting off the main thread can reach must be on that list."""

from __future__ import annotations

import ast
from pathlib import Path

import studio
from studio.render.text import RENDER_QT_CLASSES

STUDIO = Path(studio.__file__).parent
PAINTING_PACKAGES = ("render", "clips")


def _qt_names_imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module in ("PySide6.QtCore", "PySide6.QtGui"):
            names.update(alias.name for alias in node.names)
    return names


def test_every_qt_class_the_painting_code_imports_has_its_enums_made_first() -> None:
    missing = {
        f"{path.relative_to(STUDIO)}: {name}"
        for package in PAINTING_PACKAGES
        for path in sorted((STUDIO / package).rglob("*.py"))
        for name in _qt_names_imported(path)
        if name not in RENDER_QT_CLASSES
    }
    assert not missing, f"add these to studio.render.text.RENDER_QT_CLASSES: {sorted(missing)}"


def test_the_list_names_real_qt_classes() -> None:
    from PySide6 import QtCore, QtGui

    unknown = [n for n in RENDER_QT_CLASSES if not hasattr(QtCore, n) and not hasattr(QtGui, n)]
    assert not unknown
