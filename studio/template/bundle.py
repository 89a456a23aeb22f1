"""Checking, unpacking and opening template and profile bundles, and checking template folders.

Every function checks the whole bundle: the zip's headers (:mod:`studio.template.safe_zip`),
the layout and the manifest before anything is written, then each file's SHA-256 as it
streams, then what the files are (JSON, the scene collection, every asset decoded). A refusal
is a :class:`BundleError` naming the entry or JSON path, and leaves nothing on disk.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from studio.scene import SceneCollection
from studio.template.asset_checks import check_asset
from studio.template.bundle_collection import check_collection
from studio.template.bundle_format import (
    ASSETS_FOLDER,
    COLLECTION_ENTRY,
    MANIFEST_ENTRY,
    MAX_JSON_BYTES,
    MB,
    PROFILE_ENTRY,
    THUMBNAIL_ENTRY,
    BundleError,
    BundleErrorCode,
    Manifest,
    parse_json_document,
    parse_manifest,
    refused,
)
from studio.template.entry_names import layout_problem
from studio.template.folder_listing import list_folder
from studio.template.safe_zip import SafeZip, open_zip

__all__ = [
    "BundleEntry",
    "BundleError",
    "BundleSummary",
    "OpenedBundle",
    "check_bundle",
    "check_folder",
    "extract_bundle",
    "open_bundle",
]

FREE_SPACE_MARGIN_BYTES = 50 * MB  # left free after unpacking: the host's show goes on


@dataclass(frozen=True, slots=True)
class BundleEntry:
    path: str  # ``/`` between folders, relative to the bundle
    size_bytes: int
    sha256: str


@dataclass(frozen=True, slots=True)
class BundleSummary:
    """A bundle (or folder) that passed every check."""

    manifest: Manifest
    entries: tuple[BundleEntry, ...]  # every file but manifest.json, sorted by path

    @property
    def total_bytes(self) -> int:
        return sum(entry.size_bytes for entry in self.entries)


@dataclass(frozen=True, slots=True)
class OpenedBundle:
    folder: Path  # the unpacked files (a temporary folder, or the template folder itself)
    manifest: Manifest
    collection: SceneCollection  # its file paths point into ``folder``


def check_bundle(path: str | os.PathLike[str]) -> BundleSummary:
    """Every check on the bundle file at ``path``; BundleError for the first problem.

    The files are unpacked to a temporary folder to be decoded, and removed again.
    """
    with open_zip(Path(path)) as archive, _scratch_folder() as scratch:
        summary, _ = _unpack_and_check(archive, scratch / "bundle", durable=False)
    return summary


def extract_bundle(
    path: str | os.PathLike[str], destination: str | os.PathLike[str]
) -> BundleSummary:
    """Unpack the bundle at ``path`` into the new folder ``destination`` after every check.

    ``destination`` must not exist and its parent must. The files are written to a temporary
    folder beside it, renamed to ``destination`` only when all is well; on any failure
    (BundleError, or OSError from the disk) nothing is left behind.
    """
    destination = Path(os.path.abspath(destination))
    if os.path.lexists(destination):
        raise FileExistsError(
            errno.EEXIST, "the folder to unpack into already exists", str(destination)
        )
    parent = destination.parent
    if not parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "the folder to unpack into is missing", str(parent))
    with open_zip(Path(path)) as archive:
        _check_free_space(parent, sum(entry.size_bytes for entry in archive.files))
        staging = Path(
            tempfile.mkdtemp(prefix=f".{destination.name[:60]}.", suffix=".partial", dir=parent)
        )
        try:
            summary, _ = _unpack_and_check(archive, staging / "bundle", durable=True)
            unpacked = staging / "bundle"
            os.chmod(unpacked, 0o755)
            if os.path.lexists(destination):  # someone made it while we unpacked
                raise FileExistsError(
                    errno.EEXIST, "the folder to unpack into appeared", str(destination)
                )
            os.rename(unpacked, destination)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return summary


def check_folder(path: str | os.PathLike[str]) -> BundleSummary:
    """The same checks on an unpacked template folder: plain files and folders only, the same
    layout and limits, every asset decoded; SHA-256s checked if the manifest lists ``files``."""
    summary, _ = checked_folder(Path(path), use_listing=True)
    return summary


@contextmanager
def open_bundle(path: str | os.PathLike[str]) -> Iterator[OpenedBundle]:
    """A checked bundle's collection and files, unpacked to a temporary folder for as long as
    the ``with`` block lasts (a template folder is checked and used where it is)."""
    path = Path(path)
    if path.is_dir():
        summary, collection = checked_folder(path, use_listing=True)
        yield OpenedBundle(path, summary.manifest, collection)
        return
    with _scratch_folder() as scratch:
        with open_zip(path) as archive:
            summary, collection = _unpack_and_check(archive, scratch / "bundle", durable=False)
        yield OpenedBundle(scratch / "bundle", summary.manifest, collection)


def checked_folder(folder: Path, *, use_listing: bool) -> tuple[BundleSummary, SceneCollection]:
    """Check a template folder. ``use_listing`` False ignores the manifest's ``files`` (the
    packer computes them afresh: an agency edits its folder, then packs it)."""
    if not folder.is_dir():
        raise refused(folder.name, "is not a folder", BundleErrorCode.NOT_READABLE)
    entries = list_folder(folder)
    _check_layout((entry.name, entry.is_folder) for entry in entries)
    files = [entry.name for entry in entries if not entry.is_folder]
    manifest_path = folder / MANIFEST_ENTRY
    if MANIFEST_ENTRY not in files:
        raise refused(
            MANIFEST_ENTRY, "is missing (is this a template folder?)", BundleErrorCode.MISSING_ENTRY
        )
    manifest = parse_manifest(_read_json_bytes(manifest_path))
    listing = manifest.files if use_listing else None
    _check_entries_against(manifest, listing, files)
    summary_entries = []
    for name in files:
        if name == MANIFEST_ENTRY:
            continue
        size, sha256 = _file_digest(folder / name)
        if listing is not None and listing[name] != sha256:
            raise refused(
                name,
                "its content does not match its SHA-256 in manifest.json (changed since packing?)",
                BundleErrorCode.HASH_MISMATCH,
            )
        summary_entries.append(BundleEntry(name, size, sha256))
    collection = _check_contents(folder, manifest, files)
    return BundleSummary(manifest, tuple(summary_entries)), collection


def _unpack_and_check(
    archive: SafeZip, folder: Path, *, durable: bool
) -> tuple[BundleSummary, SceneCollection]:
    """Check the layout and manifest, unpack into the new ``folder`` checking every SHA-256,
    then check what the files are."""
    _check_layout((entry.name, entry.is_folder) for entry in archive.entries)
    files = [entry.name for entry in archive.files]
    manifest_entry = next((entry for entry in archive.files if entry.name == MANIFEST_ENTRY), None)
    if manifest_entry is None:
        raise refused(
            archive.label,
            "has no manifest.json (is this a LiveShop Studio template or profile?)",
            BundleErrorCode.MISSING_ENTRY,
        )
    if manifest_entry.size_bytes > MAX_JSON_BYTES:
        raise refused(
            MANIFEST_ENTRY,
            f"is over {MAX_JSON_BYTES // (1024 * 1024)} MiB of JSON",
            BundleErrorCode.BAD_MANIFEST,
        )
    manifest_bytes = archive.read(manifest_entry)
    manifest = parse_manifest(manifest_bytes)
    if manifest.files is None:
        raise refused(
            f"{MANIFEST_ENTRY}: files",
            "is required in a bundle (the SHA-256 of every other entry)",
            BundleErrorCode.BAD_MANIFEST,
        )
    _check_entries_against(manifest, manifest.files, files)
    # Nothing has been written until here.
    folder.mkdir()
    expected = dict(manifest.files)
    expected[MANIFEST_ENTRY] = hashlib.sha256(manifest_bytes).hexdigest()  # the one we read
    extracted = archive.extract(folder, expected, durable=durable)
    collection = _check_contents(folder, manifest, files)
    entries = tuple(
        sorted(
            (
                BundleEntry(f.name, f.size_bytes, f.sha256)
                for f in extracted
                if f.name != MANIFEST_ENTRY
            ),
            key=lambda entry: entry.path,
        )
    )
    return BundleSummary(manifest, entries), collection


def _check_layout(entries: Iterable[tuple[str, bool]]) -> None:
    for name, is_folder in entries:
        problem = layout_problem(name, is_folder)
        if problem:
            shown = f"{name}/" if is_folder else name
            raise refused(shown, problem, BundleErrorCode.UNKNOWN_ENTRY)


def _check_entries_against(
    manifest: Manifest, listing: dict[str, str] | None, files: list[str]
) -> None:
    """The entries a bundle of this kind must (and must not) have, and ``files`` agreeing
    with what is there."""
    present = set(files)
    required = [COLLECTION_ENTRY, THUMBNAIL_ENTRY]
    if manifest.kind == "profile":
        required.append(PROFILE_ENTRY)
    for name in required:
        if name not in present:
            raise refused(
                name, f"is missing (every {manifest.kind} has one)", BundleErrorCode.MISSING_ENTRY
            )
    if manifest.kind != "profile" and PROFILE_ENTRY in present:
        raise refused(
            PROFILE_ENTRY,
            'only a profile (kind "profile" in manifest.json) may carry one',
            BundleErrorCode.UNKNOWN_ENTRY,
        )
    if listing is None:
        return
    for name in files:
        if name != MANIFEST_ENTRY and name not in listing:
            raise refused(
                name, "is not listed in manifest.json's files", BundleErrorCode.NOT_LISTED
            )
    for name in sorted(listing):
        if name not in present:
            raise refused(
                name,
                "is listed in manifest.json's files but missing from the bundle",
                BundleErrorCode.NOT_LISTED,
            )


def _check_contents(folder: Path, manifest: Manifest, files: list[str]) -> SceneCollection:
    """What the unpacked files are: the documents first (cheap), then every picture, font and
    media file decoded."""
    if manifest.kind == "profile":
        profile = parse_json_document(
            _read_json_bytes(folder / PROFILE_ENTRY), PROFILE_ENTRY, BundleErrorCode.BAD_PROFILE
        )
        if not isinstance(profile, dict):
            raise refused(PROFILE_ENTRY, "must be a JSON object", BundleErrorCode.BAD_PROFILE)
    collection = check_collection(folder, manifest)
    check_asset(folder / THUMBNAIL_ENTRY, THUMBNAIL_ENTRY)
    for name in files:
        if name.startswith(f"{ASSETS_FOLDER}/"):
            check_asset(folder / name, name)
    return collection


def _read_json_bytes(path: Path) -> bytes:
    with open(path, "rb") as file:
        return file.read(MAX_JSON_BYTES + 1)  # more is refused by parse_json_document


def _file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _check_free_space(folder: Path, needed_bytes: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed_bytes + FREE_SPACE_MARGIN_BYTES:
        raise OSError(
            errno.ENOSPC,
            f"not enough free disk space to unpack {needed_bytes / MB:,.1f} MB "
            f"({free / MB:,.1f} MB free)",
            str(folder),
        )


@contextmanager
def _scratch_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="liveshop-bundle-") as scratch:
        yield Path(scratch)
