"""Chapters of a recording: titled spans of its own time, written into the file.

Matroska takes chapters given before the file closes: FFmpeg's muxer writes them with the
trailer when none were given with the header (PyAV's ``Container.set_chapters``). Nothing
added after the header survives a crash, so a recording cut short, and a fragmented MP4 (whose
header is written first and never again), get theirs by :func:`remux_with_chapters`: every
packet copied, none re-encoded, into a temporary file that then replaces the recording.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

US = Fraction(1, 1_000_000)


class ChaptersError(RuntimeError):
    """The chapters could not be written into the recording (the sentence says why)."""


class Cancelled(RuntimeError):
    """The work was cancelled: nothing was changed."""


@dataclass(frozen=True, slots=True)
class Chapter:
    """A span of a recording's own time (0 = its first frame) and its title."""

    start_us: int
    end_us: int | None  # None: to the end of the recording
    title: str


def container_chapters(chapters: Sequence[Chapter], duration_us: int) -> list[dict[str, Any]]:
    """The chapters as PyAV takes them: in time order, within ``duration_us``, each ending
    where it says or at the end; spans wholly outside the recording are left out."""
    out: list[dict[str, Any]] = []
    for chapter in sorted(chapters, key=lambda c: c.start_us):
        start = max(0, chapter.start_us)
        end = duration_us if chapter.end_us is None else min(chapter.end_us, duration_us)
        if end <= start or start >= duration_us:
            continue
        out.append(
            {
                "id": len(out) + 1,  # Matroska wants ids that are not 0
                "start": start,
                "end": end,
                "time_base": US,
                "metadata": {"title": chapter.title},
            }
        )
    return out


def remux_with_chapters(
    path: Path, chapters: Sequence[Chapter], cancel: threading.Event | None = None
) -> None:
    """Copy ``path`` with ``chapters`` (replacing any it had) into a temporary file beside
    it, then put that in its place: the recording is its old or its new version, never half
    of one. Raises ChaptersError naming the file and the reason, Cancelled when ``cancel``
    was set (the recording untouched)."""
    path = Path(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        _copy_with_chapters(path, temp, chapters, cancel)
        shutil.copymode(path, temp)  # the recording keeps who may read it
        os.replace(temp, path)
    except (OSError, av.FFmpegError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ChaptersError(f"Could not write chapters into {path}: {reason}.") from error
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _copy_with_chapters(
    source: Path, target: Path, chapters: Sequence[Chapter], cancel: threading.Event | None
) -> None:
    with av.open(str(source)) as reader:
        streams = [s for s in reader.streams if s.type in ("video", "audio")]
        fmt = "mp4" if source.suffix.lower() in (".mp4", ".m4v", ".mov") else "matroska"
        options = {"movflags": "+faststart"} if fmt == "mp4" else {}
        with av.open(str(target), "w", format=fmt, options=options) as writer:
            mapping = {s.index: writer.add_stream_from_template(s) for s in streams}
            last_us = 0
            for count, packet in enumerate(reader.demux(streams)):
                if count % 256 == 0 and cancel is not None and cancel.is_set():
                    raise Cancelled(f"writing chapters into {source} was cancelled")
                if packet.dts is None:
                    continue  # the flush packet at the end of each stream
                if packet.pts is not None and packet.time_base is not None:
                    end = (packet.pts + (packet.duration or 0)) * packet.time_base
                    last_us = max(last_us, int(end / US))
                packet.stream = mapping[packet.stream.index]
                writer.mux(packet)
            writer.set_chapters(container_chapters(chapters, last_us))  # type: ignore[arg-type]
