"""Frames: the share of frames the show lost (drawn too late, or dropped because the encoder
was busy) over a sliding minute, and the encoder falling behind the frames handed to it.

Both read the counters of :class:`~studio.engine.canvas.CanvasStats` while a canvas encodes.
The counters only grow; a window's figures are differences between two readings of them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from studio.alerts.latch import Latch
from studio.alerts.model import Alert, AlertId, AlertLevel, SettingsPage
from studio.alerts.thresholds import AlertThresholds
from studio.alerts.wording import percent_text, window_text
from studio.engine.canvas import CanvasStats

X264 = "libx264"
MIN_SPAN_SHARE = 0.8  # the encoder is judged on at least this much of its window


@dataclass(frozen=True, slots=True)
class _Count:
    at_s: float
    rendered: int
    skipped_late: int  # the renderer could not keep up: never drawn
    encoder_dropped: int  # drawn, but the encoder's queue was full
    encoded: int
    lag_ms: float

    @staticmethod
    def of(now_s: float, stats: CanvasStats) -> _Count:
        video = stats.video
        return _Count(now_s, video.rendered_frames, video.skipped_late_frames,
                      video.dropped_encoder_frames, video.encoded_frames,
                      video.encoder_lag_ms)  # fmt: skip

    def went_back_from(self, other: _Count) -> bool:
        """A rebuilt pipeline counts from zero again."""
        mine = (self.rendered, self.skipped_late, self.encoder_dropped, self.encoded)
        before = (other.rendered, other.skipped_late, other.encoder_dropped, other.encoded)
        return any(now < then for now, then in zip(mine, before, strict=True))


class CanvasFrames:
    """The frame alerts of one canvas while it encodes."""

    def __init__(self, name: str, thresholds: AlertThresholds) -> None:
        self.name, self._limits = name, thresholds
        self._counts: deque[_Count] = deque()
        self._dropped = Latch(0.0, thresholds.clear_after_s)
        self._behind = Latch(0.0, thresholds.clear_after_s)

    def observe(self, now_s: float, stats: CanvasStats, named: bool) -> list[Alert]:
        count = _Count.of(now_s, stats)
        if self._counts and count.went_back_from(self._counts[-1]):
            self._counts.clear()
        self._counts.append(count)
        self._forget_before(now_s - max(self._limits.dropped_frames_window_s,
                                        self._limits.encoder_window_s))  # fmt: skip
        where = f" on '{self.name}'" if named else ""
        found = (self._dropped_alert(now_s, stats, where), self._behind_alert(now_s, stats, where))
        return [alert for alert in found if alert is not None]

    def _forget_before(self, start_s: float) -> None:
        # Keep one reading at or before the window's start: the base of its differences.
        while len(self._counts) > 1 and self._counts[1].at_s <= start_s:
            self._counts.popleft()

    def _base(self, window_s: float) -> _Count:
        start_s = self._counts[-1].at_s - window_s
        base = self._counts[0]
        for count in self._counts:
            if count.at_s > start_s:
                break
            base = count
        return base

    def _dropped_alert(self, now_s: float, stats: CanvasStats, where: str) -> Alert | None:
        limits, last = self._limits, self._counts[-1]
        window_s = limits.dropped_frames_window_s
        base = self._base(window_s)
        skipped = last.skipped_late - base.skipped_late
        encoder_dropped = last.encoder_dropped - base.encoder_dropped
        due = (last.rendered + last.skipped_late) - (base.rendered + base.skipped_late)
        # Over a whole window even at the start of a show: a hiccup as the encoder opens is
        # a few frames of a minute's worth, not 10 % of the first second.
        lost = skipped + encoder_dropped
        share = lost / max(due, stats.fps * window_s, 1.0)
        cause = (
            True if share > limits.dropped_frames_percent / 100
            else False if share < limits.dropped_frames_clear_percent / 100
            else None
        )  # fmt: skip
        if not self._dropped.update(now_s, cause):
            return None
        if encoder_dropped >= skipped:
            why = "the computer cannot keep up with encoding"
            fix = _faster_encoding(stats.encoder_name)
        else:
            why = "the computer cannot draw the scene in time"
            fix = (
                "Hide sources you do not need, or lower the canvas size or frame rate in "
                "Settings → Video"
            )
        text = (
            f"Dropped {percent_text(lost / max(due, 1))} of frames in "
            f"{window_text(window_s)}{where} — {why}. {fix}."
        )
        return Alert(AlertId.DROPPED_FRAMES, self.name, AlertLevel.WARNING, text,
                     self._dropped.since_s, SettingsPage.VIDEO)  # fmt: skip

    def _behind_alert(self, now_s: float, stats: CanvasStats, where: str) -> Alert | None:
        limits, last = self._limits, self._counts[-1]
        base = self._base(limits.encoder_window_s)
        span_s = last.at_s - base.at_s
        handed = last.rendered - base.rendered  # every frame drawn is handed to the encoder
        encoded = last.encoded - base.encoded
        cause: bool | None = None
        if span_s >= limits.encoder_window_s * MIN_SPAN_SHARE and handed > 0:
            ratio = encoded / handed
            if ratio < limits.encoder_behind_ratio or last.lag_ms > limits.encoder_max_lag_ms:
                cause = True
            elif ratio >= limits.encoder_caught_up_ratio and (
                last.lag_ms < limits.encoder_max_lag_ms / 2
            ):
                cause = False
        if not self._behind.update(now_s, cause):
            return None
        encoded_fps = encoded / span_s if span_s > 0 else 0.0
        text = (
            f"The video encoder is behind real time{where}: {encoded_fps:.0f} of "
            f"{stats.fps:.0f} frames a second encoded over {window_text(span_s)} — viewers "
            f"see the stream stutter. {_faster_encoding(stats.encoder_name)}."
        )
        return Alert(AlertId.ENCODER_BEHIND, self.name, AlertLevel.WARNING, text,
                     self._behind.since_s, SettingsPage.VIDEO)  # fmt: skip


def _faster_encoding(encoder_name: str) -> str:
    if encoder_name in ("", X264):
        return "Lower the output resolution or choose a faster x264 preset in Settings → Video"
    return "Lower the output resolution or the frame rate in Settings → Video"


class FrameRules:
    """The frame alerts of every canvas that encodes (streams or records)."""

    def __init__(self, thresholds: AlertThresholds) -> None:
        self._limits = thresholds
        self._canvases: dict[str, CanvasFrames] = {}
        self.alerts: list[Alert] = []

    def observe(self, now_s: float, stats: Sequence[CanvasStats]) -> None:
        encoding = {canvas.name: canvas for canvas in stats if canvas.live}
        for name in [n for n in self._canvases if n not in encoding]:
            del self._canvases[name]  # it stopped encoding: its alerts go, its window starts over
        named = len(stats) > 1
        alerts: list[Alert] = []
        for name, canvas in encoding.items():
            watch = self._canvases.setdefault(name, CanvasFrames(name, self._limits))
            alerts += watch.observe(now_s, canvas, named)
        self.alerts = alerts
