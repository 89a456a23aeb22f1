"""What "Export clips…" does off the UI thread, and what it says about it: the show's clips
cut from its recording (:func:`studio.clips.export_clips`), then its report in that folder
written again so each product links to its clip (only clips that are there are linked).

The card renderer of vertical clips needs Qt's application, which the window has.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from studio.clips import ClipProgress, ClipsRequest, ClipsResult, WrittenClip, export_clips
from studio.clips.scene_card import scene_card
from studio.encode import VideoEncoderSettings
from studio.scene import SceneCollection
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import Show as LedgerShow
from studio.shop.ledger_model import ShowRecording
from studio.shop.report import REPORT_PAGE, write_report

PROGRESS_STEPS = 200  # updates per clip that reach the UI thread, at most


@dataclass(frozen=True)
class ClipsSetup:
    """One ended show to cut: its ledger, where its clips go by default (its report folder),
    the scenes it was shown with (canvas sizes, where the product card sat), the encoder of
    vertical clips, the file being recorded now (never cut while it is written) and how its
    money is written."""

    ledger: Ledger
    show: LedgerShow
    out: Path
    collection: SceneCollection | None = None
    encoder: VideoEncoderSettings = field(default_factory=VideoEncoderSettings)
    recording_now: Path | None = None
    locale: str = "en_US"

    def recordings(self) -> list[ShowRecording]:
        """The show's recordings in the ledger, by start (a small local query)."""
        return self.ledger.recordings(self.show.id)

    def portrait(self, canvas: str | None) -> bool:
        """Whether ``canvas`` (a recording's) is taller than wide, as far as the scenes say."""
        if self.collection is None or canvas is None:
            return False
        sizes = {c.name: (c.width, c.height) for c in self.collection.canvases}
        width, height = sizes.get(canvas, (1, 0))
        return height > width

    def request(
        self,
        recording: Path,
        canvas: str | None,
        *,
        out: Path,
        vertical: bool,
        vertical_recording: tuple[Path, str | None] | None,
        max_seconds: float | None,
    ) -> ClipsRequest:
        card_box, card_settings = None, None
        canvases = {c.name: c for c in self.collection.canvases} if self.collection else {}
        if self.collection is not None and canvas in canvases:
            spec = canvases[canvas]  # the recording is the canvas's size
            card_box, card_settings = scene_card(self.collection, canvas, (spec.width, spec.height))
        return ClipsRequest(
            show_id=self.show.id,
            recording=recording,
            out=out,
            canvas=canvas,
            vertical=vertical,
            vertical_recording=vertical_recording[0] if vertical_recording else None,
            vertical_canvas=vertical_recording[1] if vertical_recording else None,
            max_seconds=max_seconds,
            card_box=card_box,
            card_settings=card_settings,
            encoder=self.encoder,
            locale=None if card_settings is not None else self.locale,
        )


@dataclass(frozen=True)
class ExportOutcome:
    result: ClipsResult
    report: str  # what became of the report in the folder ("": there is none)


def export_work(
    setup: ClipsSetup, request: ClipsRequest
) -> Callable[[threading.Event, Callable[[ClipProgress], None]], ExportOutcome]:
    """The work of a BackgroundJob: the clips, then the report. Raises ClipError when the
    recording cannot be read, OSError when the folder cannot be made."""

    def work(cancel: threading.Event, post: Callable[[ClipProgress], None]) -> ExportOutcome:
        request.out.mkdir(parents=True, exist_ok=True)
        result = export_clips(setup.ledger, request, _thinned(post), cancel)
        return ExportOutcome(result, _rewrite_report(setup, request.out))

    return work


def _thinned(post: Callable[[ClipProgress], None]) -> Callable[[ClipProgress], None]:
    """Progress as the UI wants it: a new clip, or a visible step of the bar."""
    last: list[tuple[int, int]] = []

    def progress(update: ClipProgress) -> None:
        step = (update.clip, int(update.fraction * PROGRESS_STEPS * update.clips))
        if not last or last[0] != step:
            last[:] = [step]
            post(update)

    return progress


def _rewrite_report(setup: ClipsSetup, folder: Path) -> str:
    if not (folder / REPORT_PAGE).is_file():
        return ""
    try:
        write_report(setup.ledger, setup.show.id, folder, locale=setup.locale)
    except Exception as error:  # the clips are there all the same
        return f"The report in this folder could not be written again to link them: {error}"
    return "The report in this folder links each product to its clip."


def outcome_sentence(outcome: ExportOutcome, out: Path) -> str:
    """What the dialog says at the end: what was written, what was not and why, the notes."""
    result = outcome.result
    written = len(result.clips)
    clips = f"{written} clip{'' if written == 1 else 's'}"
    if result.cancelled:
        lines = [
            f"Cancelled: {clips} written before it stopped (below); the others were not cut."
            if written
            else "Cancelled before any clip was written."
        ]
    else:
        lines = [f"{clips} written to {out}."]
    if result.failures:
        failed = len(result.failures)
        lines.append(f"{failed} could not be cut: each is named below with the reason.")
    lines += result.notes
    if outcome.report:
        lines.append(outcome.report)
    return "\n".join(lines)


def clip_line(clip: WrittenClip) -> str:
    """``11-enamel-mug.mp4 · 11 — Enamel Mug · 2 sold during it``."""
    return f"{clip.path.name} · {clip.label} · {clip.sales.units} sold during it"
