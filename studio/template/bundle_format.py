"""The ``.lsstemplate`` / ``.lssprofile`` bundle format: its layout, limits, manifest and errors.

A bundle is a zip laid out like a template folder::

    manifest.json     what it is (Manifest below) and every other entry's SHA-256
    collection.json   the scene collection, every file path relative to the bundle
    thumbnail.png     the gallery picture
    profile.json      profiles only: destination presets, hotkeys, encoder settings
    assets/…          pictures, fonts and media the collection uses

Bundles come from strangers, so everything here is written against hostile input: names that
try to leave the folder or collide on Windows and macOS, sizes that lie, text that tries to
reach a terminal. Each refusal is a :class:`BundleError` whose message names the entry (or
the JSON path) and the reason in one sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from studio.problems import Problem, format_path, problems_from_validation_error
from studio.template.entry_names import (
    ASSET_EXTENSIONS,
    ASSETS_FOLDER,
    COLLECTION_ENTRY,
    FONT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    MANIFEST_ENTRY,
    MEDIA_EXTENSIONS,
    PROFILE_ENTRY,
    THUMBNAIL_ENTRY,
    TOP_LEVEL_FILES,
    has_control_characters,
    layout_problem,
    name_safety_problem,
    shown_name,
)

# The layout's names are part of the format: importable from here.
__all__ = [
    "ASSETS_FOLDER",
    "ASSET_EXTENSIONS",
    "COLLECTION_ENTRY",
    "FONT_EXTENSIONS",
    "IMAGE_EXTENSIONS",
    "MANIFEST_ENTRY",
    "MEDIA_EXTENSIONS",
    "PROFILE_ENTRY",
    "THUMBNAIL_ENTRY",
    "TOP_LEVEL_FILES",
]

FORMAT_VERSION = 1  # the bundle format this version reads and writes

# Limits (decimal megabytes, as people read them). They are checked on the zip's own headers
# before anything is written, and again on the bytes while they stream (headers can lie).
MB = 1_000_000
MAX_UNPACKED_BYTES = 500 * MB
MAX_ENTRIES = 2000
MAX_COMPRESSION_RATIO = 100
# An entry that unpacks to at most 1 MiB may compress as well as it likes: JSON and silence
# compress far beyond 100:1, and expanding 1 MiB costs nothing. Bigger entries cannot hide
# behind this floor, and the total limit bounds any number of small ones.
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_JSON_BYTES = 8 * 1024 * 1024  # manifest, collection and profile documents

SHA256_PATTERN = r"^[0-9a-f]{64}$"


class BundleErrorCode(StrEnum):
    """Why a bundle was refused, for code that acts on the kind of problem (never its text)."""

    REFUSED = "refused"  # any other reason
    NOT_READABLE = "not_readable"  # not a zip, truncated, damaged, unreadable
    UNSAFE_ENTRY = "unsafe_entry"  # leaves the folder, a link, a special file, colliding names
    TOO_LARGE = "too_large"  # unpacked size or entry count over the limit
    COMPRESSION_BOMB = "compression_bomb"  # an entry compressed far beyond any real file
    ENCRYPTED = "encrypted"
    UNKNOWN_ENTRY = "unknown_entry"  # not part of the layout
    MISSING_ENTRY = "missing_entry"  # collection.json, thumbnail.png (profile.json) absent
    NEWER_FORMAT = "newer_format"
    BAD_MANIFEST = "bad_manifest"
    NOT_LISTED = "not_listed"  # manifest ``files`` and the entries disagree
    HASH_MISMATCH = "hash_mismatch"
    BAD_ASSET = "bad_asset"  # not what its extension says
    BAD_COLLECTION = "bad_collection"
    BAD_PROFILE = "bad_profile"


class BundleError(Exception):
    """A bundle (or template folder) was refused.

    ``str(error)`` is one sentence naming the entry or JSON path and the reason; ``code``
    says what kind of problem it is; ``entry`` is the entry (or path) it names, if any;
    ``details`` holds the other problems when a document had several.
    """

    def __init__(
        self,
        message: str,
        *,
        code: BundleErrorCode = BundleErrorCode.REFUSED,
        entry: str = "",
        details: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.entry = entry
        self.details = details


def refused(where: str, reason: str, code: BundleErrorCode) -> BundleError:
    """``"<where>: <reason>"``; ``where`` is shown safely (it may come from a stranger)."""
    shown = shown_name(where)
    return BundleError(f"{shown}: {reason}" if shown else reason, code=code, entry=where)


_FROZEN = ConfigDict(extra="forbid", frozen=True)


def _no_control_characters(text: str) -> str:
    if has_control_characters(text):
        raise ValueError("must not contain control characters")
    return text


def _no_control_but_lines(text: str) -> str:
    if has_control_characters(text, allowed="\n\t"):
        raise ValueError("must not contain control characters (other than new lines and tabs)")
    return text


def _safe_entry_name(name: str) -> str:
    problem = name_safety_problem(name) or layout_problem(name, is_folder=False)
    if problem:
        raise ValueError(f"{shown_name(name)} {problem}")
    if name == MANIFEST_ENTRY:
        raise ValueError("manifest.json does not list itself")
    return name


def _lowercase_digest(digest: str) -> str:
    if re.fullmatch(SHA256_PATTERN, digest) is None:
        raise ValueError("must be a SHA-256 digest in lowercase hex (64 characters)")
    return digest


# Length limits go on the str itself, before the validator: pydantic then words them as
# string limits ("must not be empty").
_NO_CONTROL = AfterValidator(_no_control_characters)
EntryName = Annotated[str, AfterValidator(_safe_entry_name)]
Sha256Hex = Annotated[str, AfterValidator(_lowercase_digest)]
CanvasSide = Annotated[int, Field(ge=64, le=7680)]


class ManifestCanvas(BaseModel):
    """A canvas of the collection, by name and size (the gallery shows them unopened)."""

    model_config = _FROZEN

    name: Annotated[str, Field(min_length=1, max_length=200), _NO_CONTROL]
    width: CanvasSide
    height: CanvasSide


class Manifest(BaseModel):
    """``manifest.json``. ``files`` (entry → SHA-256) is required in a bundle; a template
    folder may leave it out, and packing fills it in."""

    model_config = _FROZEN

    format_version: Annotated[int, Field(ge=1, le=FORMAT_VERSION, strict=True)]
    kind: Literal["template", "profile"]
    name: Annotated[str, Field(min_length=1, max_length=80), _NO_CONTROL]
    version: Annotated[str, Field(max_length=40), _NO_CONTROL] = ""
    author: Annotated[str, Field(max_length=200), _NO_CONTROL] = ""
    description: Annotated[str, Field(max_length=2000), AfterValidator(_no_control_but_lines)] = ""
    orientation: Literal["landscape", "vertical", "both"]
    canvases: list[ManifestCanvas] = Field(min_length=1, max_length=16)
    files: dict[EntryName, Sha256Hex] | None = Field(default=None, max_length=MAX_ENTRIES)

    def to_json(self) -> str:
        """The document as packed: fields in model order, ``files`` sorted, one per line."""
        data = self.model_dump(mode="json", exclude_none=True)
        if self.files is not None:
            data["files"] = dict(sorted(self.files.items()))
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def document_refused(entry: str, problems: Sequence[Problem], code: BundleErrorCode) -> BundleError:
    """A JSON document's refusal: its first problem by path, "(and N more)", every problem
    in ``details``."""
    first = problems[0]
    where = f"{entry}: {first.path}" if first.path else entry
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return BundleError(
        f"{shown_name(where)}: {first.message}{more}",
        code=code,
        entry=entry,
        details=tuple(str(problem) for problem in problems),
    )


def parse_manifest(content: bytes) -> Manifest:
    """``manifest.json``'s bytes as a :class:`Manifest`; BundleError names the field."""
    data = parse_json_document(content, MANIFEST_ENTRY, BundleErrorCode.BAD_MANIFEST)
    if not isinstance(data, dict):
        raise refused(MANIFEST_ENTRY, "must be a JSON object", BundleErrorCode.BAD_MANIFEST)
    _check_format_version(data.get("format_version"))
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation_error(error, ())
        raise document_refused(MANIFEST_ENTRY, problems, BundleErrorCode.BAD_MANIFEST) from None
    _check_canvas_names(manifest)
    return manifest


