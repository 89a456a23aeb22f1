"""What `studio stream`/`record` print: events as lines, a status line, a final summary."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from studio.capture.base import SourceEvent, SourceState
from studio.engine.canvas import CanvasStats
from studio.engine.slate import SlateEvent, SlateReason
from studio.outputs.base import OutputEvent, OutputState, OutputStats


def _clock(elapsed_s: float) -> str:
    seconds = int(elapsed_s)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _describe(output: OutputStats) -> str:
    text = f"{output.name}: {output.state.value}"
    if output.state in (OutputState.LIVE, OutputState.STOPPING):
        text += f" {output.bitrate_kbps:.0f} kb/s"
    dropped = output.dropped_video_packets
    if dropped:
        text += f", {dropped} dropped"
    if output.reconnects:
        text += f", {output.reconnects} reconnects"
    if output.state in (OutputState.RECONNECTING, OutputState.FAILED) and output.message:
        text += f" ({output.message})"
    return text


def _slate(canvas: CanvasStats) -> str:
    """What the status line says while the slate stands in for the program."""
    if not canvas.on_slate:
        return ""
    why = "camera lost" if canvas.slate_reason == SlateReason.CAMERA_LOST else "be right back"
    return f"showing {canvas.on_slate} ({why}), "


class StatusPrinter:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None) -> None:
        self._quiet = quiet
        self._stream = stream or sys.stderr
        self._interactive = self._stream.isatty()
        self._started = time.monotonic()
        self._last_line_at = 0.0
        self._lock = threading.Lock()
        self._line_open = False

    def _write_line(self, text: str) -> None:
        with self._lock:
            if self._line_open:
                self._stream.write("\r\x1b[K")
                self._line_open = False
            self._stream.write(text + "\n")
            self._stream.flush()

    def event(self, event: SourceEvent | OutputEvent | SlateEvent) -> None:
        stamp = _clock(time.monotonic() - self._started)
        if isinstance(event, SlateEvent):
            self._write_line(f"[{stamp}] {event.message}")
            return
        if isinstance(event, SourceEvent):
            health = event.health
            if health.state == SourceState.ERROR:
                self._write_line(f"[{stamp}] source {event.source_name}: {health.message}")
            elif health.state == SourceState.OK:
                self._write_line(f"[{stamp}] source {event.source_name}: ok")
            return
        message = f" — {event.message}" if event.message else ""
        self._write_line(f"[{stamp}] {event.output}: {event.state.value}{message}")

    def status(self, elapsed_s: float, canvases: list[CanvasStats]) -> None:
        if self._quiet:
            return
        now = time.monotonic()
        if not self._interactive and now - self._last_line_at < 5.0:
            return
        self._last_line_at = now
        parts = [_clock(elapsed_s)]
        for canvas in canvases:
            video = canvas.video
            dropped = video.skipped_late_frames + video.dropped_encoder_frames
            parts.append(
                f"{canvas.name}: {_slate(canvas)}{video.encoded_frames} frames, "
                f"{dropped} dropped, encoder lag {video.encoder_lag_ms:.0f} ms"
            )
            parts.extend(_describe(output) for output in canvas.outputs)
        line = " | ".join(parts)
        with self._lock:
            if self._interactive:
                self._stream.write("\r\x1b[K" + line[:200])
                self._line_open = True
            else:
                self._stream.write(line + "\n")
            self._stream.flush()

    def note(self, text: str) -> None:
        """A line between the status updates (a claim, a chat connecting), from any thread;
        printed even when quiet, like the events."""
        self._write_line(text)

    def finish(self, text: str) -> None:
        if not self._quiet:
            self._write_line(text)

    def summary(self, elapsed_s: float, canvases: list[CanvasStats]) -> None:
        if self._quiet:
            return
        for canvas in canvases:
            video = canvas.video
            self._write_line(
                f"{canvas.name}: {video.encoded_frames} frames in {_clock(elapsed_s)}, "
                f"{video.skipped_late_frames + video.dropped_encoder_frames} dropped"
            )
            for output in canvas.outputs:
                self._write_line(
                    f"  {output.name}: {output.state.value}, {output.bytes_sent / 1e6:.1f} MB, "
                    f"{output.dropped_video_packets} video packets dropped, "
                    f"{output.reconnects} reconnects"
                )

    @staticmethod
    def all_outputs_failed(canvases: list[CanvasStats]) -> bool:
        outputs = [output for canvas in canvases for output in canvas.outputs]
        return bool(outputs) and all(o.state == OutputState.FAILED for o in outputs)


def final_problem(canvases: list[CanvasStats]) -> str:
    """A one-line reason to exit non-zero, or "" when the show went out."""
    for canvas in canvases:
        if canvas.errors:
            return f"{canvas.name}: {canvas.errors[0]}"
    outputs = [output for canvas in canvases for output in canvas.outputs]
    failed = [o for o in outputs if o.state == OutputState.FAILED or o.bytes_sent == 0]
    if outputs and len(failed) == len(outputs):
        first = failed[0]
        reason = first.last_problem or first.message or "no data was sent"
        return f"{first.name} failed: {reason}"
    if failed:
        names = ", ".join(f"{o.name} ({o.last_problem or 'nothing sent'})"
                          for o in failed)  # fmt: skip
        return f"some destinations failed: {names}"
    return ""
