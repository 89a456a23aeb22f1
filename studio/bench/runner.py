"""The whole benchmark: per canvas size ffmpeg, the encoder floor and our pipeline, then the
latency, memory and cold-start probes."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av

from studio.bench.coldstart import compile_bytecode, measure_app_cold_start, measure_cold_start
from studio.bench.ffmpeg_ref import build_command, run_ffmpeg, write_overlays
from studio.bench.figures import BenchReport, RunFigures, SizeResult, median_run
from studio.bench.live import DEFAULT_LIVE_SECONDS, run_live
from studio.bench.processes import run_child
from studio.bench.scene import build_scene

DEFAULT_SIZES = ((1280, 720), (1920, 1080), (1080, 1920))
LONG_RUN_SIZE = (640, 360)
RSS_START_FRAME = 1000  # memory is compared from here on, after caches and pools warmed up


@dataclass(frozen=True, slots=True)
class BenchOptions:
    folder: Path
    sizes: tuple[tuple[int, int], ...] = DEFAULT_SIZES
    frames: int = 1800  # long enough that start-up is a small part of every side's time
    rounds: int = 3  # each size's three runs are repeated in turn; the median run counts
    live_seconds: float = DEFAULT_LIVE_SECONDS  # 0 skips the live runs
    live_app: bool = True
    live_rounds: int = 1  # runs of each live side; the median counts (this VM moves one by ±0.15)
    latency_s: float = 6.0
    long_frames: int = 20_000  # 0 skips the long run
    cold_start: bool = True


def count_video_packets(path: Path) -> int:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return sum(1 for packet in container.demux(stream) if packet.size)


def run_size(folder: Path, width: int, height: int, frames: int, rounds: int = 1) -> SizeResult:
    """ffmpeg, the floor and ours on one canvas size, ``rounds`` times in turn; each keeps its
    median run by wall time, so a moment of noise on a shared machine does not decide the
    ratio. Needs ``ensure_gui_app`` (rasters)."""
    scene = build_scene(folder, width, height, frames)
    overlays = write_overlays(scene)
    command = build_command(scene, overlays, folder / "ffmpeg.flv")
    job = {"folder": str(folder), "width": width, "height": height, "frames": frames}
    ffmpeg_runs: list[RunFigures] = []
    floor_runs: list[RunFigures] = []
    ours_runs: list[tuple[RunFigures, dict[str, float]]] = []
    for _ in range(max(1, rounds)):
        ffmpeg_run = run_ffmpeg(command)
        ffmpeg_runs.append(RunFigures(count_video_packets(folder / "ffmpeg.flv"),
                                      ffmpeg_run.wall_s, ffmpeg_run.cpu_s,
                                      ffmpeg_run.peak_rss_mb))  # fmt: skip
        floor_job = run_child("floor", {**job, "output": str(folder / "floor.flv")})
        floor_runs.append(_figures(folder / "floor.flv", floor_job))
        ours_job = run_child("ours", {**job, "output": str(folder / "ours.flv")})
        ours_runs.append((_figures(folder / "ours.flv", ours_job), ours_job["stage_ms"]))
    ours, stage_ms = median_run(ours_runs, key=lambda run: run[0].wall_s)
    return SizeResult(
        width, height, ours,
        median_run(ffmpeg_runs, key=lambda run: run.wall_s),
        median_run(floor_runs, key=lambda run: run.wall_s),
        stage_ms,
    )  # fmt: skip


def _figures(output: Path, job: dict[str, Any]) -> RunFigures:
    """A child job's figures with the boundaries ffmpeg's have: the whole process, from its
    start (interpreter, imports, scene loading) to its exit, CPU from the OS's accounting."""
    return RunFigures(count_video_packets(output), job["process_wall_s"], job["process_cpu_s"],
                      job["peak_rss_mb"])  # fmt: skip


def run_long(folder: Path, frames: int) -> dict[str, object]:
    width, height = LONG_RUN_SIZE
    job = {"folder": str(folder), "width": width, "height": height, "frames": frames,
           "output": os.devnull, "rss_every_s": 1.0}  # fmt: skip
    result = run_child("ours", job, timeout_s=1800)
    samples = result["rss_samples"]
    start = next((s for s in samples if s[0] >= RSS_START_FRAME), samples[0])
    end = samples[-1]
    return {
        "canvas": f"{width}x{height}",
        "frames": result["encoded_frames"],
        "wall_s": result["wall_s"],
        "fps": result["encoded_frames"] / result["wall_s"],
        "rss_first_mb": samples[0][1],
        "rss_start_frame": start[0],
        "rss_start_mb": start[1],
        "rss_end_mb": end[1],
        "rss_growth_mb": end[1] - start[1],
        "peak_rss_mb": result["peak_rss_mb"],
    }


def run_benchmark(options: BenchOptions, progress: Callable[[str], None] = print) -> BenchReport:
    """Call ``ensure_gui_app()`` on the main thread first (the ffmpeg side's text rasters)."""
    report = BenchReport()
    for width, height in options.sizes:
        progress(f"{width}x{height}: ffmpeg, encoder floor, ours ({options.frames} frames each, "
                 f"{options.rounds} rounds)…")  # fmt: skip
        folder = options.folder / f"{width}x{height}"
        report.sizes.append(run_size(folder, width, height, options.frames, options.rounds))
    if options.live_seconds > 0:
        report.live = run_live(options.folder / "live", options.sizes, options.live_seconds,
                               with_app=options.live_app, rounds=options.live_rounds,
                               progress=progress)  # fmt: skip
    if options.latency_s > 0:
        progress(f"latency: {options.latency_s:.0f} s in real time at 1920x1080…")
        job = {"folder": str(options.folder / "latency"), "width": 1920, "height": 1080,
               "frames": 300, "output": str(options.folder / "latency" / "live.flv"),
               "seconds": options.latency_s}  # fmt: skip
        report.latency = {**run_child("latency", job), "canvas": "1920x1080"}
    if options.long_frames > 0:
        progress(f"long run: {options.long_frames} frames at 640x360…")
        report.long_run = run_long(options.folder / "long", options.long_frames)
    if options.cold_start:
        compile_bytecode()
        progress("cold start: studio stream…")
        scene = build_scene(options.folder / "coldstart", 1920, 1080, 60)
        report.cold_start_s = measure_cold_start(scene.scene_path, scene.folder)
        progress("cold start: studio (desktop app)…")
        report.app_cold_start_s = measure_app_cold_start(options.folder / "app")
    return report
