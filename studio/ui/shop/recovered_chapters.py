"""After a crash: the restored show's recordings that were cut short get their chapters.

FFmpeg's muxers keep no chapter added after the header through a crash, so a recording the
studio was writing when it stopped has none. The ledger knows when it began and what was
featured when: :func:`studio.clips.write_ledger_chapters` remuxes them in (nothing
re-encoded, the file replaced atomically). That can take a while for a long show, so it runs
on a thread of its own when the host restores the show; a notice says which recordings got
their chapters, or why one could not.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject

from studio.clips import Cancelled, write_ledger_chapters
from studio.outputs.chapters import ChaptersError
from studio.shop.ledger import Ledger
from studio.ui.shop.background_job import BackgroundJob

Notify = Callable[..., None]  # (message, level "error" | "info")


@dataclass
class RecoveredChapters:
    written: list[tuple[str, int]] = field(default_factory=list)  # file name, chapters
    problems: list[str] = field(default_factory=list)  # a sentence each


def write_recovered_chapters(
    ledger: Ledger, show_id: int, cancel: threading.Event | None = None
) -> RecoveredChapters:
    """The ledger's chapters into each recording of the show that has none; a recording with
    its own chapters (it closed properly) is left as it is."""
    outcome = RecoveredChapters()
    for recording in ledger.recordings(show_id):
        path = Path(recording.path)
        if cancel is not None and cancel.is_set():
            break
        if not path.is_file():
            outcome.problems.append(f"{path} is not there any more.")
            continue
        try:
            count = write_ledger_chapters(ledger, show_id, path, recording.canvas, cancel)
        except Cancelled:
            break
        except ChaptersError as error:
            outcome.problems.append(str(error))
            continue
        if count:
            outcome.written.append((path.name, count))
    return outcome


def recover_chapters(
    ledger: Ledger, show_id: int, notify: Notify, parent: QObject | None = None
) -> BackgroundJob:
    """Start writing the chapters of the show's recordings cut short; ``notify`` hears the
    outcome (on the UI thread). The job is returned so closing the app can cancel it."""

    def work(cancel: threading.Event, _post: object) -> RecoveredChapters:
        return write_recovered_chapters(ledger, show_id, cancel)

    job = BackgroundJob("recovery chapters", work, parent)
    job.succeeded.connect(lambda outcome: tell(outcome, notify))
    job.failed.connect(
        lambda error: notify(
            f"The chapters of the recordings cut short by the crash could not be written: {error}",
            "error",
        )
    )
    job.start()
    return job


def tell(outcome: RecoveredChapters, notify: Notify) -> None:
    if outcome.written:
        files = ", ".join(
            f"{name} ({count} chapter{'' if count == 1 else 's'})"
            for name, count in outcome.written
        )
        which = (
            "The recording cut short by the crash has its"
            if len(outcome.written) == 1
            else "The recordings cut short by the crash have their"
        )
        notify(f"{which} chapters again: {files}.", "info")
    for problem in outcome.problems:
        notify(f"Chapters for a recording cut short by the crash: {problem}", "error")
