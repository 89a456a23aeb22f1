"""A short capability probe for "Auto-configure…" when studio.bench.quick is not available.

It encodes ~60 synthetic frames at 720p and 1080p with the real encoder and times them. The
compositor, capture and audio need CPU too, so a size is only proposed when the encoder alone
runs well faster than real time (``HEADROOM``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np

from studio.encode import VideoEncoder, VideoEncoderSettings

HEADROOM = 2.0  # the encoder alone must run this many times faster than the show
PROBE_SIZES = ((1280, 720), (1920, 1080))


@dataclass(frozen=True, slots=True)
class CapabilityProposal:
    width: int  # landscape size; the dialog swaps it for a vertical canvas
    height: int
    fps: int
    preset: str
    summary: str  # one sentence for the user


def encode_fps(width: int, height: int, frames: int, encoder: str, preset: str) -> float:
    """Frames per second the encoder sustains on moving synthetic frames at this size."""
    settings = VideoEncoderSettings(encoder=encoder, preset=preset, bitrate_kbps=4500)
    video = VideoEncoder(width, height, Fraction(30), settings)
    rng = np.random.default_rng(1)
    base = rng.integers(0, 255, (height * 3 // 2, width), dtype=np.uint8)
    try:
        started = time.perf_counter()
        for index in range(frames):
            # Shift the picture each frame so the encoder sees motion, not a still.
            planes = np.roll(base, index * 4, axis=1)
            video.encode(av.VideoFrame.from_ndarray(planes, format="yuv420p"), index)
        video.flush()
        elapsed = time.perf_counter() - started
    finally:
        video.close()
    return frames / max(elapsed, 1e-6)


def quick_probe(encoder: str = "libx264", frames: int = 60) -> CapabilityProposal:
    measured = {size: encode_fps(*size, frames, encoder, "veryfast") for size in PROBE_SIZES}
    return propose(measured)


def propose(measured_fps: dict[tuple[int, int], float]) -> CapabilityProposal:
    """Pick the largest size and frame rate with headroom, from encode speeds per size."""
    for (width, height), speed in sorted(measured_fps.items(), key=lambda i: -i[0][1]):
        for fps in (60, 30):
            if speed >= fps * HEADROOM:
                preset = "veryfast" if speed >= fps * HEADROOM * 1.5 else "superfast"
                return CapabilityProposal(
                    width,
                    height,
                    fps,
                    preset,
                    f"This computer encodes {height}p at about {speed:.0f} frames per second: "
                    f"{height}p{fps} with the {preset} preset leaves room for the rest of the "
                    "show.",
                )
    width, height = min(measured_fps, key=lambda size: size[1])
    speed = measured_fps[(width, height)]
    return CapabilityProposal(
        width,
        height,
        30,
        "ultrafast",
        f"This computer encodes {height}p at only about {speed:.0f} frames per second: "
        f"{height}p30 with the ultrafast preset is the safest choice (a hardware encoder helps).",
    )


def measure_capability() -> CapabilityProposal:
    """The bench's quick measurement (:mod:`studio.bench.quick`) when it is installed, else
    :func:`quick_probe`. Runs for seconds to a minute: call it off the UI thread."""
    try:
        from studio.bench import quick as bench_quick
    except ImportError:
        return quick_probe()
    # The bench is written in parallel: accept the agreed ``quick_capability()`` or its
    # ``measure_realtime_capacity()`` + ``best_sustained()``, and probe ourselves otherwise.
    agreed = getattr(bench_quick, "quick_capability", None)
    if callable(agreed):
        return _as_proposal(agreed()) or quick_probe()
    measure = getattr(bench_quick, "measure_realtime_capacity", None)
    best_of = getattr(bench_quick, "best_sustained", None)
    if callable(measure) and callable(best_of):
        results = measure()
        return _as_proposal(best_of(results)) or _slowest_proposal(results) or quick_probe()
    return quick_probe()


def _as_proposal(result: object) -> CapabilityProposal | None:
    """A proposal from any result naming a size, a rate (``fps``: measured, or the target)
    and a preset, as attributes or keys."""
    if isinstance(result, CapabilityProposal):
        return result
    if result is None:
        return None

    def field(*names: str) -> object:
        for name in names:
            value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
            if value is not None:
                return value
        return None

    width, height = field("width", "canvas_width"), field("height", "canvas_height")
    speed, preset = field("fps", "frame_rate"), field("preset")
    if not (
        isinstance(width, int | float)
        and isinstance(height, int | float)
        and isinstance(speed, int | float)
    ):
        return None
    long_side, short_side = sorted((int(width), int(height)), reverse=True)
    margin = field("margin")
    if isinstance(margin, int | float):  # a measured speed (bench Capacity): pick the rate
        fps = 60 if speed >= 60 * margin else 30
        summary = (
            f"This computer renders and encodes {short_side}p at about {speed:.0f} frames per "
            f"second with the {preset} preset: {short_side}p{fps} is proposed."
        )
    else:
        fps = round(speed)
        summary = str(field("summary", "message") or f"Measured: {short_side}p{fps} ({preset}).")
    return CapabilityProposal(long_side, short_side, fps, str(preset or "veryfast"), summary)


def _slowest_proposal(results: object) -> CapabilityProposal | None:
    # Nothing was sustained: the smallest size at the fastest preset, said plainly.
    if not isinstance(results, list) or not results:
        return None
    smallest = _as_proposal(min(results, key=lambda r: getattr(r, "width", 0)))
    if smallest is None:
        return None
    return CapabilityProposal(
        smallest.width,
        smallest.height,
        30,
        "ultrafast",
        f"This computer could not sustain any measured size in real time: {smallest.height}p30 "
        "with the ultrafast preset is the safest choice (a hardware encoder helps).",
    )
