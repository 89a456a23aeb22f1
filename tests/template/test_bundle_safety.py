"""A hostile corpus: bundles built to escape the folder, exhaust the disk or memory, or pass
off one kind of file as another. Each is refused with its own message, by checking, unpacking
and opening alike, and leaves nothing behind anywhere."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.template import (
    BundleError,
    BundleErrorCode,
    check_bundle,
    check_folder,
    extract_bundle,
    open_bundle,
)
from studio.template.safe_zip import open_zip
from tests.template.conftest import (
    LOGO,
    RawEntry,
    bundle_entries,
    collection_doc,
    png_bytes,
    raw_deflate,
    raw_zip,
    sha256,
    template_files,
)

Code = BundleErrorCode
MB = 1_000_000


def _files(**changes: bytes | None) -> dict[str, bytes]:
    """The template's files with some replaced (or removed, with None)."""
    files: dict[str, bytes | None] = {**template_files(), **changes}
    return {name: data for name, data in files.items() if data is not None}


def _collection(**changes: object) -> bytes:
    return json.dumps(collection_doc() | changes).encode()


def _with_logo_path(path: str) -> bytes:
    doc = collection_doc()
    doc["scenes"][0]["items"][1]["source"]["path"] = path
    return json.dumps(doc).encode()


def _plus(*extra: RawEntry, files: dict[str, bytes] | None = None) -> bytes:
    """A valid bundle with ``extra`` entries added after it (listed in ``files`` only when
    they are among ``files``)."""
    return raw_zip([*bundle_entries(files), *extra])


def _replacing(name: str, **entry_changes: object) -> bytes:
    """A valid bundle whose entry ``name`` is changed as given (the manifest unchanged)."""
    entries = bundle_entries()
    return raw_zip(
        [dataclasses.replace(e, **entry_changes) if e.name == name else e for e in entries]  # type: ignore[arg-type]
    )


def _bomb_of_many_entries() -> bytes:
    # 600 entries of 1 MB of zeros each, every one the same 1 kB deflate stream: 600 MB
    # unpacked from a bundle of under a megabyte, built in milliseconds.
    zeros = raw_deflate(bytes(MB))
    bombs = [
        RawEntry(f"assets/zeros-{n:03}.wav", stored_data=zeros, method=8, file_size=MB, crc=0)
        for n in range(600)
    ]
    return _plus(*bombs)


def _bomb_of_one_lying_header() -> bytes:
    huge = RawEntry("assets/huge.wav", stored_data=raw_deflate(bytes(1000)), method=8)
    return _plus(dataclasses.replace(huge, file_size=600 * MB, crc=0))


def _ratio_bomb() -> bytes:
    # One entry of 10 MB of zeros, deflated to 10 kB.
    entries = bundle_entries(_files(**{"assets/silence.wav": bytes(10 * MB)}))
    return raw_zip(
        [dataclasses.replace(e, deflate=e.name.endswith((".json", ".wav"))) for e in entries]
    )


