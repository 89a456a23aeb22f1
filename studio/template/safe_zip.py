"""Reading a stranger's zip without trusting it: its headers are checked before anything is
written, and its bytes are counted again while they stream, because headers can lie.

What is refused here is about the zip itself, whatever it holds: names that leave the folder
or collide on Windows and macOS, links and special files, encryption, compression methods we
do not read, sizes and ratios that make a bomb. What belongs in a bundle is
:mod:`studio.template.bundle`'s business.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

from studio.template.bundle_format import (
    MAX_COMPRESSION_RATIO,
    MAX_ENTRIES,
    MAX_UNPACKED_BYTES,
    MB,
    RATIO_FLOOR_BYTES,
    BundleError,
    BundleErrorCode,
    refused,
)
from studio.template.entry_names import first_collision, name_safety_problem

CHUNK_BYTES = 1024 * 1024
# A real bundle is its entries plus a little per entry (headers, a deflate stream that grew);
# a bigger file is hiding something, and its central directory could exhaust memory.
MAX_BUNDLE_FILE_BYTES = MAX_UNPACKED_BYTES + 16 * MB
MAX_CENTRAL_DIRECTORY_BYTES = 4 * 1024 * 1024  # 2,000 entries of up to ~2 kB each

# Everything the standard zipfile module raises on a damaged or hostile archive.
_ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    IndexError,
    KeyError,
    OverflowError,
)

_ENCRYPTED_FLAGS = 0x1 | 0x40  # traditional and strong encryption
_DOS_FOLDER = 0x10
_DOS_VOLUME_LABEL = 0x08
_FROM_DOS = 0  # ZipInfo.create_system of zips made on MS-DOS and Windows


@dataclass(frozen=True, slots=True)
class ZipEntry:
    """One entry whose headers passed every check. ``name`` has no trailing ``/``."""

    name: str
    is_folder: bool
    size_bytes: int  # as the header says; the streamed bytes are held to it
    info: zipfile.ZipInfo


@dataclass(frozen=True, slots=True)
class ExtractedFile:
    name: str
    size_bytes: int
    sha256: str


class SafeZip:
    """A zip whose every header has been checked (see :func:`open_zip`)."""

    def __init__(self, archive: zipfile.ZipFile, label: str, entries: list[ZipEntry]) -> None:
        self._archive = archive
        self.label = label  # the bundle's file name, for problems of the whole file
        self.entries = entries

    @property
    def files(self) -> list[ZipEntry]:
        return [entry for entry in self.entries if not entry.is_folder]

    def read(self, entry: ZipEntry) -> bytes:
        """A whole (small) entry in memory, held to its header's size."""
        parts: list[bytes] = []
        for chunk in self._stream(entry, _Budget()):
            parts.append(chunk)
        return b"".join(parts)

    def extract(
        self,
        folder: Path,
        expected_sha256: Mapping[str, str] | None = None,
        *,
        durable: bool = False,
    ) -> list[ExtractedFile]:
        """Write every entry under ``folder`` (an empty folder we created), checking each
        file's SHA-256 against ``expected_sha256`` as it streams. Files are created new
        (never through a link); ``durable`` fsyncs each one."""
        budget = _Budget()
        extracted: list[ExtractedFile] = []
        for entry in self.entries:
            target = folder.joinpath(*entry.name.split("/"))
            if entry.is_folder:
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | _BINARY, 0o644)
            with os.fdopen(fd, "wb") as file:
                for chunk in self._stream(entry, budget):
                    digest.update(chunk)
                    file.write(chunk)
                if durable:
                    file.flush()
                    os.fsync(file.fileno())
            sha256 = digest.hexdigest()
            if expected_sha256 is not None and expected_sha256.get(entry.name) != sha256:
                raise refused(
                    entry.name,
                    "its content does not match its SHA-256 in manifest.json (damaged or altered)",
                    BundleErrorCode.HASH_MISMATCH,
                )
            extracted.append(ExtractedFile(entry.name, entry.size_bytes, sha256))
        return extracted

    def _stream(self, entry: ZipEntry, budget: _Budget) -> Iterator[bytes]:
        """The entry's bytes, counted against its header and the whole bundle's budget."""
        received = 0
        try:
            source = self._archive.open(entry.info)
        except _ZIP_READ_ERRORS as error:
            _unreadable(entry.name, error)
        with source:
            while True:
                try:
                    chunk = source.read(CHUNK_BYTES)
                except _ZIP_READ_ERRORS as error:
                    _unreadable(entry.name, error)
                if not chunk:
                    break
                received += len(chunk)
                budget.remaining_bytes -= len(chunk)
                if received > entry.size_bytes:
                    raise refused(
                        entry.name,
                        "unpacks to more than its header says (a zip bomb?)",
                        BundleErrorCode.COMPRESSION_BOMB,
                    )
                if budget.remaining_bytes < 0:
                    raise refused(
                        self.label,
                        f"unpacks to more than the limit of {_megabytes(MAX_UNPACKED_BYTES)} "
                        "(more than its headers say)",
                        BundleErrorCode.TOO_LARGE,
                    )
                yield chunk
        if received != entry.size_bytes:
            raise refused(
                entry.name,
                "is shorter than its header says (the bundle is damaged)",
                BundleErrorCode.NOT_READABLE,
            )


