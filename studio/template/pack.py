"""Packing a template folder into a bundle, deterministically: the same folder gives the same
bytes, so a built-in template can be checked against its source folder and two agencies'
copies compared by hash.

What makes it deterministic: ``manifest.json`` first (its ``files`` computed here, sorted),
then every other file sorted by path; fixed timestamps (1980-01-01, the earliest a zip can
hold) and permissions (``rw-r--r--``, "made on Unix"); and every entry stored, not deflated.
Deflate's bytes depend on the zlib build (zlib-ng gives others), and a bundle's big files
(pictures, video, sound) are compressed already; stored entries also never look like a bomb.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import zipfile
from pathlib import Path

from studio.template.bundle import BundleEntry, checked_folder
from studio.template.bundle_format import MANIFEST_ENTRY, BundleErrorCode, Manifest, refused

__all__ = ["pack_folder"]

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ENTRY_MODE = stat.S_IFREG | 0o644
BUNDLE_FILE_MODE = 0o644
MADE_ON_UNIX = 3  # ZipInfo.create_system: the permissions are read as Unix modes
CHUNK_BYTES = 1024 * 1024


def pack_folder(folder: str | os.PathLike[str], output: str | os.PathLike[str]) -> Path:
    """Check the template folder ``folder`` and write it as the bundle ``output``.

    ``output`` is replaced atomically (it is the old file or the new one, never half of one)
    and may not be inside ``folder``. Raises BundleError for a folder that would make a
    bundle the app refuses, OSError if the disk does.
    """
    folder = Path(os.path.abspath(folder))
    output = Path(os.path.abspath(output))
    if Path(os.path.realpath(output)).is_relative_to(os.path.realpath(folder)):
        raise refused(
            str(output),
            "is inside the folder being packed (write the bundle somewhere else)",
            BundleErrorCode.REFUSED,
        )
    summary, _ = checked_folder(folder, use_listing=False)
    files = {entry.path: entry.sha256 for entry in summary.entries}
    manifest = Manifest.model_validate(summary.manifest.model_dump() | {"files": files})
    _write_atomically(output, manifest, folder, summary.entries)
    return output


def _write_atomically(
    output: Path, manifest: Manifest, folder: Path, entries: tuple[BundleEntry, ...]
) -> None:
    fd, temp_name = tempfile.mkstemp(
        prefix=f".{output.name[:60]}.", suffix=".tmp", dir=output.parent
    )
    temp_path = Path(temp_name)
    try:
        with os.fdopen(fd, "w+b") as file:
            with zipfile.ZipFile(file, "w") as archive:
                _add_bytes(archive, MANIFEST_ENTRY, manifest.to_json().encode("utf-8"))
                for entry in sorted(entries, key=lambda entry: entry.path):
                    _add_file(archive, entry, folder)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp_path, BUNDLE_FILE_MODE)
        os.replace(temp_path, output)
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise


def _entry_info(name: str, size_bytes: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = ENTRY_MODE << 16
    info.create_system = MADE_ON_UNIX
    info.file_size = size_bytes
    return info


def _add_bytes(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    with archive.open(_entry_info(name, len(content)), "w") as sink:
        sink.write(content)


def _add_file(archive: zipfile.ZipFile, entry: BundleEntry, folder: Path) -> None:
    digest = hashlib.sha256()
    with (
        open(folder.joinpath(*entry.path.split("/")), "rb") as source,
        archive.open(_entry_info(entry.path, entry.size_bytes), "w") as sink,
    ):
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
            sink.write(chunk)
    # The manifest already says what this file was when it was checked.
    if digest.hexdigest() != entry.sha256:
        raise refused(
            entry.path,
            "changed while it was being packed (pack again once it is saved)",
            BundleErrorCode.HASH_MISMATCH,
        )
