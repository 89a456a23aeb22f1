"""Building small scene collections and assets for end-to-end tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest


def write_png(path: Path, rgba: np.ndarray) -> Path:
    """Write an RGBA image as PNG with PyAV's encoder."""
    height, width = rgba.shape[:2]
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgba"
    packets = codec.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(rgba), format="rgba"))
    packets += codec.encode(None)
    path.write_bytes(b"".join(bytes(p) for p in packets))
    return path


def solid_png(path: Path, width: int, height: int, rgb: tuple[int, int, int]) -> Path:
    rgba = np.empty((height, width, 4), np.uint8)
    rgba[...] = (*rgb, 255)
    return write_png(path, rgba)


def collection(
    canvases: list[dict[str, Any]], scenes: list[dict[str, Any]], name: str = "test show"
) -> dict[str, Any]:
    return {"format_version": 1, "name": name, "canvases": canvases, "scenes": scenes}


def write_collection(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=2))
    return path


def flash_and_beep_movie(path: Path, seconds: int = 6) -> Path:
    """A 320x240@30 movie: black with a white flash and a 1 kHz beep together at t = 1, 3, 5 s
    (each 0.1 s long)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("the ffmpeg CLI is needed to make the test movie (apt install ffmpeg)")
    gate = "between(mod(t,2),1,1.0999)"
    beep = f"aevalsrc='if({gate},0.5*sin(2*PI*1000*t),0)':s=48000:d={seconds}"
    subprocess.run(
        [
            ffmpeg, "-v", "error", "-y",
            "-f", "lavfi", "-i", f"color=c=black:s=320x240:r=30:d={seconds},"
            f"drawbox=x=0:y=0:w=320:h=240:color=white:t=fill:enable='{gate}'",
            "-f", "lavfi", "-i", beep,
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "30", "-c:a", "aac", "-shortest",
            str(path),
        ],
        check=True,
    )  # fmt: skip
    return path
