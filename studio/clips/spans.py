"""The ledger's featured intervals as spans of a recording, and the chapters they make.

The ledger keeps times as UTC instants; a recording's time 0 is the instant its first frame
was made (``ShowRecording.started_at``), so a ledger time t is ``t - started_at`` into it.
Each span carries the product as it was featured (the ledger's snapshot): a product changed
or deleted after the show is still titled as the viewers saw it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio.outputs.chapters import Chapter
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import FeaturedInterval, FeaturedProduct, ShowRecording, to_us

MAX_TITLE_CHARS = 200
DASH = " — "


@dataclass(frozen=True, slots=True)
class ProductSpan:
    """One featured interval, placed in a recording (times in its own microseconds)."""

    number: int  # 1, 2… in the order the show featured them
    product_id: str
    product: FeaturedProduct | None  # None: an old interval of a product deleted since
    featured_at: datetime
    ended_at: datetime | None
    start_us: int  # may be negative: featured before the recording began
    end_us: int | None  # None: still featured when the ledger was last written

    @property
    def code(self) -> str | None:
        return self.product.code if self.product is not None else None

    @property
    def title(self) -> str:
        return clean_title(self.product.title if self.product is not None else self.product_id)

    @property
    def label(self) -> str:
        """``12 — Enamel Mug``: the chapter's title, and how messages name the product."""
        return f"{self.code}{DASH}{self.title}" if self.code else self.title

    def within(self, duration_us: int) -> tuple[int, int] | None:
        """The span's part inside a recording of ``duration_us``; None when it has none."""
        start = max(0, self.start_us)
        end = duration_us if self.end_us is None else min(self.end_us, duration_us)
        return (start, end) if end > start else None


def clean_title(text: str) -> str:
    """One line of at most MAX_TITLE_CHARS: control and format characters (new lines,
    bidi overrides, zero-width joiners…) become spaces, runs of spaces one."""
    chars = [" " if unicodedata.category(c)[0] in "CZ" else c for c in text]
    line = " ".join("".join(chars).split())
    return line if len(line) <= MAX_TITLE_CHARS else line[: MAX_TITLE_CHARS - 1] + "…"


def product_spans(intervals: Sequence[FeaturedInterval], started_at: datetime) -> list[ProductSpan]:
    origin = to_us(started_at)
    return [
        ProductSpan(
            number=number,
            product_id=interval.product_id,
            product=interval.product,
            featured_at=interval.start,
            ended_at=interval.end,
            start_us=to_us(interval.start) - origin,
            end_us=None if interval.end is None else to_us(interval.end) - origin,
        )
        for number, interval in enumerate(intervals, start=1)
    ]


def chapters_of(spans: Sequence[ProductSpan]) -> list[Chapter]:
    """One chapter per span, titled ``CODE — Title`` (spans outside the recording are left
    out when the chapters are written, see studio.outputs.chapters)."""
    return [Chapter(span.start_us, span.end_us, span.label) for span in spans]


def ledger_chapters(ledger: Ledger, show_id: int, started_at: datetime) -> list[Chapter]:
    """The chapters of a recording of the show whose time 0 was ``started_at``."""
    return chapters_of(product_spans(ledger.featured_intervals(show_id), started_at))


def find_recording(
    recordings: Sequence[ShowRecording], path: Path, canvas: str | None
) -> ShowRecording | None:
    """The ledger's note of the recording at ``path``: by its path, else by its file name
    (the folder was moved), else the canvas's only recording (or the show's only one when
    no canvas is named)."""
    resolved = _resolved(path)
    for recording in recordings:
        if _resolved(Path(recording.path)) == resolved:
            return recording
    by_name = [r for r in recordings if Path(r.path).name == path.name]
    if len(by_name) == 1:
        return by_name[0]
    candidates = [r for r in recordings if canvas is None or r.canvas == canvas]
    return candidates[0] if len(candidates) == 1 else None


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except OSError:
        return path
