"""Show templates and profiles: the ``.lsstemplate`` / ``.lssprofile`` bundle format, checked
as coming from strangers, and packed deterministically from a template folder.

A core package: headless, above the scene, capture and render packages, below the UI and CLI.

The names below load on first use: opening a scene file (``studio record``, the window) needs
none of the bundle checks behind them (zip safety, fonts through fontTools, images).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.lazy_names import lazy_names

if TYPE_CHECKING:
    from studio.template.bundle import (
        BundleEntry,
        BundleSummary,
        OpenedBundle,
        check_bundle,
        check_folder,
        extract_bundle,
        open_bundle,
    )
    from studio.template.bundle_format import (
        FORMAT_VERSION,
        BundleError,
        BundleErrorCode,
        Manifest,
        ManifestCanvas,
        parse_manifest,
    )
    from studio.template.pack import pack_folder

_MODULE_OF = {
    "BundleEntry": "bundle",
    "BundleSummary": "bundle",
    "OpenedBundle": "bundle",
    "check_bundle": "bundle",
    "check_folder": "bundle",
    "extract_bundle": "bundle",
    "open_bundle": "bundle",
    "FORMAT_VERSION": "bundle_format",
    "BundleError": "bundle_format",
    "BundleErrorCode": "bundle_format",
    "Manifest": "bundle_format",
    "ManifestCanvas": "bundle_format",
    "parse_manifest": "bundle_format",
    "pack_folder": "pack",
}

__all__ = [
    "FORMAT_VERSION",
    "BundleEntry",
    "BundleError",
    "BundleErrorCode",
    "BundleSummary",
    "Manifest",
    "ManifestCanvas",
    "OpenedBundle",
    "check_bundle",
    "check_folder",
    "extract_bundle",
    "open_bundle",
    "pack_folder",
    "parse_manifest",
]


__getattr__ = lazy_names(globals(), _MODULE_OF)
