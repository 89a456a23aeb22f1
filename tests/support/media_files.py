"""Small media files for tests, generated once per session with the ffmpeg CLI.

Fixtures (session scope, paths in a temp folder):
  ``media_mp4``        2 s, 64x48 @ 25 fps testsrc2 + 440 Hz sine (H.264 + AAC, 44.1 kHz)
  ``flash_beep_mp4``   2 s black video with a white flash at 1.0 s (3 frames) and a 1 kHz
                       beep at 1.0-1.1 s, silence elsewhere: an A/V sync probe
  ``video_only_mp4``   1 s testsrc2, no audio track
  ``audio_only_m4a``   1 s 440 Hz sine, AAC, no video
  ``png_rgba``         16x8 RGBA PNG: left half opaque red, right half 50 % alpha white
  ``jpeg_image``       32x16 JPEG of a green fill
  ``webp_rgba``        16x8 WebP (lossless) with the same content as ``png_rgba``
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

FLASH_AT_S = 1.0
BEEP_HZ = 1000.0
MEDIA_FPS = 25


def _ffmpeg(*args: str) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.skip("the ffmpeg CLI is not installed")
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, timeout=60)


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def media_mp4(media_dir: Path) -> Path:
    out = media_dir / "pattern.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=size=64x48:rate={MEDIA_FPS}:duration=2",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "25", "-c:a", "aac", "-shortest",
        str(out),
    )  # fmt: skip
    return out


@pytest.fixture(scope="session")
def flash_beep_mp4(media_dir: Path) -> Path:
    out = media_dir / "flash_beep.mp4"
    flash_end = FLASH_AT_S + 3 / MEDIA_FPS - 0.001
    video = (
        f"color=c=black:size=64x48:rate={MEDIA_FPS}:duration=2,"
        f"drawbox=x=0:y=0:w=64:h=48:color=white:t=fill:enable='between(t,{FLASH_AT_S},{flash_end})'"
    )
    audio = (
        f"aevalsrc='0.5*sin(2*PI*{BEEP_HZ}*t)*between(t,{FLASH_AT_S},{FLASH_AT_S + 0.1})'"
        ":s=44100:d=2"
    )
    _ffmpeg(
        "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio,
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "25", "-c:a", "aac", str(out),
    )  # fmt: skip
    return out


@pytest.fixture(scope="session")
def video_only_mp4(media_dir: Path) -> Path:
    out = media_dir / "video_only.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=size=64x48:rate={MEDIA_FPS}:duration=1",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", str(out),
    )  # fmt: skip
    return out


@pytest.fixture(scope="session")
def audio_only_m4a(media_dir: Path) -> Path:
    out = media_dir / "audio_only.m4a"
    _ffmpeg(
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1",
        "-c:a", "aac", str(out),
    )  # fmt: skip
    return out


def rgba_test_pixels() -> np.ndarray:
    """16x8 RGBA: left half opaque red, right half white at alpha 128."""
    rgba = np.zeros((8, 16, 4), np.uint8)
    rgba[:, :8] = (255, 0, 0, 255)
    rgba[:, 8:] = (255, 255, 255, 128)
    return rgba


def _write_rgba(out: Path, codec: str, pix_fmt: str, extra: list[str]) -> Path:
    raw = out.with_suffix(".rgba")
    raw.write_bytes(rgba_test_pixels().tobytes())
    _ffmpeg(
        "-f", "rawvideo", "-pix_fmt", "rgba", "-s", "16x8", "-i", str(raw),
        "-frames:v", "1", "-c:v", codec, "-pix_fmt", pix_fmt, *extra, str(out),
    )  # fmt: skip
    return out


@pytest.fixture(scope="session")
def png_rgba(media_dir: Path) -> Path:
    return _write_rgba(media_dir / "image.png", "png", "rgba", [])


@pytest.fixture(scope="session")
def webp_rgba(media_dir: Path) -> Path:
    return _write_rgba(media_dir / "image.webp", "libwebp", "yuva420p", ["-lossless", "1"])


@pytest.fixture(scope="session")
def jpeg_image(media_dir: Path) -> Path:
    out = media_dir / "image.jpg"
    _ffmpeg(
        "-f", "lavfi", "-i", "color=c=0x00C000:size=32x16", "-frames:v", "1",
        "-pix_fmt", "yuvj420p", str(out),
    )  # fmt: skip
    return out
