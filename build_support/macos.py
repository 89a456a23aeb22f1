"""The macOS app bundle's Info.plist keys and the entitlements its signature carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_support.project import APP_NAME, COPYRIGHT, Project, numeric_version

ENTITLEMENTS = Path(__file__).resolve().parent / "macos" / "entitlements.plist"
MINIMUM_MACOS = "11.0"  # PySide6 6.7+ and PyAV's wheels need Big Sur or newer


def info_plist(project: Project) -> dict[str, Any]:
    """Without the two usage descriptions macOS ends the app the moment it opens a camera or
    a microphone; their text is what the permission prompt shows the host."""
    numbers = numeric_version(project.version)
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleShortVersionString": project.version,
        "CFBundleVersion": ".".join(str(n) for n in numbers[:3]),
        "NSHumanReadableCopyright": COPYRIGHT,
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "LSApplicationCategoryType": "public.app-category.video",
        "NSHighResolutionCapable": True,
        "NSCameraUsageDescription": (
            f"{APP_NAME} shows your camera in your live shows and recordings."
        ),
        "NSMicrophoneUsageDescription": (
            f"{APP_NAME} streams and records your voice in your live shows."
        ),
    }
