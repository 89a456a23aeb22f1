"""The live benchmark: each side runs the standard scene in real time for the same length, as
a host's show does, and is timed as a whole process from start to exit.

Per canvas size: the ffmpeg CLI (``-re``) and ``studio stream`` to a loopback nginx-rtmp, the
ffmpeg CLI and ``studio record`` to a Matroska file, in turn. Figures per side: CPU seconds
per minute of show, peak memory of its whole process tree, and frames missing from what the
server (or the file) received. The chat and ticker show their first texts throughout on both
sides (the offline runs cover text changes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av

from studio.bench.ffmpeg_ref import build_command, write_overlays
from studio.bench.figures import median_run
from studio.bench.processes import ProcessRun, run_measured
from studio.bench.rtmp_server import LoopbackRtmpServer
from studio.bench.scene import FPS, BenchScene, build_scene
from studio.encode import VideoEncoderSettings

DEFAULT_LIVE_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class LiveSide:
    """One side's live run, whole process."""

    seconds: float  # the show's length asked for
    wall_s: float
    cpu_s: float
    peak_rss_mb: float  # the whole process tree's: each process's peak, summed
    received_frames: int
    expected_frames: int

    @property
    def cpu_s_per_minute(self) -> float:
        return self.cpu_s * 60.0 / self.seconds

    @property
    def dropped_frames(self) -> int:
        return max(0, self.expected_frames - self.received_frames)

    def to_json(self) -> dict[str, Any]:
        return {"seconds": self.seconds, "wall_s": round(self.wall_s, 2),
                "cpu_s": round(self.cpu_s, 2),
                "cpu_s_per_minute": round(self.cpu_s_per_minute, 2),
                "peak_rss_mb": round(self.peak_rss_mb, 1),
                "received_frames": self.received_frames,
                "expected_frames": self.expected_frames,
                "dropped_frames": self.dropped_frames}  # fmt: skip


@dataclass(frozen=True, slots=True)
class LiveComparison:
    """Ours against a reference (the ffmpeg CLI, or the headless stream for the app)."""

    ours: LiveSide
    reference: LiveSide

    @property
    def cpu_ratio(self) -> float:
        theirs = self.reference.cpu_s_per_minute
        return self.ours.cpu_s_per_minute / theirs if theirs else 0.0

    @property
    def rss_ratio(self) -> float:
        theirs = self.reference.peak_rss_mb
        return self.ours.peak_rss_mb / theirs if theirs else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"cpu_ratio": round(self.cpu_ratio, 3), "rss_ratio": round(self.rss_ratio, 3),
                "dropped_frames": self.ours.dropped_frames,
                "ours": self.ours.to_json(), "reference": self.reference.to_json()}  # fmt: skip


def count_video_frames(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        try:
            with av.open(str(path)) as container:
                stream = container.streams.video[0]
                total += sum(1 for packet in container.demux(stream) if packet.size)
        except (av.error.FFmpegError, IndexError, OSError):
            continue
    return total


def studio_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "studio", *args]


def encoding_arguments(settings: VideoEncoderSettings) -> list[str]:
    """Our CLI's flags for the encoder settings ffmpeg gets (defaults spelled out)."""
    return ["--video-bitrate", str(settings.bitrate_kbps), "--audio-bitrate", "160",
            "--preset", settings.preset, "--quiet"]  # fmt: skip


def _measured(
    what: str, command: list[str], seconds: float, env: dict[str, str] | None = None
) -> ProcessRun:
    run = run_measured(command, timeout_s=seconds * 4 + 120, env=env)
    if run.returncode != 0:
        raise RuntimeError(f"the live run {what} failed ({run.returncode}): "
                           f"{run.stderr.strip()[-600:]}")  # fmt: skip
    return run


def _side(run: ProcessRun, seconds: float, received: int, fps: int) -> LiveSide:
    return LiveSide(seconds, run.wall_s, run.cpu_s, run.peak_rss_mb, received,
                    round(seconds * fps))  # fmt: skip


