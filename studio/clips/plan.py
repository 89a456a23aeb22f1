"""What ``studio clips`` will cut: one clip per featured span inside the recording, named and
timed, before any file is written (values only; :mod:`studio.clips.export` cuts them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from studio.capture.shop_overlays import ProductCardSettings
from studio.clip_names import CLIP_SUFFIX, VERTICAL_TAIL, clip_stem
from studio.clips.sales import product_sales
from studio.clips.spans import ProductSpan, find_recording
from studio.clips.vertical_frame import Rect
from studio.clips.windows import best_window
from studio.encode.settings import VideoEncoderSettings
from studio.numbered_names import first_free_name
from studio.shop.ledger_model import LedgerEntry, Show, ShowRecording
from studio.shop.report import new_report_folder, report_folder_name
from studio.shop.report.show_time import local_clock


@dataclass(frozen=True, slots=True)
class ClipsRequest:
    """``recording``: the show's landscape recording; ``vertical_recording``: the vertical
    canvas's own, when it was recorded too (used instead of a crop); ``card_box``: where the
    product card sat in ``recording`` (its pixels; None: unknown, see vertical_frame)."""

    show_id: int
    recording: Path
    out: Path
    canvas: str | None = None
    vertical: bool = False
    vertical_recording: Path | None = None
    vertical_canvas: str | None = None
    max_seconds: float | None = None
    card_box: Rect | None = None
    card_settings: ProductCardSettings | None = None
    encoder: VideoEncoderSettings = field(default_factory=VideoEncoderSettings)
    locale: str | None = None  # how money is written; None: as the show's card writes it

    @property
    def money_locale(self) -> str:
        if self.locale:
            return self.locale
        return self.card_settings.locale if self.card_settings is not None else "en_US"


@dataclass(frozen=True, slots=True)
class PlannedClip:
    span: ProductSpan
    stem: str  # CODE-slug, unique in this run
    window_us: tuple[int, int] | None  # the part to cut; None: not in the recording
    why_not: str = ""  # why there is no window

    @property
    def landscape_name(self) -> str:
        return f"{self.stem}{CLIP_SUFFIX}"

    @property
    def vertical_name(self) -> str:
        return f"{self.stem}{VERTICAL_TAIL}{CLIP_SUFFIX}"


def recording_start(
    recordings: Sequence[ShowRecording], path: Path, canvas: str | None, show: Show
) -> tuple[datetime, str]:
    """When ``path`` began (its time 0), and a note when the ledger does not say: the show's
    start is then taken (a recording started with the show, as the command line does)."""
    found = find_recording(recordings, path, canvas)
    if found is not None:
        return found.started_at, ""
    return show.started_at, (
        f"The ledger does not say when {path.name} began; taking the show's start "
        f"({local_clock(show.started_at)}): chapters and clips may be off by as much as the "
        "recording started late."
    )


def plan_clips(
    spans: Sequence[ProductSpan],
    duration_us: int,
    *,
    entries: Sequence[LedgerEntry],
    started_at: datetime,
    max_seconds: float | None,
) -> list[PlannedClip]:
    taken: set[str] = set()
    planned = []
    for span in spans:
        stem = first_free_name(clip_stem(span.code, span.title), taken)
        taken.add(stem)
        window = span.within(duration_us)
        if window is None:
            planned.append(PlannedClip(span, stem, None, _not_recorded(span)))
            continue
        if max_seconds is not None:
            sales = product_sales(entries, span, started_at)
            window = best_window(*window, sales, round(max_seconds * 1_000_000))
        planned.append(PlannedClip(span, stem, window))
    return planned


def _not_recorded(span: ProductSpan) -> str:
    ended = local_clock(span.ended_at) if span.ended_at is not None else "the end"
    return (
        f"it was on screen from {local_clock(span.featured_at)} to {ended}, outside the recording"
    )


def report_folder(show: Show, parents: Sequence[Path]) -> Path:
    """Where a show's clips go by default: its newest report folder in the first of
    ``parents`` that has one (beside the recording, then the recordings folder of the
    settings), else a new report folder in the first parent."""
    base = report_folder_name(show)
    for parent in parents:
        found = [parent / base] if (parent / base).is_dir() else []
        number = 2
        while (parent / f"{base}-{number}").is_dir():
            found.append(parent / f"{base}-{number}")
            number += 1
        if found:
            return found[-1]
    return new_report_folder(parents[0], show)
