"""Ratios and verdicts come from the measured figures, nothing else."""

from __future__ import annotations

import pytest

from studio.bench.figures import BenchReport, RunFigures, SizeResult, bars
from studio.bench.flv_output import MuxRecord
from studio.bench.latency import feature_latency_frames, pipeline_latencies_ms
from studio.bench.live import LiveComparison, LiveSide
from studio.bench.quick import Capacity, best_sustained
from studio.bench.report import format_report


def _size(ours: RunFigures, ffmpeg: RunFigures, floor: RunFigures) -> SizeResult:
    return SizeResult(1920, 1080, ours, ffmpeg, floor, {"encode": 20.0})


def test_ratios_are_computed_from_the_measured_runs() -> None:
    result = _size(RunFigures(300, 5.0, 9.0), RunFigures(300, 6.0, 10.0), RunFigures(300, 4.8, 8))
    assert result.ours.fps == pytest.approx(60.0)
    assert result.throughput_ratio == pytest.approx(6.0 / 5.0)
    assert result.cpu_ratio == pytest.approx(30.0 / 33.333, rel=1e-3)
    assert result.floor_ratio == pytest.approx(4.8 / 5.0)
    verdict = bars(BenchReport(sizes=[result]))
    assert verdict["throughput_ratio_ge_1_1"] is True
    assert verdict["floor_ratio_ge_0_95"] is True
    assert verdict["cold_start_le_2_s"] is None  # not measured: no verdict
    assert verdict["live_cpu_ratio"] is None


def test_a_slower_pipeline_fails_the_bar_and_the_report_says_so() -> None:
    result = _size(RunFigures(300, 8.0, 12.0), RunFigures(300, 6.0, 10.0), RunFigures(300, 6, 9))
    report = BenchReport(sizes=[result])
    assert bars(report)["throughput_ratio_ge_1_1"] is False
    assert bars(report)["floor_ratio_ge_0_95"] is False
    text = format_report(report)
    assert "1920x1080" in text and "0.75" in text and "not met" in text


def _live_run(ours_cpu: float, ffmpeg_cpu: float, ours_mb: float, received: int) -> dict:
    ours = LiveSide(30.0, 31.0, ours_cpu, ours_mb, received, 900)
    return LiveComparison(ours, LiveSide(30.0, 30.2, ffmpeg_cpu, 150.0, 900, 900)).to_json()


def test_live_ratios_are_per_minute_of_show_and_judged_per_canvas() -> None:
    run = _live_run(ours_cpu=15.0, ffmpeg_cpu=16.0, ours_mb=180.0, received=901)
    assert run["ours"]["cpu_s_per_minute"] == pytest.approx(30.0)
    assert run["cpu_ratio"] == pytest.approx(15.0 / 16.0, rel=1e-3)
    assert run["rss_ratio"] == pytest.approx(1.2) and run["dropped_frames"] == 0
    slower = _live_run(ours_cpu=17.0, ffmpeg_cpu=16.0, ours_mb=180.0, received=900)
    report = BenchReport(live={"1280x720": {"stream": slower}, "1920x1080": {"record": run}})
    assert bars(report)["live_cpu_ratio"] is True  # 1.06 is within 720p's 1.1
    report.live["1080x1920"] = {"stream": slower}  # ... but not within 1080p's 1.0
    assert bars(report)["live_cpu_ratio"] is False
    report.live = {"1920x1080": {"stream": _live_run(15.0, 16.0, 180.0, received=880)}}
    assert bars(report)["live_no_dropped_frames"] is False
    text = format_report(report)
    assert "1920x1080  stream vs ffmpeg" in text and "not met" in text


def test_pipeline_latency_counts_from_the_newest_camera_frame_before_the_due_time() -> None:
    records = [MuxRecord(0, 100_000_000, 130_000_000), MuxRecord(1, 133_000_000, 170_000_000)]
    captured = [90_000_000, 120_000_000, 150_000_000]
    assert pipeline_latencies_ms(records, captured) == pytest.approx([40.0, 50.0])


def test_feature_latency_counts_frames_after_the_call() -> None:
    records = [MuxRecord(i, i * 33_333_333, 0) for i in range(10)]
    assert feature_latency_frames(records, 100_000_000, 5, 30) == 1  # frame 4 was due first
    assert feature_latency_frames(records, 100_000_000, None, 30) is None


def test_quick_recommends_the_largest_sustained_canvas_at_the_best_preset() -> None:
    results = [
        Capacity(1280, 720, "veryfast", 80.0),
        Capacity(1920, 1080, "veryfast", 33.0),
        Capacity(1920, 1080, "superfast", 45.0),
        Capacity(1920, 1080, "ultrafast", 70.0),
    ]
    assert [r.sustains for r in results] == [True, False, True, True]
    best = best_sustained(results)
    assert best is not None and (best.height, best.preset) == (1080, "superfast")
    assert best_sustained([Capacity(1920, 1080, "veryfast", 20.0)]) is None


def test_studio_bench_is_a_command() -> None:
    from studio.cli.main import build_parser

    args = build_parser().parse_args(["bench", "--quick", "--sizes", "160x96"])
    assert args.quick and args.sizes == [(160, 96)]