def _truncated() -> bytes:
    whole = raw_zip(bundle_entries())
    return whole[: len(whole) // 2]


def _not_listed() -> bytes:
    return _plus(RawEntry("assets/extra.png", png_bytes()))


def _listed_but_missing() -> bytes:
    files = template_files()
    entries = bundle_entries(files)
    return raw_zip([entry for entry in entries if entry.name != "assets/chime.wav"])


def _hash_mismatch() -> bytes:
    entries = bundle_entries()
    altered = png_bytes(8, 8)  # a real picture, but not the one the manifest names
    return raw_zip(
        [
            dataclasses.replace(e, data=altered) if e.name == "assets/logo.png" else e
            for e in entries
        ]
    )


def _manifest_text(text: bytes) -> bytes:
    entries = bundle_entries()
    return raw_zip([RawEntry("manifest.json", text), *entries[1:]])


def _many_entries() -> bytes:
    return _plus(*(RawEntry(f"assets/folder-{n}/") for n in range(2000)))


CORPUS: list[tuple[str, Callable[[], bytes], str, BundleErrorCode]] = [
    (
        "zip-slip",
        lambda: _plus(RawEntry("../evil.txt", b"owned")),
        "../evil.txt: leaves the bundle (.. in the path)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "zip-slip deep",
        lambda: _plus(RawEntry("assets/../../evil.png", b"owned")),
        "assets/../../evil.png: leaves the bundle (.. in the path)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "zip-slip with backslashes",
        lambda: _plus(RawEntry("..\\evil.txt", b"owned")),
        "..\\evil.txt: leaves the bundle (.. in the path)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "absolute path",
        lambda: _plus(RawEntry("/tmp/evil.txt", b"owned")),
        "/tmp/evil.txt: is an absolute path (entries must be relative to the bundle)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "drive letter",
        lambda: _plus(RawEntry("C:/Windows/evil.dll", b"owned")),
        "C:/Windows/evil.dll: is an absolute path (a drive letter)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "backslash root",
        lambda: _plus(RawEntry("\\Windows\\evil.dll", b"owned")),
        "\\Windows\\evil.dll: is an absolute path (entries must be relative to the bundle)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "backslash inside",
        lambda: _plus(RawEntry("assets\\evil.png", b"owned")),
        "assets\\evil.png: uses a backslash (entries use / between folders)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "symlink entry",
        lambda: _plus(RawEntry("assets/link.png", b"/etc/passwd", external_attr=0o120777 << 16)),
        "assets/link.png: is a symbolic link (only plain files and folders are allowed)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "device entry",
        lambda: _plus(RawEntry("assets/disk.png", external_attr=(stat.S_IFBLK | 0o644) << 16)),
        "assets/disk.png: is a device, pipe or socket (only plain files and folders are allowed)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "folder named like a file",
        lambda: _plus(RawEntry("assets/x.png", external_attr=(stat.S_IFDIR | 0o755) << 16)),
        "assets/x.png: is marked as a folder but named like a file",
        Code.UNSAFE_ENTRY,
    ),
    (
        "folder with content",
        lambda: _plus(RawEntry("assets/inside/", b"data", external_attr=0o40755 << 16)),
        "assets/inside/: is a folder entry with content (only plain folders are allowed)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "600 MB bomb of many entries",
        _bomb_of_many_entries,
        r"re:^show\.lsstemplate: unpacks to 60\d\.\d MB, over the limit of 500 MB$",
        Code.TOO_LARGE,
    ),
    (
        "600 MB bomb in one lying header",
        _bomb_of_one_lying_header,
        r"re:^show\.lsstemplate: unpacks to 600\.\d MB, over the limit of 500 MB$",
        Code.TOO_LARGE,
    ),
    (
        "ratio bomb",
        _ratio_bomb,
        r"re:^assets/silence\.wav: is compressed [\d,]+:1, over the limit of 100:1"
        r" \(a zip bomb\?\)$",
        Code.COMPRESSION_BOMB,
    ),
    (
        "too many entries",
        _many_entries,
        "show.lsstemplate: has 2,006 entries, over the limit of 2,000",
        Code.TOO_LARGE,
    ),
    (
        "bad JSON manifest",
        lambda: _manifest_text(b'{"format_version": 1, "kind": "template",'),
        r"re:^manifest\.json: line 1 column \d+: not valid JSON \(.+\)$",
        Code.BAD_MANIFEST,
    ),
    (
        "manifest not an object",
        lambda: _manifest_text(b"[1, 2, 3]"),
        "manifest.json: must be a JSON object",
        Code.BAD_MANIFEST,
    ),
    (
        "newer format version",
        lambda: raw_zip(bundle_entries(format_version=2)),
        "manifest.json: format_version: made by a newer LiveShop Studio "
        "(bundle format 2; this version reads 1)",
        Code.NEWER_FORMAT,
    ),
    (
        "format version zero",
        lambda: raw_zip(bundle_entries(format_version=0)),
        "manifest.json: format_version: must be at least 1",
        Code.BAD_MANIFEST,
    ),
    (
        "empty name in the manifest",
        lambda: raw_zip(bundle_entries(name="")),
        "manifest.json: name: must not be empty",
        Code.BAD_MANIFEST,
    ),
    (
        "manifest without files",
        lambda: raw_zip(bundle_entries(files=None)),
        "manifest.json: files: is required in a bundle (the SHA-256 of every other entry)",
        Code.BAD_MANIFEST,
    ),
    (
        "no manifest",
        lambda: raw_zip(bundle_entries()[1:]),
        "show.lsstemplate: has no manifest.json (is this a LiveShop Studio template or profile?)",
        Code.MISSING_ENTRY,
    ),
    (
        "hash mismatch",
        _hash_mismatch,
        "assets/logo.png: its content does not match its SHA-256 in manifest.json "
        "(damaged or altered)",
        Code.HASH_MISMATCH,
    ),
    (
        "entry not listed in files",
        _not_listed,
        "assets/extra.png: is not listed in manifest.json's files",
        Code.NOT_LISTED,
    ),
    (
        "listed file missing",
        _listed_but_missing,
        "assets/chime.wav: is listed in manifest.json's files but missing from the bundle",
        Code.NOT_LISTED,
    ),
    (
        "png that is not an image",
        lambda: raw_zip(bundle_entries(_files(**{"assets/logo.png": b"#!/bin/sh\nrm -rf ~\n"}))),
        "assets/logo.png: is not a PNG picture (its first bytes say otherwise)",
        Code.BAD_ASSET,
    ),
    (
        "png signature on garbage",
        lambda: raw_zip(
            bundle_entries(_files(**{"assets/logo.png": LOGO.read_bytes()[:40] + bytes(200)}))
        ),
        r"re:^assets/logo\.png: is not a PNG picture \(.+\)$",
        Code.BAD_ASSET,
    ),
    (
        "png of gigapixels",
        lambda: raw_zip(bundle_entries(_files(**{"assets/logo.png": _png_header(60000, 60000)}))),
        "assets/logo.png: is 60000×60000 pixels, more than a show can use "
        "(at most 16384 on a side and 67 megapixels)",
        Code.BAD_ASSET,
    ),
    (
        "jpeg that is not an image",
        lambda: raw_zip(
            bundle_entries(_files(**{"assets/photo.jpg": b"\xff\xd8\xff" + bytes(100)}))
        ),
        r"re:^assets/photo\.jpg: is not a JPEG picture \(.+\)$",
        Code.BAD_ASSET,
    ),
    (
        "thumbnail that is a JPEG",
        lambda: raw_zip(bundle_entries(_files(**{"thumbnail.png": b"\xff\xd8\xff\xe0" * 8}))),
        "thumbnail.png: is not a PNG picture (its first bytes say otherwise)",
        Code.BAD_ASSET,
    ),
    (
        "ttf that is not a font",
        lambda: raw_zip(bundle_entries(_files(**{"assets/brand.ttf": png_bytes()}))),
        "assets/brand.ttf: is not a font (its first bytes say otherwise)",
        Code.BAD_ASSET,
    ),
    (
        "ttf signature on garbage",
        lambda: raw_zip(
            bundle_entries(_files(**{"assets/brand.ttf": b"\x00\x01\x00\x00" + bytes(64)}))
        ),
        r"re:^assets/brand\.ttf: is not (a usable font|a font that can be read) \(.+\)$",
        Code.BAD_ASSET,
    ),
    (
        "wav that is a picture",
        lambda: raw_zip(bundle_entries(_files(**{"assets/chime.wav": png_bytes()}))),
        "assets/chime.wav: is not a WAV file (its first bytes say otherwise)",
        Code.BAD_ASSET,
    ),
    (
        "mp4 that is a playlist",
        lambda: raw_zip(
            bundle_entries(_files(**{"assets/clip.mp4": b"#EXTM3U\nfile:///etc/passwd\n"}))
        ),
        "assets/clip.mp4: is not an MP4 file (its first bytes say otherwise)",
        Code.BAD_ASSET,
    ),
    (
        "truncated zip",
        _truncated,
        "show.lsstemplate: is not a zip file, or a truncated one (its table of contents is "
        "missing)",
        Code.NOT_READABLE,
    ),
    (
        "not a zip at all",
        lambda: png_bytes(),
        "show.lsstemplate: is not a zip file, or a truncated one (its table of contents is "
        "missing)",
        Code.NOT_READABLE,
    ),
    (
        "empty file",
        lambda: b"",
        "show.lsstemplate: is not a zip file, or a truncated one (its table of contents is "
        "missing)",
        Code.NOT_READABLE,
    ),
    (
        "duplicate names",
        lambda: _plus(RawEntry("assets/logo.png", LOGO.read_bytes())),
        "assets/logo.png: appears twice in the bundle",
        Code.UNSAFE_ENTRY,
    ),
    (
        "names differing by case",
        lambda: _plus(RawEntry("assets/LOGO.png", LOGO.read_bytes())),
        "assets/LOGO.png: has the same name as assets/logo.png on Windows and macOS "
        "(names must differ by more than case or Unicode form)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "names differing by Unicode form",
        lambda: _plus(
            RawEntry("assets/caf\u00e9.png", png_bytes()),
            RawEntry("assets/cafe\u0301.png", png_bytes()),
        ),
        "assets/cafe\u0301.png: has the same name as assets/caf\u00e9.png on Windows and macOS "
        "(names must differ by more than case or Unicode form)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "file inside a file",
        lambda: _plus(RawEntry("assets/logo.png/inner.png", png_bytes())),
        "assets/logo.png/inner.png: is inside assets/logo.png, which is a file",
        Code.UNSAFE_ENTRY,
    ),
    (
        "encrypted flag",
        lambda: _replacing("assets/logo.png", flags=0x1),
        "assets/logo.png: is encrypted (bundles cannot carry encrypted entries)",
        Code.ENCRYPTED,
    ),
    (
        "unsupported compression",
        lambda: _replacing("assets/logo.png", method=12),
        "assets/logo.png: is compressed with method 12, which bundles do not use "
        "(only stored and deflate)",
        Code.NOT_READABLE,
    ),
    (
        "damaged data",
        lambda: _replacing("assets/logo.png", crc=1234),
        "assets/logo.png: its data is damaged (a CRC or header check failed)",
        Code.NOT_READABLE,
    ),
    (
        "header promises more than the data holds",
        lambda: _replacing(
            "collection.json", file_size=len(template_files()["collection.json"]) + 9
        ),
        "collection.json: is shorter than its header says (the bundle is damaged)",
        Code.NOT_READABLE,
    ),
    (
        "unknown top-level entry",
        lambda: _plus(RawEntry("install.sh", b"#!/bin/sh\n")),
        "install.sh: is not allowed in a bundle (allowed: manifest.json, collection.json, "
        "thumbnail.png, profile.json and assets/…)",
        Code.UNKNOWN_ENTRY,
    ),
    (
        "unknown folder",
        lambda: _plus(RawEntry("scripts/", external_attr=0o40755 << 16)),
        "scripts/: is not allowed in a bundle (the only folder is assets/)",
        Code.UNKNOWN_ENTRY,
    ),
    (
        "unknown asset type",
        lambda: raw_zip(bundle_entries(_files(**{"assets/run.sh": b"#!/bin/sh\n"}))),
        "assets/run.sh: .sh files are not allowed in assets/ (pictures .png .jpg .jpeg .webp "
        ".gif, fonts .ttf .otf, media .mp4 .mov .webm .mp3 .wav .m4a .ogg, licences .txt)",
        Code.UNKNOWN_ENTRY,
    ),
    (
        "profile.json in a template",
        lambda: raw_zip(bundle_entries(_files(**{"profile.json": b"{}"}))),
        'profile.json: only a profile (kind "profile" in manifest.json) may carry one',
        Code.UNKNOWN_ENTRY,
    ),
    (
        "profile without profile.json",
        lambda: raw_zip(bundle_entries(kind="profile")),
        "profile.json: is missing (every profile has one)",
        Code.MISSING_ENTRY,
    ),
    (
        "profile.json not an object",
        lambda: raw_zip(bundle_entries(_files(**{"profile.json": b"[]"}), kind="profile")),
        "profile.json: must be a JSON object",
        Code.BAD_PROFILE,
    ),
    (
        "no thumbnail",
        lambda: raw_zip(bundle_entries(_files(**{"thumbnail.png": None}))),
        "thumbnail.png: is missing (every template has one)",
        Code.MISSING_ENTRY,
    ),
    (
        "collection pointing at an absolute path",
        lambda: raw_zip(
            bundle_entries(_files(**{"collection.json": _with_logo_path("/etc/hosts")}))
        ),
        "collection.json: scenes[0].items[1].source.path: '/etc/hosts' is an absolute path "
        "(entries must be relative to the bundle)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "collection pointing out of the bundle",
        lambda: raw_zip(
            bundle_entries(_files(**{"collection.json": _with_logo_path("assets/../../logo.png")}))
        ),
        "collection.json: scenes[0].items[1].source.path: 'assets/../../logo.png' leaves the "
        "bundle (.. in the path)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "collection pointing at a home folder",
        lambda: raw_zip(
            bundle_entries(_files(**{"collection.json": _with_logo_path("~/logo.png")}))
        ),
        "collection.json: scenes[0].items[1].source.path: points outside the bundle "
        "(a home folder)",
        Code.UNSAFE_ENTRY,
    ),
    (
        "collection pointing outside assets",
        lambda: raw_zip(
            bundle_entries(_files(**{"collection.json": _with_logo_path("thumbnail.png")}))
        ),
        "collection.json: scenes[0].items[1].source.path: 'thumbnail.png' must point into the "
        "bundle's assets/ folder",
        Code.BAD_COLLECTION,
    ),
    (
        "image source pointing at a font",
        lambda: raw_zip(
            bundle_entries(_files(**{"collection.json": _with_logo_path("assets/brand.ttf")}))
        ),
        "collection.json: scenes[0].items[1].source.path: 'assets/brand.ttf' is not the right "
        "kind of file here (expected .png .jpg .jpeg .webp .gif)",
        Code.BAD_COLLECTION,
    ),
    (
        "collection naming a missing asset",
        lambda: raw_zip(
            bundle_entries(_files(**{"collection.json": _with_logo_path("assets/gone.png")}))
        ),
        "collection.json: scenes[0].items[1].source.path: file not found",
        Code.BAD_COLLECTION,
    ),
    (
        "collection not JSON",
        lambda: raw_zip(bundle_entries(_files(**{"collection.json": b"{nope"}))),
        r"re:^collection\.json: line 1 column 2: not valid JSON \(.+\)$",
        Code.BAD_COLLECTION,
    ),
    (
        "manifest canvas the collection lacks",
        lambda: raw_zip(
            bundle_entries(canvases=[{"name": "Phone", "width": 1080, "height": 1920}])
        ),
        "manifest.json: canvases[0].name: the collection has no canvas named 'Phone'",
        Code.BAD_MANIFEST,
    ),
    (
        "manifest canvas of another size",
        lambda: raw_zip(
            bundle_entries(canvases=[{"name": "Landscape", "width": 1280, "height": 720}])
        ),
        "manifest.json: canvases[0]: says 1280×720 but the collection's canvas 'Landscape' is "
        "640×360",
        Code.BAD_MANIFEST,
    ),
    (
        "orientation that is not the canvases'",
        lambda: raw_zip(bundle_entries(orientation="vertical")),
        "manifest.json: orientation: says 'vertical' but canvas 'Landscape' is 640×360 (landscape)",
        Code.BAD_MANIFEST,
    ),
]


def _png_header(width: int, height: int) -> bytes:
    real = png_bytes(8, 8)
    return real[:16] + width.to_bytes(4, "big") + height.to_bytes(4, "big") + real[24:]


def _tree(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


@pytest.mark.parametrize(
    ("builder", "message", "code"),
    [case[1:] for case in CORPUS],
    ids=[case[0] for case in CORPUS],
)
def test_hostile_bundle_is_refused_and_leaves_nothing(
    builder: Callable[[], bytes],
    message: str,
    code: BundleErrorCode,
    tmp_path: Path,
    system_temp: Path,
) -> None:
    bundle = tmp_path / "show.lsstemplate"
    bundle.write_bytes(builder())
    library = tmp_path / "library"
    library.mkdir()
    before = _tree(tmp_path)

    errors = []
    with pytest.raises(BundleError) as checked:
        check_bundle(bundle)
    errors.append(checked.value)
    with pytest.raises(BundleError) as extracted:
        extract_bundle(bundle, library / "imported")
    errors.append(extracted.value)
    with pytest.raises(BundleError) as opened, open_bundle(bundle):
        pass
    errors.append(opened.value)

    for error in errors:
        if message.startswith("re:"):
            assert re.fullmatch(message[3:], str(error)), str(error)
        else:
            assert str(error) == message
        assert error.code == code
    assert _tree(tmp_path) == before  # nothing beside the library, nothing in it
    assert list(library.iterdir()) == []
    assert list(system_temp.iterdir()) == []


def test_a_bomb_is_refused_before_anything_is_read(tmp_path: Path, system_temp: Path) -> None:
    bundle = tmp_path / "show.lsstemplate"
    bundle.write_bytes(_bomb_of_many_entries())
    with pytest.raises(BundleError) as refused, open_zip(bundle):
        pass  # the headers alone refuse it
    assert refused.value.code == Code.TOO_LARGE


def test_streamed_bytes_are_held_to_the_header(tmp_path: Path, system_temp: Path) -> None:
    """Headers can lie: a zip reader that trusted them would unpack more than they say. The
    stream is counted, whatever the zip module does."""
    bundle = tmp_path / "show.lsstemplate"
    bundle.write_bytes(raw_zip(bundle_entries()))
    target = tmp_path / "out"
    target.mkdir()
    with open_zip(bundle) as archive:
        archive.entries = [
            dataclasses.replace(e, size_bytes=100) if e.name == "assets/brand.ttf" else e
            for e in archive.entries
        ]
        with pytest.raises(BundleError) as refused:
            archive.extract(target)
    assert str(refused.value) == (
        "assets/brand.ttf: unpacks to more than its header says (a zip bomb?)"
    )


def test_a_name_with_terminal_escapes_is_shown_harmlessly(tmp_path: Path) -> None:
    bundle = tmp_path / "show.lsstemplate"
    bundle.write_bytes(_plus(RawEntry("assets/\x1b[2Jred\u202e.png", png_bytes())))
    with pytest.raises(BundleError) as refused:
        check_bundle(bundle)
    text = str(refused.value)
    assert "\x1b" not in text and "\u202e" not in text
    assert text == "assets/\\x1b[2Jred\\u202e.png: has control characters in its name"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("assets/con.png", "uses a name Windows reserves (con)"),
        ("assets/a:b.png", "uses ':', which Windows does not allow in names"),
        ("assets/logo.png.", "has a name ending in a space or a dot (Windows drops them)"),
        ("assets//logo.png", "has an empty or '.' folder in its path"),
        ("assets/./logo.png", "has an empty or '.' folder in its path"),
    ],
)
def test_names_another_system_reads_differently_are_refused(
    name: str, reason: str, tmp_path: Path
) -> None:
    bundle = tmp_path / "show.lsstemplate"
    bundle.write_bytes(_plus(RawEntry(name, png_bytes())))
    with pytest.raises(BundleError) as refused:
        check_bundle(bundle)
    assert str(refused.value) == f"{name}: {reason}"
    assert refused.value.code == Code.UNSAFE_ENTRY


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(BundleError) as refused:
        check_bundle(tmp_path / "gone.lsstemplate")
    assert str(refused.value) == "gone.lsstemplate: file not found"


