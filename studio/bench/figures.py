"""The measured figures of one run and the ratios the bar is judged on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def median_run(runs: list[T], key: Callable[[T], float]) -> T:
    """The middle run by ``key`` (the higher of the two middle ones for an even count): a
    moment of noise on a shared machine does not decide a ratio."""
    return sorted(runs, key=key)[len(runs) // 2]


@dataclass(frozen=True, slots=True)
class RunFigures:
    """One job's measurement: frames produced, wall and CPU seconds, peak memory."""

    frames: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float = 0.0

    @property
    def fps(self) -> float:
        return self.frames / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def cpu_ms_per_frame(self) -> float:
        return self.cpu_s * 1000 / self.frames if self.frames else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"frames": self.frames, "wall_s": round(self.wall_s, 3),
                "cpu_s": round(self.cpu_s, 3), "fps": round(self.fps, 2),
                "cpu_ms_per_frame": round(self.cpu_ms_per_frame, 2),
                "peak_rss_mb": round(self.peak_rss_mb, 1)}  # fmt: skip


@dataclass(slots=True)
class SizeResult:
    width: int
    height: int
    ours: RunFigures
    ffmpeg: RunFigures
    floor: RunFigures
    stage_ms: dict[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.width}x{self.height}"

    @property
    def throughput_ratio(self) -> float:
        """Ours / ffmpeg frames per second (≥ 1.0: at least as fast as the ffmpeg CLI)."""
        return self.ours.fps / self.ffmpeg.fps if self.ffmpeg.fps else 0.0

    @property
    def cpu_ratio(self) -> float:
        """Ours / ffmpeg CPU per frame (≤ 1.1 is the bar)."""
        theirs = self.ffmpeg.cpu_ms_per_frame
        return self.ours.cpu_ms_per_frame / theirs if theirs else 0.0

    @property
    def floor_ratio(self) -> float:
        """Ours / encoder-alone frames per second (≥ 0.9 is the bar)."""
        return self.ours.fps / self.floor.fps if self.floor.fps else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "canvas": self.label,
            "ours": self.ours.to_json(),
            "ffmpeg": self.ffmpeg.to_json(),
            "floor": self.floor.to_json(),
            "throughput_ratio": round(self.throughput_ratio, 3),
            "cpu_ratio": round(self.cpu_ratio, 3),
            "floor_ratio": round(self.floor_ratio, 3),
            "stage_ms": {k: round(v, 2) for k, v in self.stage_ms.items()},
        }


@dataclass(slots=True)
class BenchReport:
    sizes: list[SizeResult] = field(default_factory=list)
    latency: dict[str, Any] = field(default_factory=dict)
    long_run: dict[str, Any] = field(default_factory=dict)
    cold_start_s: float | None = None
    app_cold_start_s: float | None = None
    command: str = ""
    # canvas ("1920x1080") -> "stream" | "record" | "app" -> the comparison's JSON
    live: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "sizes": [size.to_json() for size in self.sizes],
            "live": self.live,
            "latency": self.latency,
            "long_run": self.long_run,
            "cold_start_s": self.cold_start_s,
            "app_cold_start_s": self.app_cold_start_s,
            "bars": bars(self),
        }


def bars(report: BenchReport) -> dict[str, bool | None]:
    """Each bar of the issues, judged from the measured figures (None: not measured)."""
    sizes = report.sizes
    result: dict[str, bool | None] = {
        "throughput_ratio_ge_1_1": all(s.throughput_ratio >= 1.1 for s in sizes) if sizes
        else None,
        "floor_ratio_ge_0_95": all(s.floor_ratio >= 0.95 for s in sizes) if sizes else None,
    }  # fmt: skip
    result.update(live_bars(report.live))
    lat = report.latency
    feature = lat.get("feature_latency_frames")
    result["feature_latency_le_2_frames"] = (
        None if not lat else feature is not None and feature <= 2
    )
    result["pipeline_latency_median_le_50_ms"] = (
        None if not lat else lat.get("pipeline_median_ms", 1e9) <= 50
    )
    growth = report.long_run.get("rss_growth_mb")
    result["rss_growth_le_10_mb"] = None if growth is None else growth <= 10
    cold = report.cold_start_s
    result["cold_start_le_2_s"] = None if cold is None else cold <= 2
    app = report.app_cold_start_s
    result["app_cold_start_le_2_s"] = None if app is None else app <= 2
    return result


def _live_cpu_bar(canvas: str) -> float:
    """CPU against the ffmpeg CLI, live: ≤ 1.0 at 1080p (either orientation), ≤ 1.1 below."""
    width, height = (int(n) for n in canvas.split("x"))
    return 1.0 if width * height >= 1920 * 1080 else 1.1


def live_bars(live: dict[str, dict[str, dict[str, Any]]]) -> dict[str, bool | None]:
    if not live:
        return {"live_cpu_ratio": None, "live_rss_ratio_le_1_3": None,
                "live_no_dropped_frames": None, "app_cpu_ratio_le_1_25": None}  # fmt: skip
    headless = [(canvas, runs[mode]) for canvas, runs in live.items()
                for mode in ("stream", "record") if mode in runs]  # fmt: skip
    apps = [runs["app"] for runs in live.values() if "app" in runs]
    return {
        "live_cpu_ratio": all(r["cpu_ratio"] <= _live_cpu_bar(c) for c, r in headless),
        "live_rss_ratio_le_1_3": all(r["rss_ratio"] <= 1.3 for _c, r in headless),
        "live_no_dropped_frames": all(r["dropped_frames"] == 0
                                      for r in [*(r for _c, r in headless), *apps]),
        "app_cpu_ratio_le_1_25": all(r["cpu_ratio"] <= 1.25 for r in apps) if apps else None,
    }  # fmt: skip
