"""The benchmark's text report."""

from __future__ import annotations

from studio.bench.figures import BenchReport, bars
from studio.bench.quick import Capacity

STAGES = ("source", "compose", "convert", "encode", "mux")


def format_report(report: BenchReport) -> str:
    lines = [
        "canvas     | ours fps | ffmpeg fps | floor fps | ours/ffmpeg | ours/floor "
        "| CPU ms/frame ours | ffmpeg | CPU ratio | peak RSS MB ours | ffmpeg",
    ]
    for s in report.sizes:
        lines.append(
            f"{s.label:10s} | {s.ours.fps:8.1f} | {s.ffmpeg.fps:10.1f} | {s.floor.fps:9.1f} "
            f"| {s.throughput_ratio:11.2f} | {s.floor_ratio:10.2f} "
            f"| {s.ours.cpu_ms_per_frame:17.1f} | {s.ffmpeg.cpu_ms_per_frame:6.1f} "
            f"| {s.cpu_ratio:9.2f} | {s.ours.peak_rss_mb:16.0f} | {s.ffmpeg.peak_rss_mb:6.0f}"
        )
    lines.append("")
    lines.append(
        "our stages, ms per frame: "
        + ", ".join(STAGES)
        + " (compose is the render thread's CPU time; the others are wall time)"
    )
    for s in report.sizes:
        stages = "  ".join(f"{name} {s.stage_ms.get(name, 0.0):5.2f}" for name in STAGES)
        lines.append(f"{s.label:10s} | {stages}")
    if report.live:
        lines.append("")
        lines.append(
            "live (real time, whole process)  | CPU s/min ours | reference | CPU ratio "
            "| peak MB ours | reference | MB ratio | dropped"
        )
        for canvas, runs in report.live.items():
            for mode, run in runs.items():
                against = "headless stream" if mode == "app" else "ffmpeg"
                ours, theirs = run["ours"], run["reference"]
                lines.append(
                    f"{canvas:10s} {mode:6s} vs {against:15s} | {ours['cpu_s_per_minute']:14.1f} "
                    f"| {theirs['cpu_s_per_minute']:9.1f} | {run['cpu_ratio']:9.2f} "
                    f"| {ours['peak_rss_mb']:12.0f} | {theirs['peak_rss_mb']:9.0f} "
                    f"| {run['rss_ratio']:8.2f} | {run['dropped_frames']:7d}"
                )
    lat = report.latency
    if lat:
        lines.append("")
        lines.append(
            f"feature latency: {lat.get('feature_latency_frames')} frames; pipeline latency "
            f"(source frame -> packet muxed, real time {lat.get('canvas', '')}): median "
            f"{lat['pipeline_median_ms']:.1f} ms, p99 {lat['pipeline_p99_ms']:.1f} ms "
            f"(frame due -> muxed median {lat['due_to_mux_median_ms']:.1f} ms; "
            f"{lat['skipped_late_frames']} late, {lat['dropped_encoder_frames']} dropped)"
        )
    run = report.long_run
    if run:
        lines.append(
            f"long run: {run['frames']} frames at {run['canvas']} in {run['wall_s']:.0f} s "
            f"({run['fps']:.0f} fps); RSS {run['rss_start_mb']:.1f} MB after "
            f"{run['rss_start_frame']} frames -> {run['rss_end_mb']:.1f} MB at the end "
            f"(growth {run['rss_growth_mb']:+.1f} MB)"
        )
    if report.cold_start_s is not None:
        lines.append(f"cold start: `studio stream` to its first encoded frame "
                     f"{report.cold_start_s:.2f} s")  # fmt: skip
    if report.app_cold_start_s is not None:
        lines.append(f"cold start: `studio` to its first painted window "
                     f"{report.app_cold_start_s:.2f} s")  # fmt: skip
    lines.append("")
    lines.append("bars: " + ", ".join(
        f"{name} {'MET' if ok else 'not met' if ok is not None else 'n/a'}"
        for name, ok in bars(report).items()
    ))  # fmt: skip
    return "\n".join(lines)


def format_capacity(results: list[Capacity]) -> str:
    lines = ["canvas     | preset    |   fps | sustains 30 fps live"]
    for r in results:
        verdict = "yes" if r.sustains else "no"
        lines.append(f"{r.width}x{r.height:<5d} | {r.preset:9s} | {r.fps:5.1f} | {verdict} "
                     f"(needs {r.target_fps * r.margin:.0f} fps offline)")  # fmt: skip
    return "\n".join(lines)
