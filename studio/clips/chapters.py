"""Chapters into a recording after the show: for one cut short by a crash (FFmpeg's muxers keep
no chapter added after the header through one) or made before the show kept them."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import av

from studio.clips.spans import find_recording, ledger_chapters
from studio.outputs.chapters import Chapter, ChaptersError, container_chapters, remux_with_chapters
from studio.shop.ledger import Ledger


def write_chapters(
    recording: Path, chapters: Sequence[Chapter], cancel: threading.Event | None = None
) -> None:
    """Put ``chapters`` into ``recording`` (replacing its own) by remuxing it, nothing
    re-encoded; the file is replaced atomically. Raises ChaptersError or Cancelled."""
    remux_with_chapters(recording, chapters, cancel)


def write_ledger_chapters(
    ledger: Ledger,
    show_id: int,
    recording: Path,
    canvas: str | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Give a recording of the show that has no chapters (cut short by a crash) those of the
    ledger, timed by the start the ledger noted for it; how many it got (0: it had its own,
    or nothing was featured while it ran). Raises ChaptersError (the ledger does not know
    the recording, the file cannot be rewritten) or Cancelled."""
    found = find_recording(ledger.recordings(show_id), recording, canvas)
    if found is None:
        raise ChaptersError(
            f"The ledger does not say when {recording} began: its chapters cannot be placed."
        )
    if chapter_titles(recording):
        return 0
    chapters = ledger_chapters(ledger, show_id, found.started_at)
    # Only what falls inside the file (its length is not known before reading it).
    if not container_chapters(chapters, duration_us=2**62):
        return 0
    write_chapters(recording, chapters, cancel)
    return len(chapter_titles(recording))


def chapter_titles(recording: Path) -> list[str]:
    """The titles of the chapters the recording holds ([] when none or unreadable)."""
    try:
        with av.open(str(recording)) as container:
            return [str(c["metadata"].get("title", "")) for c in container.chapters()]
    except (OSError, av.FFmpegError):
        return []