class _Budget:
    """What one extraction may still unpack, whatever the headers said."""

    def __init__(self) -> None:
        self.remaining_bytes = MAX_UNPACKED_BYTES


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


@contextmanager
def open_zip(path: Path) -> Iterator[SafeZip]:
    """Open ``path`` and check every header: nothing has been written when this returns.

    Raises BundleError for a file that is not a zip, is truncated, or holds any entry that is
    unsafe to unpack (see the module docstring).
    """
    label = path.name
    try:
        file = open(path, "rb")  # noqa: SIM115 - held open for the whole with block
    except FileNotFoundError:
        raise refused(label, "file not found", BundleErrorCode.NOT_READABLE) from None
    except IsADirectoryError:
        raise refused(
            label, "is a folder, not a bundle file", BundleErrorCode.NOT_READABLE
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise refused(label, f"cannot be read ({reason})", BundleErrorCode.NOT_READABLE) from None
    with file:
        _check_file_size(file, label)
        try:
            archive = zipfile.ZipFile(file)
        except _ZIP_READ_ERRORS as error:
            raise refused(label, _not_a_zip_reason(error), BundleErrorCode.NOT_READABLE) from None
        with archive:
            yield SafeZip(archive, label, checked_entries(archive.infolist(), label))


def checked_entries(infos: list[zipfile.ZipInfo], label: str) -> list[ZipEntry]:
    """Every header checked; the first problem found is raised."""
    if len(infos) > MAX_ENTRIES:
        raise refused(
            label,
            f"has {len(infos):,} entries, over the limit of {MAX_ENTRIES:,}",
            BundleErrorCode.TOO_LARGE,
        )
    entries = [_checked_entry(info) for info in infos]
    _check_collisions(entries)
    total = sum(entry.size_bytes for entry in entries)
    if total > MAX_UNPACKED_BYTES:
        raise _total_too_large(label, total)
    for entry in entries:
        _check_ratio(entry)
    return entries


def _checked_entry(info: zipfile.ZipInfo) -> ZipEntry:
    raw_name = info.filename
    is_folder = raw_name.endswith("/")
    name = raw_name[:-1] if is_folder else raw_name
    problem = name_safety_problem(name)
    if problem:
        raise refused(raw_name, problem, BundleErrorCode.UNSAFE_ENTRY)
    problem = _type_problem(info, is_folder)
    if problem:
        raise refused(raw_name, problem, BundleErrorCode.UNSAFE_ENTRY)
    if info.flag_bits & _ENCRYPTED_FLAGS:
        raise refused(
            raw_name,
            "is encrypted (bundles cannot carry encrypted entries)",
            BundleErrorCode.ENCRYPTED,
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refused(
            raw_name,
            f"is compressed with method {info.compress_type}, which bundles do not use "
            "(only stored and deflate)",
            BundleErrorCode.NOT_READABLE,
        )
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        raise refused(
            raw_name,
            "its header's sizes disagree (the bundle is damaged)",
            BundleErrorCode.NOT_READABLE,
        )
    return ZipEntry(name, is_folder, info.file_size, info)


def _type_problem(info: zipfile.ZipInfo, is_folder: bool) -> str | None:
    # The Unix mode sits in the high 16 bits; zips from Windows keep DOS attributes in the low
    # byte. We never create links or devices whatever the bits say, but an entry that claims
    # to be one is not a plain template file, and another unzipper would honour it.
    file_type = stat.S_IFMT(info.external_attr >> 16)
    if file_type == stat.S_IFLNK:
        return "is a symbolic link (only plain files and folders are allowed)"
    if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "is a device, pipe or socket (only plain files and folders are allowed)"
    dos_folder = info.create_system == _FROM_DOS and bool(info.external_attr & _DOS_FOLDER)
    if info.create_system == _FROM_DOS and info.external_attr & _DOS_VOLUME_LABEL:
        return "is a volume label (only plain files and folders are allowed)"
    if not is_folder and (file_type == stat.S_IFDIR or dos_folder):
        return "is marked as a folder but named like a file"
    if is_folder and file_type == stat.S_IFREG:
        return "is marked as a file but named like a folder"
    if is_folder and info.file_size:
        return "is a folder entry with content (only plain folders are allowed)"
    return None


def _check_collisions(entries: list[ZipEntry]) -> None:
    collision = first_collision((entry.name, entry.is_folder) for entry in entries)
    if collision is not None:
        name, reason = collision
        raise refused(name, reason, BundleErrorCode.UNSAFE_ENTRY)


def _check_ratio(entry: ZipEntry) -> None:
    # (No entry can be bigger than the whole bundle may be: the total is checked first.)
    if entry.size_bytes <= RATIO_FLOOR_BYTES:
        return
    compressed = entry.info.compress_size
    if entry.size_bytes > MAX_COMPRESSION_RATIO * compressed:
        ratio = entry.size_bytes // max(compressed, 1)
        raise refused(
            entry.name,
            f"is compressed {ratio:,}:1, over the limit of {MAX_COMPRESSION_RATIO}:1 (a zip bomb?)",
            BundleErrorCode.COMPRESSION_BOMB,
        )


def _total_too_large(label: str, total: int) -> BundleError:
    return refused(
        label,
        f"unpacks to {_megabytes(total)}, over the limit of {_megabytes(MAX_UNPACKED_BYTES)}",
        BundleErrorCode.TOO_LARGE,
    )


def _megabytes(size_bytes: int) -> str:
    return f"{size_bytes / MB:,.1f} MB".replace(".0 MB", " MB")


def _check_file_size(file: IO[bytes], label: str) -> None:
    size = file.seek(0, os.SEEK_END)
    if size > MAX_BUNDLE_FILE_BYTES:
        raise refused(
            label,
            f"is {_megabytes(size)}, bigger than any bundle can be (its entries may unpack "
            f"to {_megabytes(MAX_UNPACKED_BYTES)} at most)",
            BundleErrorCode.TOO_LARGE,
        )
    directory_size = _central_directory_size(file, size)
    if directory_size is None:
        raise refused(
            label,
            "is not a zip file, or a truncated one (its table of contents is missing)",
            BundleErrorCode.NOT_READABLE,
        )
    if directory_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise refused(
            label,
            f"its table of contents is {_megabytes(directory_size)}, far more than "
            f"{MAX_ENTRIES:,} entries need",
            BundleErrorCode.TOO_LARGE,
        )
    file.seek(0)


_END_RECORD = b"PK\x05\x06"
_END_RECORD_BYTES = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_BYTES = 20
_ZIP64_END_RECORD = b"PK\x06\x06"
_ZIP64_END_RECORD_BYTES = 56
_COMMENT_REACH = 1 << 16  # as far back as zipfile looks for the end record


def _central_directory_size(file: IO[bytes], size: int) -> int | None:
    """The size the end record gives the central directory, found the way zipfile finds it
    (the record at the very end, else the last one within a comment's reach, and a zip64
    record just before it), so that zipfile then reads no more than we allowed."""
    tail_bytes = min(
        size, _END_RECORD_BYTES + _COMMENT_REACH + _ZIP64_LOCATOR_BYTES + _ZIP64_END_RECORD_BYTES
    )
    file.seek(size - tail_bytes)
    tail = file.read(tail_bytes)
    end = len(tail) - _END_RECORD_BYTES
    if not (end >= 0 and tail[end : end + 4] == _END_RECORD and tail[-2:] == b"\0\0"):
        search_from = max(0, len(tail) - _END_RECORD_BYTES - _COMMENT_REACH)
        end = tail.rfind(_END_RECORD, search_from)
        if end < 0 or len(tail) - end < _END_RECORD_BYTES:
            return None
    (directory_size,) = struct.unpack("<I", tail[end + 12 : end + 16])
    locator = end - _ZIP64_LOCATOR_BYTES
    record = locator - _ZIP64_END_RECORD_BYTES
    if locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        if record >= 0 and tail[record : record + 4] == _ZIP64_END_RECORD:
            (directory_size,) = struct.unpack("<Q", tail[record + 40 : record + 48])
        elif record < 0:
            return None  # a zip64 record we cannot see: refuse rather than guess
    return int(directory_size)


def _not_a_zip_reason(error: BaseException) -> str:
    if isinstance(error, zipfile.BadZipFile | EOFError | struct.error):
        return "is not a zip file, or a truncated or damaged one"
    return f"cannot be read as a zip file ({_short(error)})"


def _unreadable(name: str, error: BaseException) -> NoReturn:
    reason = "its data is damaged (a CRC or header check failed)"
    if isinstance(error, OSError) and not isinstance(error, zipfile.BadZipFile):
        reason = f"cannot be read ({_short(error)})"
    raise refused(name, reason, BundleErrorCode.NOT_READABLE) from None


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "…"