def test_unpacking_never_overwrites_a_folder(tmp_path: Path) -> None:
    bundle = tmp_path / "show.lsstemplate"
    bundle.write_bytes(raw_zip(bundle_entries()))
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        extract_bundle(bundle, existing)
    assert _tree(existing) == {"keep.txt"}


def test_a_failing_disk_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "show.lsstemplate"
    bundle.write_bytes(raw_zip(bundle_entries()))
    library = tmp_path / "library"
    library.mkdir()
    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space left"):
        extract_bundle(bundle, library / "imported")
    assert list(library.iterdir()) == []


# --- template folders -------------------------------------------------------------------------


def test_a_folder_with_a_symlink_is_refused(template_folder: Path) -> None:
    (template_folder / "assets" / "secret.png").symlink_to("/etc/passwd")
    with pytest.raises(BundleError) as refused:
        check_folder(template_folder)
    assert str(refused.value) == (
        "assets/secret.png: is a symbolic link (only plain files and folders are allowed)"
    )


def test_a_folder_with_a_linked_folder_is_refused(template_folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (template_folder / "assets" / "more").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(BundleError, match=r"^assets/more: is a symbolic link"):
        check_folder(template_folder)


def test_a_folder_with_a_pipe_is_refused(template_folder: Path) -> None:
    os.mkfifo(template_folder / "assets" / "pipe.wav")
    with pytest.raises(BundleError) as refused:
        check_folder(template_folder)
    assert str(refused.value) == (
        "assets/pipe.wav: is a device, pipe or socket (only plain files and folders are allowed)"
    )


def test_a_folder_with_a_stray_file_is_refused(template_folder: Path) -> None:
    (template_folder / "notes.txt").write_text("draft")
    with pytest.raises(BundleError, match=r"^notes\.txt: is not allowed in a bundle"):
        check_folder(template_folder)


def test_a_folder_passes_over_what_the_os_leaves_in_it(template_folder: Path) -> None:
    (template_folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (template_folder / "assets" / "Thumbs.db").write_bytes(b"\xd0\xcf")
    names = [entry.path for entry in check_folder(template_folder).entries]
    assert ".DS_Store" not in names and "assets/Thumbs.db" not in names


def test_a_folder_with_a_stale_listing_is_refused(template_folder: Path) -> None:
    files = template_files()
    manifest = json.loads((template_folder / "manifest.json").read_text())
    manifest["files"] = {name: sha256(data) for name, data in files.items()}
    (template_folder / "manifest.json").write_text(json.dumps(manifest))
    assert check_folder(template_folder).manifest.files == manifest["files"]

    (template_folder / "assets" / "logo.png").write_bytes(png_bytes(10, 10))
    with pytest.raises(BundleError) as refused:
        check_folder(template_folder)
    assert str(refused.value) == (
        "assets/logo.png: its content does not match its SHA-256 in manifest.json "
        "(changed since packing?)"
    )
    assert refused.value.code == Code.HASH_MISMATCH
