"""Cut a show's clips: one landscape clip per featured product (and a vertical one beside it),
with the recording's chapters written first when it has none (a recording cut short).

Each clip is its own attempt: a failure is kept with the product's name and the reason, and
the next clip is cut all the same. ``cancel`` is looked at between clips and while each is
cut; a cancelled run leaves the clips finished so far and no half-written file. Progress goes
to ``on_progress`` on the working thread (a window re-posts it to its own).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from studio.clips.card import render_card
from studio.clips.chapters import chapter_titles, write_chapters
from studio.clips.copy_cut import cut_copy
from studio.clips.media import ClipError, RecordingInfo, keyframe_at_or_before, recording_info
from studio.clips.plan import ClipsRequest, PlannedClip, plan_clips, recording_start
from studio.clips.sales import ClipSales, clip_metadata, clip_sales
from studio.clips.spans import ProductSpan, chapters_of, product_spans
from studio.clips.vertical_cut import cut_vertical
from studio.clips.vertical_frame import VerticalFrame, vertical_frame
from studio.outputs.chapters import Cancelled
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import LedgerEntry, Show, ShowRecording

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ClipProgress:
    clip: int  # 1, 2… of ``clips``
    clips: int
    label: str  # ``12 — Enamel Mug``
    fraction: float  # of the whole run, 0.0 … 1.0


@dataclass(frozen=True, slots=True)
class WrittenClip:
    label: str
    path: Path
    vertical: bool
    window_us: tuple[int, int]  # the part of the recording it holds
    sales: ClipSales


@dataclass(frozen=True, slots=True)
class ClipFailure:
    label: str
    reason: str

    def sentence(self) -> str:
        return f"{self.label}: {self.reason}"


@dataclass(slots=True)
class ClipsResult:
    clips: list[WrittenClip] = field(default_factory=list)
    failures: list[ClipFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # chapters written, times guessed…
    cancelled: bool = False


ProgressListener = Callable[[ClipProgress], None]


def export_clips(
    ledger: Ledger,
    request: ClipsRequest,
    on_progress: ProgressListener | None = None,
    cancel: threading.Event | None = None,
) -> ClipsResult:
    """Cut the clips ``request`` asks for into ``request.out``. Raises ClipError (from
    studio.clips.media) only when the recording itself cannot be read."""
    show = ledger.show(request.show_id)
    recordings = ledger.recordings(show.id)
    result = ClipsResult()
    started_at, note = recording_start(recordings, request.recording, request.canvas, show)
    result.notes += [note] if note else []
    info = recording_info(request.recording)
    spans = product_spans(ledger.featured_intervals(show.id), started_at)
    entries = ledger.entries(show.id)
    planned = plan_clips(spans, info.duration_us, entries=entries, started_at=started_at,
                         max_seconds=request.max_seconds)  # fmt: skip
    run = _Run(ledger, request, show, entries, info, started_at, result, on_progress, cancel)
    try:
        if not note:  # chapters go into the file for good: only when their times are known
            run.chapters(spans)
        vertical_source = run.vertical_source(recordings) if request.vertical else None
        for number, clip in enumerate(planned, start=1):
            run.cut(number, len(planned), clip, vertical_source)
    except Cancelled:
        result.cancelled = True
    return result


@dataclass(frozen=True, slots=True)
class _VerticalSource:
    info: RecordingInfo
    started_at: datetime
    frame: VerticalFrame  # the crop, and where the card goes (None: in the picture)


@dataclass(slots=True)
class _Run:
    ledger: Ledger
    request: ClipsRequest
    show: Show
    entries: list[LedgerEntry]
    info: RecordingInfo
    started_at: datetime
    result: ClipsResult
    on_progress: ProgressListener | None
    cancel: threading.Event | None

    def chapters(self, spans: list[ProductSpan]) -> None:
        """Write the chapters into a recording that has none (cut short by a crash)."""
        inside = [s for s in spans if s.within(self.info.duration_us) is not None]
        if not inside or chapter_titles(self.info.path):
            return
        try:
            write_chapters(self.info.path, chapters_of(inside), self.cancel)
        except Cancelled:
            raise
        except Exception as error:  # the clips can be cut without them
            self.result.notes.append(str(error))
            return
        self.result.notes.append(f"Wrote {len(inside)} chapter(s) into {self.info.path}.")

    def vertical_source(self, recordings: list[ShowRecording]) -> _VerticalSource | None:
        """Where vertical clips come from: a crop of the recording, or the vertical canvas's
        own recording; None (a failure noted) when that cannot be read."""
        request = self.request
        if request.vertical_recording is None:
            frame = vertical_frame(self.info.width, self.info.height, request.card_box)
            return _VerticalSource(self.info, self.started_at, frame)
        try:
            info = recording_info(request.vertical_recording)
        except ClipError as error:
            self.result.failures.append(ClipFailure("vertical clips", str(error)))
            return None
        started_at, note = recording_start(
            recordings, request.vertical_recording, request.vertical_canvas, self.show
        )
        self.result.notes += [note] if note else []
        frame = replace(vertical_frame(info.width, info.height, None), card=None)
        return _VerticalSource(info, started_at, frame)

    def cut(
        self, number: int, total: int, clip: PlannedClip, vertical: _VerticalSource | None
    ) -> None:
        label = clip.span.label
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("cutting clips was cancelled")
        if clip.window_us is None:
            self.result.failures.append(ClipFailure(label, clip.why_not))
            return
        steps = 2 if vertical is not None else 1

        def progress(step: int) -> Callable[[float], None]:
            def report(fraction: float) -> None:
                if self.on_progress is not None:
                    done = (number - 1 + (step + min(1.0, fraction)) / steps) / total
                    self.on_progress(ClipProgress(number, total, label, done))

            return report

        self._attempt(label, lambda: self._landscape(clip, progress(0)))
        if vertical is not None:
            self._attempt(label, lambda: self._vertical(clip, vertical, progress(1)))
        progress(steps - 1)(1.0)

    def _attempt(self, label: str, work: Callable[[], None]) -> None:
        try:
            work()
        except Cancelled:
            raise
        except Exception as error:  # one product's clip must not stop the others
            log.info("clip of %s failed", label, exc_info=True)
            self.result.failures.append(ClipFailure(label, str(error) or type(error).__name__))

    def _landscape(self, clip: PlannedClip, progress: Callable[[float], None]) -> None:
        assert clip.window_us is not None
        start_us, end_us = clip.window_us
        begin_us = keyframe_at_or_before(self.info.path, start_us)
        sales = self._sales(clip.span, (begin_us, end_us), self.started_at)
        target = self.request.out / clip.landscape_name
        metadata = clip_metadata(clip.span, sales, self.show, self.request.money_locale)
        window = cut_copy(self.info.path, target, begin_us, end_us, metadata,
                          cancel=self.cancel, progress=progress)  # fmt: skip
        self.result.clips.append(WrittenClip(clip.span.label, target, False, window, sales))

    def _vertical(
        self, clip: PlannedClip, source: _VerticalSource, progress: Callable[[float], None]
    ) -> None:
        assert clip.window_us is not None
        # The same instants in the source's own time (the vertical canvas's recording
        # began at its own instant).
        shift = round((source.started_at - self.started_at).total_seconds() * 1_000_000)
        start_us = max(0, clip.window_us[0] - shift)
        end_us = min(clip.window_us[1] - shift, source.info.duration_us)
        if end_us <= start_us:
            raise ClipError(f"it is not in {source.info.path.name}")
        window = (start_us, end_us)
        sales = self._sales(clip.span, window, source.started_at)
        card = None
        if source.frame.card is not None:
            card = render_card(
                clip.span,
                self.ledger,
                source.frame.card,
                campaign=self.show.name,
                settings=self.request.card_settings,
                locale=self.request.money_locale,
            )
        target = self.request.out / clip.vertical_name
        metadata = clip_metadata(clip.span, sales, self.show, self.request.money_locale)
        cut_vertical(source.info.path, target, *window, source.frame, card, self.request.encoder,
                     metadata, cancel=self.cancel, progress=progress)  # fmt: skip
        self.result.clips.append(WrittenClip(clip.span.label, target, True, window, sales))

    def _sales(self, span: ProductSpan, window: tuple[int, int], started_at: datetime) -> ClipSales:
        return clip_sales(self.entries, span, started_at, window, self.show.currency)