def run_live_size(
    folder: Path,
    width: int,
    height: int,
    seconds: float,
    server: LoopbackRtmpServer,
    rounds: int = 1,
    progress: Callable[[str], None] = print,
) -> dict[str, LiveComparison]:
    """``stream`` and ``record`` comparisons for one canvas size (``ensure_gui_app`` first:
    the ffmpeg side's text rasters)."""
    scene: BenchScene = build_scene(folder, width, height, round(seconds * FPS))
    overlays = write_overlays(scene, timed_as_stills=True)
    settings = VideoEncoderSettings()
    ours = ["--scene", str(scene.scene_path)]
    length = ["--duration", f"{seconds:g}", *encoding_arguments(settings)]
    sides: dict[str, list[LiveSide]] = {}
    for round_index in range(max(1, rounds)):
        tag = f"{width}x{height}-{round_index}"
        ffmpeg_file, ours_file = (
            folder / f"ffmpeg-{round_index}.mkv",
            folder / f"ours-{round_index}.mkv",
        )
        # Each side: its command, and what it delivered: the stream key whose recordings
        # the server kept, or the file it wrote.
        jobs: dict[str, tuple[list[str], str | Path]] = {
            "ffmpeg_stream": (
                build_command(scene, overlays, Path(server.url(f"ffmpeg-{tag}")), settings,
                              realtime=True),
                f"ffmpeg-{tag}",
            ),
            "ours_stream": (
                studio_command("stream", *ours, "--to", server.url(f"ours-{tag}"), *length),
                f"ours-{tag}",
            ),
            "ffmpeg_record": (
                build_command(scene, overlays, ffmpeg_file, settings, realtime=True,
                              output_format="matroska"),
                ffmpeg_file,
            ),
            "ours_record": (
                studio_command("record", *ours, "--output", str(ours_file), *length),
                ours_file,
            ),
        }  # fmt: skip
        for name, (command, delivered) in jobs.items():
            run = _measured(f"{name} {tag}", command, seconds)
            files = server.recordings(delivered) if isinstance(delivered, str) else [delivered]
            sides.setdefault(name, []).append(
                _side(run, seconds, count_video_frames(files), scene.fps)
            )
        progress(f"  {tag}: " + ", ".join(
            f"{name} {runs[-1].cpu_s_per_minute:.1f} CPU s/min" for name, runs in sides.items()
        ))  # fmt: skip

    def median(name: str) -> LiveSide:
        return median_run(sides[name], key=lambda side: side.cpu_s)

    return {
        "stream": LiveComparison(median("ours_stream"), median("ffmpeg_stream")),
        "record": LiveComparison(median("ours_record"), median("ffmpeg_record")),
    }


class VirtualDisplay:
    """An Xvfb screen for the app's window (not part of anything measured)."""

    def __init__(self, width: int = 1366, height: int = 768) -> None:
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            raise RuntimeError("the app's live run needs Xvfb (apt install xvfb)")
        self.display = f":{_free_display()}"
        self._process = subprocess.Popen(
            [xvfb, self.display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        socket_path = Path(f"/tmp/.X11-unix/X{self.display[1:]}")
        deadline = time.monotonic() + 10
        while not socket_path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(5)


def _free_display() -> int:
    number = 90
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return number


def run_app_live(
    folder: Path,
    scene_path: Path,
    seconds: float,
    server: LoopbackRtmpServer,
    display: VirtualDisplay,
    key: str,
) -> LiveSide:
    """The desktop app live with its preview visible (``studio.ui.live_bench_job``), whole
    process, its own user folders under ``folder``."""
    env = {
        **os.environ,
        "DISPLAY": display.display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_DATA_HOME": str(folder / "xdg-data"),
        "XDG_CONFIG_HOME": str(folder / "xdg-config"),
        "XDG_STATE_HOME": str(folder / "xdg-state"),
        "XDG_CACHE_HOME": str(folder / "xdg-cache"),
    }
    job = {"folder": str(folder), "scene": str(scene_path), "url": server.url(key),
           "seconds": seconds}  # fmt: skip
    # A host's computer after the app's first show: matplotlib (the report's chart at End
    # Show) builds its font list once per user folder (~1 s of CPU), not once per show.
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    command = [sys.executable, "-m", "studio.ui.live_bench_job", json.dumps(job)]
    run = _measured(f"app {key}", command, seconds, env)
    return _side(run, seconds, count_video_frames(server.recordings(key)), FPS)


def run_live(
    folder: Path,
    sizes: tuple[tuple[int, int], ...],
    seconds: float,
    *,
    with_app: bool = True,
    rounds: int = 1,
    progress: Callable[[str], None] = print,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Every size live: canvas -> "stream" | "record" (ours against the ffmpeg CLI) and "app"
    (the desktop app against our headless stream), each a comparison's JSON. With ``rounds``,
    every side runs that many times (the headless sides in turn) and its median run counts."""
    folder.mkdir(parents=True, exist_ok=True)
    server = LoopbackRtmpServer(folder / "nginx")
    display = VirtualDisplay() if with_app else None
    results: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        for width, height in sizes:
            canvas = f"{width}x{height}"
            progress(f"live {canvas}: ffmpeg and ours, {seconds:g} s each in real time…")
            compared = run_live_size(folder / canvas, width, height, seconds, server, rounds,
                                     progress)  # fmt: skip
            results[canvas] = {mode: c.to_json() for mode, c in compared.items()}
            if display is not None:
                progress(f"live {canvas}: the desktop app with its preview…")
                scene_path = folder / canvas / "scene.json"
                apps = []
                for index in range(max(1, rounds)):
                    app_key = f"app-{canvas}-{index}"
                    apps.append(run_app_live(folder / app_key, scene_path, seconds, server,
                                             display, app_key))  # fmt: skip
                app = median_run(apps, key=lambda side: side.cpu_s)
                results[canvas]["app"] = LiveComparison(app, compared["stream"].ours).to_json()
    finally:
        if display is not None:
            display.close()
        server.close()
    return results