def _check_format_version(version: Any) -> None:
    # Checked before the rest: a newer format may have fields this version does not know,
    # and "unknown field" would hide the one thing the host can do (update the app).
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        shown = version if version < 10**9 else "a very large number"
        raise refused(
            f"{MANIFEST_ENTRY}: format_version",
            f"made by a newer LiveShop Studio (bundle format {shown}; "
            f"this version reads {FORMAT_VERSION})",
            BundleErrorCode.NEWER_FORMAT,
        )


def _check_canvas_names(manifest: Manifest) -> None:
    seen: set[str] = set()
    for index, canvas in enumerate(manifest.canvases):
        if canvas.name in seen:
            where = f"{MANIFEST_ENTRY}: {format_path(('canvases', index, 'name'))}"
            raise refused(
                where,
                f"another canvas is already named {shown_name(canvas.name)!r}",
                BundleErrorCode.BAD_MANIFEST,
            )
        seen.add(canvas.name)


def parse_json_document(content: bytes, entry: str, code: BundleErrorCode) -> Any:
    """UTF-8 JSON (a BOM tolerated) or BundleError naming the line and column."""
    if len(content) > MAX_JSON_BYTES:
        raise refused(entry, f"is over {MAX_JSON_BYTES // (1024 * 1024)} MiB of JSON", code)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refused(
            entry, f"is not UTF-8 text (bad byte at offset {error.start})", code
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{entry}: line {error.lineno} column {error.colno}"
        raise refused(where, f"not valid JSON ({error.msg})", code) from None
    except (ValueError, RecursionError):  # a 5,000-digit number, nesting 100,000 deep
        raise refused(
            entry, "not valid JSON (a number too long or nesting too deep)", code
        ) from None
