"""The reference: the ffmpeg CLI compositing the same overlays (PNGs, ``overlay`` filter) and
encoding with the same settings.

Still overlays are single-image inputs: ``overlay`` repeats an input's last frame
(``eof_action=repeat``), so ffmpeg decodes and converts each still once, as we do. The chat and
the ticker are image sequences at ``fps / every_frames``, so image ``k`` shows from frame
``k * every_frames`` on, exactly when our text source gets its ``k``-th text.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from studio.bench.images import pad_rgba, text_rgba, write_png
from studio.bench.processes import ProcessRun, run_measured
from studio.bench.scene import BenchScene
from studio.encode import VideoEncoderSettings


class FfmpegMissingError(RuntimeError):
    """The ffmpeg CLI is not installed (Debian: apt install ffmpeg)."""


@dataclass(frozen=True, slots=True)
class Overlay:
    """One ffmpeg overlay input: a still PNG or an image sequence pattern."""

    path: str  # a file, or a %04d pattern for a sequence
    x: int
    y: int
    rate: Fraction | None = None  # frames per second of a sequence; None for a still


def ffmpeg_path() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        raise FfmpegMissingError("the ffmpeg CLI is needed for the benchmark (apt install ffmpeg)")
    return path


def write_overlays(scene: BenchScene, *, timed_as_stills: bool = False) -> list[Overlay]:
    """Rasterise every overlay as our pipeline will and write the PNGs ffmpeg reads, in the
    scene's z-order. Needs Qt's font engine (``ensure_gui_app`` on the main thread first).
    ``timed_as_stills`` shows the chat and ticker's first texts throughout, as our pipeline
    does when nothing changes them (the live runs)."""
    overlays = [Overlay(str(image.path), image.x, image.y) for image in scene.images]
    for text in scene.texts:
        path = write_png(scene.folder / f"{text.item_id}.png", text_rgba(text.text, text.style))
        overlays.append(Overlay(str(path), text.x, text.y))
    for timed in scene.timed:
        if timed_as_stills:
            path = write_png(scene.folder / f"{timed.item_id}.png",
                             text_rgba(timed.text_at(0), timed.style))  # fmt: skip
            overlays.append(Overlay(str(path), timed.x, timed.y))
            continue
        changes = range(timed.changes(scene.frames))
        rasters = [text_rgba(timed.text_at(k), timed.style) for k in changes]
        width = max(r.shape[1] for r in rasters)
        height = max(r.shape[0] for r in rasters)
        for k, rgba in enumerate(rasters):
            path = scene.folder / f"{timed.item_id}_{k:04d}.png"
            write_png(path, pad_rgba(rgba, width, height))
        pattern = str(scene.folder / f"{timed.item_id}_%04d.png")
        overlays.append(Overlay(pattern, timed.x, timed.y, Fraction(scene.fps, timed.every_frames)))
    return overlays


def x264_arguments(settings: VideoEncoderSettings, fps: int) -> list[str]:
    """The encoder settings of :mod:`studio.encode.video`, as ffmpeg CLI options."""
    gop = max(1, round(settings.keyframe_interval_s * fps))
    bitrate = f"{settings.bitrate_kbps}k"
    arguments = [
        "-c:v", "libx264", "-preset", settings.preset, "-profile:v", settings.profile,
        "-b:v", bitrate, "-maxrate", bitrate,
        "-bufsize", f"{round(settings.bitrate_kbps * settings.buffer_s)}k",
        "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0",
        "-bf", str(settings.b_frames), "-pix_fmt", "yuv420p",
        "-x264-params",
        f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes={settings.b_frames}",
    ]  # fmt: skip
    if settings.tune:
        arguments += ["-tune", settings.tune]
    return arguments


def build_command(
    scene: BenchScene,
    overlays: list[Overlay],
    output: Path,
    settings: VideoEncoderSettings | None = None,
    *,
    realtime: bool = False,
    output_format: str = "flv",
) -> list[str]:
    """The ffmpeg command for ``scene``; with no overlays it is the encoder-alone job.
    ``realtime`` reads the camera and the sound at their own rate (``-re``), as a live show."""
    settings = settings or VideoEncoderSettings()
    duration_s = scene.frames / scene.fps
    live = ["-re"] if realtime else []
    command = [
        ffmpeg_path(), "-hide_banner", "-nostats", "-loglevel", "error", "-y",
        *live, "-f", "lavfi", "-i",
        f"testsrc2=size={scene.width}x{scene.height}:rate={scene.fps},format=yuv420p",
        *live, "-f", "lavfi", "-i",
        f"sine=frequency=440:sample_rate=48000:duration={duration_s:.4f}",
    ]  # fmt: skip
    for overlay in overlays:
        if overlay.rate is not None:
            command += ["-framerate", str(overlay.rate), "-start_number", "0"]
        command += ["-i", overlay.path]
    if overlays:
        chain, previous = [], "0:v"
        for index, overlay in enumerate(overlays):
            label = f"v{index}"
            chain.append(
                f"[{previous}][{index + 2}:v]overlay=x={overlay.x}:y={overlay.y}"
                f":eof_action=repeat:format=yuv420[{label}]"
            )
            previous = label
        command += ["-filter_complex", ";".join(chain), "-map", f"[{previous}]"]
    else:
        command += ["-map", "0:v"]
    command += ["-map", "1:a", "-frames:v", str(scene.frames)]
    command += x264_arguments(settings, scene.fps)
    command += ["-c:a", "aac", "-b:a", "160k", "-ar", "48000", "-ac", "2"]
    command += ["-f", output_format, str(output)]
    return command


def run_ffmpeg(command: list[str]) -> ProcessRun:
    run = run_measured(command)
    if run.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {run.stderr.strip()[-400:]}")
    return run
