"""What this computer sustains live, measured: the "Auto-configure…" probe.

Each candidate (canvas size, frame rate, x264 preset) runs the real engine on the standard
shopping scene (:mod:`studio.bench.scene`: a moving camera, product card, QR code, chat and
ticker texts that change, a tone) for about a second of show, offline, in a child process:
compositing, text rendering, the video encoder, the audio mixer and AAC encoder and the FLV
muxer all run as in a show. What is measured is CPU time (the child's user + system seconds
per second of show, all threads), as a share of every core of the machine — not encode
speed, which says nothing about the rest of the show — plus what the app itself (window,
preview) used meanwhile. A candidate is proposed when it stays
at or below :data:`MAX_CPU_PERCENT` and kept up with real time; the rest is left to the
window, the preview and the host's other programs.

The walk starts in the middle of :data:`CANDIDATES` and moves up while candidates fit (or
down until one does), all in one child, so a probe measures a few candidates in a few
seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.settings.platforms import platform_presets

MAX_CPU_PERCENT = 75.0  # of all cores: the rest is headroom for the window and the host
SHOW_S = 1.0  # seconds of show measured per candidate
WARMUP_FRAMES = 10  # fonts, images and encoder start-up, not counted
PROBE_TIMEOUT_S = 60.0
BITRATE_STEP_KBPS = 100


@dataclass(frozen=True, slots=True)
class Candidate:
    width: int  # landscape size; the dialog swaps it for a vertical canvas
    height: int
    fps: int
    preset: str

    @property
    def label(self) -> str:
        return f"{self.width}×{self.height} at {self.fps} fps ({self.preset})"


# Best first; each one costs less than the one before it.
CANDIDATES = (
    Candidate(1920, 1080, 60, "veryfast"),
    Candidate(1920, 1080, 30, "veryfast"),
    Candidate(1280, 720, 60, "veryfast"),
    Candidate(1280, 720, 30, "veryfast"),
    Candidate(1280, 720, 30, "superfast"),
    Candidate(960, 540, 30, "superfast"),
    Candidate(640, 360, 30, "ultrafast"),
)
FIRST_MEASURED = 3  # 720p30 veryfast: most machines are near it


@dataclass(frozen=True, slots=True)
class Measurement:
    candidate: Candidate
    show_percent: float  # the show's CPU seconds per second of show / cores, in percent
    realtime_factor: float  # seconds of show per wall second while measured (≥ 1: kept up)
    window_percent: float = 0.0  # what the running app (window, preview) used meanwhile

    @property
    def cpu_percent(self) -> float:
        """What the show would use here, the window and its preview included."""
        return self.show_percent + self.window_percent

    @property
    def fits(self) -> bool:
        return self.cpu_percent <= MAX_CPU_PERCENT and self.realtime_factor >= 1.0

    def sentence(self) -> str:
        return f"{self.candidate.label} used {self.cpu_percent:.0f} % CPU here"


@dataclass(frozen=True, slots=True)
class CapabilityProposal:
    width: int  # landscape size; the dialog swaps it for a vertical canvas
    height: int
    fps: int
    preset: str
    bitrate_kbps: int
    summary: str  # what was measured and what is proposed, for the host
    measurements: tuple[Measurement, ...] = ()
    warning: bool = False  # nothing fitted: the smallest candidate is proposed anyway


def cpu_cores() -> int:
    """Cores this process may run on (affinity and container limits included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def choose(measurements: list[Measurement]) -> CapabilityProposal:
    """The best measured candidate that fits (≤ 75 % CPU, real time); else the cheapest
    measured one, with a warning."""
    if not measurements:
        raise ValueError("nothing was measured")
    order = {candidate: index for index, candidate in enumerate(CANDIDATES)}
    ranked = sorted(measurements, key=lambda m: order.get(m.candidate, len(order)))
    measured = "; ".join(m.sentence() for m in ranked)
    fitting = [m for m in ranked if m.fits]
    if fitting:
        best = fitting[0]
        return _proposal(
            best,
            ranked,
            f"Measured: {measured}. Proposed: {best.candidate.label}, at or below "
            f"{MAX_CPU_PERCENT:.0f} % CPU so the show keeps headroom.",
        )
    cheapest = ranked[-1]
    return _proposal(
        cheapest,
        ranked,
        f"Measured: {measured}. Even the smallest setting needs more than "
        f"{MAX_CPU_PERCENT:.0f} % CPU here: {cheapest.candidate.label} is proposed, but "
        "frames may drop. Close other programs or use a hardware encoder.",
        warning=True,
    )


def _proposal(
    chosen: Measurement, ranked: list[Measurement], summary: str, warning: bool = False
) -> CapabilityProposal:
    c = chosen.candidate
    return CapabilityProposal(
        c.width,
        c.height,
        c.fps,
        c.preset,
        bitrate_for(c.width, c.height, c.fps),
        summary,
        tuple(ranked),
        warning,
    )


def bitrate_for(width: int, height: int, fps: int) -> int:
    """A video bitrate every platform with published guidance accepts for this format
    (the middle of their common range, ``resources/platforms.json``); formats they do not
    list are scaled from the nearest one by pixel rate (to the power 0.75, as bitrate
    needs grow slower than pixels)."""
    short = min(width, height)
    ranges = [
        r
        for preset in platform_presets().values()
        if (r := preset.bitrate_range(short, fps)) is not None
    ]
    if not ranges:
        return 4500
    low, high = max(r.min for r in ranges), min(r.max for r in ranges)
    if low <= high:
        middle = (low + high) / 2
    else:  # the platforms disagree: the median of their own middles
        middles = sorted((r.min + r.max) / 2 for r in ranges)
        middle = middles[len(middles) // 2]
    listed_height, _, listed_fps = ranges[0].format.partition("p")
    listed_rate = int(listed_height) ** 2 * 16 / 9 * float(listed_fps)
    ratio = (width * height * fps) / listed_rate
    kbps = middle * ratio**0.75 if abs(ratio - 1) > 0.05 else middle
    kbps = min(kbps, max(r.max for r in ranges))
    return max(BITRATE_STEP_KBPS * 5, round(kbps / BITRATE_STEP_KBPS) * BITRATE_STEP_KBPS)


# Measuring -------------------------------------------------------------------------------


def walk(
    candidates: tuple[Candidate, ...], first: int, measure_one: Callable[[Candidate], Measurement]
) -> list[Measurement]:
    """Measure ``candidates[first]``, then better ones while they fit, or cheaper ones until
    one does (candidates are ordered best and costliest first)."""
    first = min(max(0, first), len(candidates) - 1)
    results = {first: measure_one(candidates[first])}
    step = -1 if results[first].fits else 1  # towards better, or towards cheaper
    index = first + step
    while 0 <= index < len(candidates):
        results[index] = measure_one(candidates[index])
        if results[index].fits == (step == 1):
            break  # a better one no longer fits, or a cheaper one fits at last
        index += step
    return [results[i] for i in sorted(results)]


def measure_capability(
    candidates: tuple[Candidate, ...] = CANDIDATES,
    first: int = FIRST_MEASURED,
    show_s: float = SHOW_S,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> CapabilityProposal:
    """Measure in a fresh child process (its CPU time is the show's alone, not the
    window's) and propose. Runs for a few seconds: call it off the UI thread. Raises
    RuntimeError with the child's last lines when the measurement fails."""
    job = {
        "candidates": [[c.width, c.height, c.fps, c.preset] for c in candidates],
        "first": first,
        "show_s": show_s,
        "cores": cpu_cores(),
    }
    command = [sys.executable, "-m", "studio.bench.capability", json.dumps(job)]
    env = {**os.environ, "PYTHONFAULTHANDLER": "1", "QT_QPA_PLATFORM": "offscreen"}
    before = os.times()
    try:
        run = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout_s, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"the measurement took longer than {timeout_s:.0f} s") from None
    window_percent = _own_cpu_percent(before, os.times())
    lines = [line for line in run.stdout.splitlines() if line.startswith("[")]
    if run.returncode != 0 or not lines:
        tail = " | ".join(run.stderr.strip().splitlines()[-4:])
        raise RuntimeError(f"the measurement stopped ({tail or run.returncode})")
    return choose(
        [
            Measurement(Candidate(w, h, fps, preset), cpu, realtime, window_percent)
            for (w, h, fps, preset), cpu, realtime in json.loads(lines[-1])
        ]
    )


def _own_cpu_percent(before: os.times_result, after: os.times_result) -> float:
    """This process's CPU (not its children's) between two samples, as a share of every
    core: in the app, what the window and its preview cost while the child measured. The
    live show pays it on top of the encoding, so it counts against the 75 %."""
    own_s = (after.user - before.user) + (after.system - before.system)
    wall_s = after.elapsed - before.elapsed
    return max(0.0, own_s / wall_s / cpu_cores() * 100) if wall_s > 0 else 0.0


class _Probe:
    """In the child: runs the engine on the shopping scene for each candidate asked."""

    def __init__(self, show_s: float, cores: int, folder: Path) -> None:
        from studio.render.text import ensure_gui_app

        ensure_gui_app()  # text sources need Qt's font engine, created on the main thread
        self.show_s, self.cores, self.folder = show_s, cores, folder

    def warm_up(self, candidate: Candidate) -> None:
        self._run(candidate, WARMUP_FRAMES)  # fonts, images, encoder libraries: not counted

    def measure_one(self, candidate: Candidate) -> Measurement:
        frames = max(2, round(candidate.fps * self.show_s))
        cpu_s, wall_s = self._run(candidate, frames)
        seconds_of_show = frames / candidate.fps
        return Measurement(
            candidate,
            cpu_s / seconds_of_show / self.cores * 100,
            seconds_of_show / max(wall_s, 1e-6),
        )

    def _run(self, c: Candidate, frames: int) -> tuple[float, float]:
        from studio.bench.ours import run_ours
        from studio.bench.scene import build_scene

        folder = self.folder / f"{c.width}x{c.height}-{c.fps}-{frames}"
        scene = build_scene(folder, c.width, c.height, frames)
        scene.fps = c.fps
        scene.write()
        figures = run_ours(scene, folder / "probe.flv", preset=c.preset)
        if figures.errors:
            raise RuntimeError("; ".join(figures.errors))
        return figures.cpu_s, figures.wall_s


def main(argv: list[str]) -> int:
    job = json.loads(argv[0])
    candidates = tuple(Candidate(w, h, fps, preset) for w, h, fps, preset in job["candidates"])
    with tempfile.TemporaryDirectory(prefix="studio-probe-") as scratch:
        probe = _Probe(job["show_s"], job["cores"], Path(scratch))
        probe.warm_up(min(candidates, key=lambda c: c.width * c.height * c.fps))
        measured = walk(candidates, job["first"], probe.measure_one)
    rows = [
        [[m.candidate.width, m.candidate.height, m.candidate.fps, m.candidate.preset],
         m.show_percent, m.realtime_factor]
        for m in measured
    ]  # fmt: skip
    print(json.dumps(rows), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
