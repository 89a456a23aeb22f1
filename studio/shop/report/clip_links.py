"""Where each featured product is in the show's recordings, and its clip, for the report.

A product row says when its chapter starts in the recording ("at 00:12:34 in show.mkv": the
ledger's feature instant less the instant the recording's first frame was made) and links to
its clip, ``CODE-slug.mp4`` in the report folder, named exactly as :mod:`studio.clips` names
it (its naming functions, and the same ``-2`` for a product featured twice). A clip is linked
only when its file is there: the report End Show writes has the times and no links; "Export
clips…" writes the report again once the clips exist, and a clip that failed or was cancelled
is simply not linked — the report never links to a missing file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio.clip_names import CLIP_SUFFIX, VERTICAL_TAIL, clip_stem
from studio.numbered_names import first_free_name
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import FeaturedInterval, ShowRecording


@dataclass(frozen=True, slots=True)
class RecordingTime:
    recording: str  # the recording's file name
    at_s: float  # its chapter's start in that recording

    @property
    def text(self) -> str:
        """``00:12:34 in show.mkv``."""
        return f"{clock_text(self.at_s)} in {self.recording}"


@dataclass(frozen=True, slots=True)
class FeaturedClip:
    """One time a product was featured: where in the recordings, and its clips (file names in
    the report folder; None when not written)."""

    times: tuple[RecordingTime, ...]
    clip: str | None
    vertical_clip: str | None


def clock_text(seconds: float) -> str:
    """``00:12:34``: hours, minutes and whole seconds, as players and ffprobe show them."""
    whole = max(int(seconds), 0)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def featured_clips(ledger: Ledger, show_id: int, folder: Path) -> dict[str, list[FeaturedClip]]:
    """By product id, each time it was featured, in the show's order."""
    recordings = ledger.recordings(show_id)
    taken: set[str] = set()
    out: dict[str, list[FeaturedClip]] = {}
    for interval in ledger.featured_intervals(show_id):
        product = interval.product
        title = product.title if product is not None else interval.product_id
        stem = first_free_name(clip_stem(product.code if product else None, title), taken)
        taken.add(stem)
        landscape, vertical = f"{stem}{CLIP_SUFFIX}", f"{stem}{VERTICAL_TAIL}{CLIP_SUFFIX}"
        out.setdefault(interval.product_id, []).append(
            FeaturedClip(
                times=_times(interval, recordings),
                clip=landscape if (folder / landscape).is_file() else None,
                vertical_clip=vertical if (folder / vertical).is_file() else None,
            )
        )
    return out


def _times(
    interval: FeaturedInterval, recordings: list[ShowRecording]
) -> tuple[RecordingTime, ...]:
    """The interval's start in each canvas's recording that holds it: the one of the canvas
    that began last before it, else (the host pressed Record while it was on) the first that
    began during it, at 00:00:00."""
    times = []
    for canvas in dict.fromkeys(r.canvas for r in recordings):
        mine = [r for r in recordings if r.canvas == canvas]
        before = [r for r in mine if r.started_at <= interval.start]
        if before:
            chosen = before[-1]  # the ledger gives them by start
        else:
            during = [r for r in mine if _began_during(r.started_at, interval)]
            if not during:
                continue
            chosen = during[0]
        at_s = max((interval.start - chosen.started_at).total_seconds(), 0.0)
        times.append(RecordingTime(Path(chosen.path).name, at_s))
    return tuple(times)


def _began_during(moment: datetime, interval: FeaturedInterval) -> bool:
    return interval.start < moment and (interval.end is None or moment < interval.end)
