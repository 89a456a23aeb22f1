"""`studio bench`: our pipeline against the ffmpeg CLI, and what this machine sustains live."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("sizes look like 1920x1080") from None
    if width % 2 or height % 2 or width < 16 or height < 16:
        raise argparse.ArgumentTypeError("sizes must be even and at least 16x16")
    return width, height


def add_parser(commands: Any) -> None:
    bench = commands.add_parser(
        "bench",
        help="measure the pipeline against the ffmpeg CLI",
        description="Run the standard shopping scene through our pipeline, the ffmpeg CLI and "
        "the encoder alone; then measure latency, memory growth and cold start. "
        "--quick only tells which sizes and presets this machine sustains live.",
    )
    bench.add_argument("--quick", action="store_true", help="capacity check, under a minute")
    bench.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    bench.add_argument("--frames", type=int, default=1800,
                       help="frames per offline run, each side a whole process (1800)")  # fmt: skip
    bench.add_argument("--live-seconds", type=float, default=30.0,
                       help="length of each live run in real time (30; 0 skips them)")  # fmt: skip
    bench.add_argument("--live-rounds", type=int, default=1,
                       help="live runs of each side per size; the median counts (1)")  # fmt: skip
    bench.add_argument("--no-live-app", action="store_true",
                       help="skip the desktop app's live run (it needs Xvfb)")  # fmt: skip
    bench.add_argument("--rounds", type=int, default=3,
                       help="runs of each side per size; the median counts (3)")  # fmt: skip
    bench.add_argument("--sizes", type=_size, nargs="+", metavar="WxH",
                       help="canvas sizes (1280x720 1920x1080 1080x1920)")  # fmt: skip
    bench.add_argument("--long-frames", type=int, default=20_000,
                       help="frames of the 640x360 memory run (0 skips it)")  # fmt: skip
    bench.add_argument("--latency-seconds", type=float, default=6.0, help="0 skips it")
    bench.add_argument("--no-cold-start", action="store_true")
    bench.add_argument("--keep", type=Path, metavar="DIR", help="keep the outputs in DIR")
    bench.set_defaults(run=run_bench)


def run_bench(args: argparse.Namespace) -> int:
    from studio.bench.ffmpeg_ref import FfmpegMissingError, ffmpeg_path
    from studio.render.text import ensure_gui_app

    ensure_gui_app()  # the ffmpeg side's text rasters are drawn here
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as scratch:
        folder = args.keep or Path(scratch)
        if args.quick:
            return _run_quick(args, folder)
        try:
            ffmpeg_path()
        except FfmpegMissingError as error:
            print(f"studio: {error}", file=sys.stderr)
            return 2
        return _run_full(args, folder)


def _run_quick(args: argparse.Namespace, folder: Path) -> int:
    from studio.bench.quick import best_sustained, measure_realtime_capacity
    from studio.bench.report import format_capacity

    results = measure_realtime_capacity(folder=folder)
    print(format_capacity(results))
    best = best_sustained(results)
    if best is None:
        print("This computer does not sustain 1280x720 at 30 fps with x264 here; "
              "use a hardware encoder or a smaller canvas.")  # fmt: skip
    else:
        print(f"Recommended: {best.width}x{best.height} with preset {best.preset}.")
    if args.json:
        rows = [{"width": r.width, "height": r.height, "preset": r.preset,
                 "fps": round(r.fps, 2), "sustains": r.sustains} for r in results]  # fmt: skip
        args.json.write_text(json.dumps({"capacity": rows}, indent=2))
    return 0


def _run_full(args: argparse.Namespace, folder: Path) -> int:
    from studio.bench.report import format_report
    from studio.bench.runner import DEFAULT_SIZES, BenchOptions, run_benchmark

    options = BenchOptions(
        folder=folder,
        sizes=tuple(args.sizes) if args.sizes else DEFAULT_SIZES,
        frames=args.frames,
        rounds=args.rounds,
        live_seconds=args.live_seconds,
        live_app=not args.no_live_app,
        live_rounds=args.live_rounds,
        latency_s=args.latency_seconds,
        long_frames=args.long_frames,
        cold_start=not args.no_cold_start,
    )
    report = run_benchmark(options, progress=lambda text: print(text, file=sys.stderr))
    report.command = "studio " + shlex.join(sys.argv[1:])
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report.to_json(), indent=2))
    return 0
