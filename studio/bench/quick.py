"""`studio bench --quick`: which canvas sizes and x264 presets this machine sustains live.

Each combination renders the standard scene offline for a few seconds' worth of frames; it
is sustainable when it renders at least ``margin`` times the frame rate (headroom for the
desktop app, the network and the host's other programs). The settings' auto-configuration
calls :func:`measure_realtime_capacity`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from studio.bench.processes import run_child

QUICK_SIZES = ((1280, 720), (1920, 1080))
QUICK_PRESETS = ("veryfast", "superfast", "ultrafast")
QUICK_FRAMES = 90
SUSTAIN_MARGIN = 1.25


@dataclass(frozen=True, slots=True)
class Capacity:
    width: int
    height: int
    preset: str
    fps: float  # frames rendered and encoded per second, offline
    target_fps: float = 30.0
    margin: float = SUSTAIN_MARGIN

    @property
    def sustains(self) -> bool:
        return self.fps >= self.target_fps * self.margin


def measure_realtime_capacity(
    sizes: tuple[tuple[int, int], ...] = QUICK_SIZES,
    presets: tuple[str, ...] = QUICK_PRESETS,
    frames: int = QUICK_FRAMES,
    folder: Path | None = None,
) -> list[Capacity]:
    results = []
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as scratch:
        base = folder or Path(scratch)
        for width, height in sizes:
            for preset in presets:
                job = {"folder": str(base / f"{width}x{height}"), "width": width,
                       "height": height, "frames": frames, "preset": preset,
                       "output": str(base / f"quick-{width}x{height}-{preset}.flv")}  # fmt: skip
                figures = run_child("ours", job)
                results.append(Capacity(width, height, preset, frames / figures["wall_s"]))
    return results


def best_sustained(results: list[Capacity]) -> Capacity | None:
    """The largest canvas at the slowest (best-looking) preset that is sustained."""
    order = {preset: i for i, preset in enumerate(QUICK_PRESETS)}
    sustained = [r for r in results if r.sustains]
    if not sustained:
        return None
    return max(sustained, key=lambda r: (r.width * r.height, -order.get(r.preset, 99)))
