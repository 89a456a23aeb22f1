"""Builders for scene collection documents used across the scene tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from studio.scene import SceneCollection, load_collection

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "scenes"
LOGO = REPO / "resources" / "images" / "liveshop-logo.png"


def valid_doc() -> dict[str, Any]:
    """A small valid document; its image refers to ``logo.png`` next to it."""
    return {
        "format_version": 1,
        "name": "Show",
        "canvases": [
            {"name": "Landscape", "width": 1920, "height": 1080, "fps": 30, "scene": "Live"},
            {"name": "Vertical", "width": 1080, "height": 1920, "fps": 30, "scene": "Phone"},
        ],
        "scenes": [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "test_pattern", "name": "Bars"}},
                    {"source": {"kind": "tone", "name": "Beep"}},
                    {
                        "source": {"kind": "image", "name": "Logo", "path": "logo.png"},
                        "transform": {"x": -20, "y": 10, "width": 200, "opacity": 0.5},
                    },
                    {"source": {"kind": "text", "text": "Hello"}, "z_order": -1},
                ],
            },
            {
                "name": "Phone",
                "items": [
                    {"source": {"kind": "test_pattern", "name": "Bars"}},
                    {"source": {"kind": "image", "name": "Logo", "path": "./logo.png"}},
                ],
            },
        ],
    }


@pytest.fixture
def show_dir(tmp_path: Path) -> Path:
    """A folder holding the logo the valid document refers to."""
    (tmp_path / "logo.png").write_bytes(LOGO.read_bytes())
    return tmp_path


@pytest.fixture
def write_doc(show_dir: Path):  # type: ignore[no-untyped-def]
    def write(data: dict[str, Any] | str, name: str = "show.json") -> Path:
        path = show_dir / name
        text = data if isinstance(data, str) else json.dumps(data, indent=2)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def valid_collection(write_doc) -> SceneCollection:  # type: ignore[no-untyped-def]
    return load_collection(write_doc(valid_doc()))
