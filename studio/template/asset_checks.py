"""Is each asset what its extension says? Decoded before a bundle is accepted.

A file is first held to its extension's signature (its first bytes), then opened with that
format's own demuxer (never FFmpeg's guess: a guessed playlist or concat file could read
other files on the host's computer into the show) and one frame or glyph table is decoded.
Pictures have their size read from the header before decoding, so a small file that
unpacks to gigapixels is refused without the memory it asks for.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import av
from fontTools.ttLib import TTFont

from studio.template.bundle_format import (
    FONT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    MEDIA_EXTENSIONS,
    BundleErrorCode,
    refused,
)
from studio.template.entry_names import TEXT_EXTENSIONS, extension_of, has_control_characters

MAX_PICTURE_SIDE = 16384
MAX_PICTURE_PIXELS = 8192 * 8192  # 256 MB as BGRA; an 8K background is 33 megapixels
# Only local files, whatever a container asks for (FFmpeg's own defence against references).
_FFMPEG_OPTIONS = {"protocol_whitelist": "file"}


@dataclass(frozen=True, slots=True)
class _Format:
    label: str  # "a PNG picture"
    demuxer: str  # FFmpeg's name for the only demuxer the file is opened with
    codecs: tuple[str, ...] = ()  # pictures: the decoders their data must be for


_PICTURES = {
    ".png": _Format("a PNG picture", "png_pipe", ("png", "apng")),
    ".jpg": _Format("a JPEG picture", "jpeg_pipe", ("mjpeg",)),
    ".jpeg": _Format("a JPEG picture", "jpeg_pipe", ("mjpeg",)),
    ".webp": _Format("a WebP picture", "webp_pipe", ("webp",)),
    ".gif": _Format("a GIF picture", "gif", ("gif",)),
}
_MEDIA = {
    ".mp4": _Format("an MP4 file", "mov"),
    ".mov": _Format("a QuickTime file", "mov"),
    ".m4a": _Format("an M4A file", "mov"),
    ".webm": _Format("a WebM file", "matroska"),
    ".mp3": _Format("an MP3 file", "mp3"),
    ".wav": _Format("a WAV file", "wav"),
    ".ogg": _Format("an Ogg file", "ogg"),
}
assert set(_PICTURES) == set(IMAGE_EXTENSIONS) and set(_MEDIA) == set(MEDIA_EXTENSIONS)

_MP4_FIRST_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")
_FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"true", b"OTTO")
_FONT_TABLES = ("head", "name", "cmap", "maxp", "hhea", "hmtx")


class _NotWhatItSays(Exception):
    """The reason an asset is refused (a sentence ending of "<entry>: ")."""


def check_asset(path: Path, name: str) -> None:
    """Raise BundleError naming ``name`` unless ``path`` decodes as its extension says."""
    extension = extension_of(name)
    try:
        if extension in _PICTURES:
            _check_picture(path, _PICTURES[extension], extension)
        elif extension in FONT_EXTENSIONS:
            _check_font(path)
        elif extension in _MEDIA:
            _check_media(path, _MEDIA[extension], extension)
        elif extension in TEXT_EXTENSIONS:
            _check_text(path)
        else:
            raise _NotWhatItSays(f"{extension or 'no extension'} is not an asset type")
    except _NotWhatItSays as problem:
        raise refused(name, str(problem), BundleErrorCode.BAD_ASSET) from None


MAX_TEXT_BYTES = 256 * 1024


def _check_text(path: Path) -> None:
    """A licence or read-me: UTF-8 text of a sane size without terminal escapes."""
    content = path.read_bytes()
    if len(content) > MAX_TEXT_BYTES:
        raise _NotWhatItSays(f"a text file over {MAX_TEXT_BYTES // 1024} KiB is not a licence")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise _NotWhatItSays("is not UTF-8 text") from None
    if has_control_characters(text, allowed="\n\r\t\f"):
        raise _NotWhatItSays("has control characters (text files must be plain text)")


def _check_picture(path: Path, expected: _Format, extension: str) -> None:
    with open(path, "rb") as file:
        head = file.read(64)
        if not _has_signature(head, extension):
            raise _NotWhatItSays(f"is not {expected.label} (its first bytes say otherwise)")
        size = _picture_size(head, extension, file)
    if size is None:
        raise _NotWhatItSays(f"is not {expected.label} (its header has no size)")
    _check_picture_size(*size)
    with _opened(path, expected) as container:
        if not container.streams.video:
            raise _NotWhatItSays(f"is not {expected.label} (it holds no picture)")
        stream = container.streams.video[0]
        codec = stream.codec_context.name
        if codec not in expected.codecs:
            raise _NotWhatItSays(f"is not {expected.label} (it holds {codec} data)")
        for frame in container.decode(stream):
            _check_picture_size(frame.width, frame.height)
            return
    raise _NotWhatItSays(f"is not {expected.label} (no picture could be decoded)")


def _check_media(path: Path, expected: _Format, extension: str) -> None:
    with open(path, "rb") as file:
        head = file.read(64)
    if not _has_signature(head, extension):
        raise _NotWhatItSays(f"is not {expected.label} (its first bytes say otherwise)")
    with _opened(path, expected) as container:
        video, audio = container.streams.video, container.streams.audio
        if not video and not audio:
            raise _NotWhatItSays(f"is not {expected.label} with sound or pictures")
        stream = video[0] if video else audio[0]
        if video:
            _check_picture_size(stream.codec_context.width, stream.codec_context.height)
        for _frame in container.decode(stream):
            return
    raise _NotWhatItSays(f"is not {expected.label} (no frame could be decoded)")


def _check_font(path: Path) -> None:
    with open(path, "rb") as file:
        head = file.read(4)
    if head in (b"wOFF", b"wOF2", b"ttcf"):
        raise _NotWhatItSays("is a web font or a font collection (bundles carry .ttf and .otf)")
    if head not in _FONT_SIGNATURES:
        raise _NotWhatItSays("is not a font (its first bytes say otherwise)")
    try:
        with TTFont(str(path), lazy=True) as font:
            missing = [tag for tag in _FONT_TABLES if tag not in font]
            if missing:
                raise _NotWhatItSays(f"is not a usable font (no {missing[0]!r} table)")
            if not any(tag in font for tag in ("glyf", "CFF ", "CFF2")):
                raise _NotWhatItSays("is not a usable font (it has no glyph outlines)")
            for tag in (*_FONT_TABLES, "glyf" if "glyf" in font else "CFF "):
                if tag in font:
                    font[tag]  # decompiles the table: a damaged one raises here
            font.getGlyphOrder()
    except _NotWhatItSays:
        raise
    except Exception as error:  # fontTools raises many kinds on damaged fonts; all mean "no"
        raise _NotWhatItSays(f"is not a font that can be read ({_reason(error)})") from None


@contextmanager
def _opened(path: Path, expected: _Format) -> Iterator[Any]:
    """The file opened with its one demuxer; any FFmpeg failure means "not what it says"."""
    try:
        container = av.open(str(path), format=expected.demuxer, options=dict(_FFMPEG_OPTIONS))
    except Exception as error:  # PyAV maps FFmpeg's many error codes to many classes
        raise _NotWhatItSays(f"is not {expected.label} ({_reason(error)})") from None
    try:
        yield container
    except _NotWhatItSays:
        raise
    except Exception as error:  # a decoder failing on damaged data, in any way
        raise _NotWhatItSays(f"is not {expected.label} ({_reason(error)})") from None
    finally:
        container.close()


def _has_signature(head: bytes, extension: str) -> bool:
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension == ".webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if extension == ".wav":
        return head.startswith(b"RIFF") and head[8:12] == b"WAVE"
    if extension in (".mp4", ".mov", ".m4a"):
        return head[4:8] in _MP4_FIRST_BOXES
    if extension == ".webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    if extension == ".mp3":
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] >= 0xE0)
    if extension == ".ogg":
        return head.startswith(b"OggS")
    return False


def _picture_size(head: bytes, extension: str, file: IO[bytes]) -> tuple[int, int] | None:
    if extension == ".png":
        if head[12:16] != b"IHDR" or len(head) < 24:
            return None
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    if extension == ".gif":
        width, height = struct.unpack("<HH", head[6:10])
        return width, height
    if extension == ".webp":
        return _webp_size(head)
    return _jpeg_size(file)


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25:
        (bits,) = struct.unpack("<I", head[21:25])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(head) >= 30:
        return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
    return None


_JPEG_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_UNSIZED_MARKERS = frozenset([0x01, *range(0xD0, 0xD9)])  # TEM, RSTn, SOI: no length
_JPEG_MAX_SEGMENTS = 1000


def _jpeg_size(file: IO[bytes]) -> tuple[int, int] | None:
    """The frame header's size, walking the segments before it (EXIF, ICC, tables)."""
    file.seek(2)
    for _ in range(_JPEG_MAX_SEGMENTS):
        prefix = file.read(2)
        if len(prefix) < 2 or prefix[0] != 0xFF:
            return None
        marker = prefix[1]
        while marker == 0xFF:  # fill bytes
            byte = file.read(1)
            if not byte:
                return None
            marker = byte[0]
        if marker in _JPEG_UNSIZED_MARKERS:
            continue
        length_bytes = file.read(2)
        if len(length_bytes) < 2:
            return None
        (length,) = struct.unpack(">H", length_bytes)
        if length < 2:
            return None
        if marker in _JPEG_FRAME_MARKERS:
            frame = file.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return width, height
        if marker in (0xDA, 0xD9):  # scan data or the end before any frame header
            return None
        file.seek(length - 2, 1)
    return None


def _check_picture_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise _NotWhatItSays("is not a usable picture (its size is zero)")
    if max(width, height) > MAX_PICTURE_SIDE or width * height > MAX_PICTURE_PIXELS:
        raise _NotWhatItSays(
            f"is {width}×{height} pixels, more than a show can use (at most "
            f"{MAX_PICTURE_SIDE} on a side and {MAX_PICTURE_PIXELS // 1_000_000} megapixels)"
        )


def _reason(error: BaseException) -> str:
    # FFmpeg's own words ("Invalid data found when processing input") without the file's
    # temporary path, which means nothing to the person reading.
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "…"
