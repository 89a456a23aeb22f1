"""Where the files shipped with the app live (fonts, sample catalog, templates, platforms)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_ENV = "LIVESHOP_STUDIO_RESOURCES"


def resources_dir() -> Path:
    """$LIVESHOP_STUDIO_RESOURCES, a frozen app's bundle, or the source tree next to the
    ``studio`` package."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
