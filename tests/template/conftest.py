"""Template folders, packed bundles and hand-built zips for the bundle tests.

``raw_zip`` writes a zip byte by byte, so a test can build what no honest zip library would:
lying sizes, link and device entries, encryption flags, duplicate names.
"""

from __future__ import annotations

import hashlib
import json
import struct
import tempfile
import wave
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
LOGO = REPO / "resources" / "images" / "liveshop-logo.png"
FONT = REPO / "resources" / "fonts" / "DejaVuSans.ttf"
REGULAR_FILE = 0o100644 << 16


def png_bytes(width: int = 32, height: int = 18, shade: int = 40) -> bytes:
    """A real PNG, encoded by PyAV from a gradient."""
    rows = np.linspace(0, 255, width, dtype=np.uint8)[None, :].repeat(height, axis=0)
    picture = np.stack([rows, np.full_like(rows, shade), 255 - rows], axis=-1)
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgb24"
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(picture), format="rgb24")
    packets = [*codec.encode(frame), *codec.encode(None)]
    return b"".join(bytes(packet) for packet in packets)


def wav_bytes(samples: int = 800) -> bytes:
    """A short mono 16-bit WAV: a ramp, so every byte of it is audible data."""
    path = Path(tempfile.mkdtemp()) / "chime.wav"
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(np.arange(samples, dtype=np.int16).tobytes())
    content = path.read_bytes()
    path.unlink()
    path.parent.rmdir()
    return content


def collection_doc() -> dict[str, Any]:
    """A tiny real show: a colour background, the logo image, a text, the brand font."""
    return {
        "format_version": 2,
        "name": "Tiny show",
        "canvases": [
            {"name": "Landscape", "width": 640, "height": 360, "fps": 30, "scene": "Live"},
        ],
        "scenes": [
            {
                "name": "Live",
                "items": [
                    {"id": "bg", "source": {"kind": "color", "name": "Background"}},
                    {
                        "id": "logo",
                        "source": {"kind": "image", "name": "Logo", "path": "assets/logo.png"},
                        "transform": {"x": 16, "y": 16, "width": 64, "height": 64},
                        "template_locked": True,
                    },
                    {"id": "title", "source": {"kind": "text", "name": "Title", "text": "Hi"}},
                ],
            }
        ],
        "template": {
            "name": "Tiny show",
            "brand": {
                "colors": {"primary": "#ff3366"},
                "fonts": ["assets/brand.ttf"],
                "logo": "assets/logo.png",
            },
        },
    }


def manifest_doc(**changes: Any) -> dict[str, Any]:
    return {
        "format_version": 1,
        "kind": "template",
        "name": "Tiny show",
        "version": "1.0",
        "author": "Agency",
        "description": "A show for tests.",
        "orientation": "landscape",
        "canvases": [{"name": "Landscape", "width": 640, "height": 360}],
    } | changes


def template_files() -> dict[str, bytes]:
    """Every file of a valid template folder but manifest.json."""
    return {
        "collection.json": json.dumps(collection_doc(), indent=2).encode(),
        "thumbnail.png": png_bytes(64, 36),
        "assets/logo.png": LOGO.read_bytes(),
        "assets/brand.ttf": FONT.read_bytes(),
        "assets/chime.wav": wav_bytes(),
    }


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def write_folder(folder: Path, files: dict[str, bytes], manifest: dict[str, Any]) -> Path:
    folder.mkdir(parents=True)
    for name, content in {**files, "manifest.json": json.dumps(manifest).encode()}.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return folder


@pytest.fixture
def template_folder(tmp_path: Path) -> Path:
    """A valid template folder (its manifest without ``files``: packing fills them in)."""
    return write_folder(tmp_path / "tiny-show", template_files(), manifest_doc())


@dataclass
class RawEntry:
    """One entry of a hand-built zip; ``None`` sizes and CRC are computed honestly."""

    name: str
    data: bytes = b""
    deflate: bool = False
    flags: int = 0
    external_attr: int = REGULAR_FILE
    create_system: int = 3
    method: int | None = None  # overrides the one ``deflate`` implies
    file_size: int | None = None
    crc: int | None = None
    stored_data: bytes | None = None  # the bytes as written (e.g. a reused deflate stream)


def raw_zip(entries: list[RawEntry], comment: bytes = b"") -> bytes:
    """The bytes of a zip holding ``entries`` exactly as described."""
    body = bytearray()
    directory = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-8")
        stored = entry.stored_data
        if stored is None:
            stored = _raw_deflate(entry.data) if entry.deflate else entry.data
        method = entry.method if entry.method is not None else (8 if entry.deflate else 0)
        crc = entry.crc if entry.crc is not None else zlib.crc32(entry.data)
        size = entry.file_size if entry.file_size is not None else len(entry.data)
        flags = entry.flags | 0x800  # names in UTF-8
        offset = len(body)
        body += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, len(stored), size,
            len(name), 0,
        )  # fmt: skip
        body += name + stored
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", (entry.create_system << 8) | 20, 20, flags, method,
            0, 0x21, crc, len(stored), size, len(name), 0, 0, 0, 0, entry.external_attr, offset,
        )  # fmt: skip
        directory += name
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body),
        len(comment),
    )  # fmt: skip
    return bytes(body + directory + end + comment)


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def raw_deflate(data: bytes) -> bytes:
    return _raw_deflate(data)


def bundle_entries(
    contents: dict[str, bytes] | None = None, **manifest_changes: Any
) -> list[RawEntry]:
    """The entries of a valid bundle (``contents`` replacing the template's files), manifest
    first, its ``files`` listing every entry's true SHA-256 unless ``manifest_changes`` say
    else."""
    files = template_files() if contents is None else contents
    manifest = manifest_doc(files={name: sha256(data) for name, data in files.items()})
    manifest |= manifest_changes
    entries = [RawEntry("manifest.json", json.dumps(manifest).encode(), deflate=True)]
    entries += [
        RawEntry(name, data, deflate=name.endswith(".json")) for name, data in files.items()
    ]
    return entries


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The temporary folder Python hands out, made empty and watched by the tests."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
