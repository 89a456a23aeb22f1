"""Show templates and profiles: the ``.lsstemplate`` / ``.lssprofile`` bundle format, checked
as coming from strangers, and packed deterministically from a template folder.

A core package: headless, above the scene, capture and render packages, below the UI and CLI.
"""

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
