"""After the show: chapters in its recordings and one shoppable clip per featured product.

The ledger knows what was featured when (with the product as it was then) and when each
recording began; from these, :func:`~studio.clips.spans.ledger_chapters` gives a recording's
chapters, :func:`~studio.clips.chapters.write_chapters` puts them into one cut short, and
:func:`~studio.clips.export.export_clips` cuts the clips: landscape by copy, vertical 1080×1920
re-encoded with the product's card drawn again. :class:`~studio.clips.recording_link.
ShowRecordings` tells the ledger about a live show's recordings. No Qt here except the card
renderer behind :mod:`studio.render`.
"""

from studio.clips.chapters import chapter_titles, write_chapters, write_ledger_chapters
from studio.clips.export import (
    ClipFailure,
    ClipProgress,
    ClipsResult,
    WrittenClip,
    export_clips,
)
from studio.clips.media import ClipError
from studio.clips.plan import ClipsRequest
from studio.clips.recording_link import ShowRecordings
from studio.clips.scene_card import scene_card
from studio.clips.spans import ProductSpan, ledger_chapters, product_spans
from studio.clips.vertical_frame import Rect
from studio.outputs.chapters import Cancelled, Chapter

__all__ = [
    "Cancelled",
    "Chapter",
    "ClipError",
    "ClipFailure",
    "ClipProgress",
    "ClipsRequest",
    "ClipsResult",
    "ProductSpan",
    "Rect",
    "ShowRecordings",
    "WrittenClip",
    "chapter_titles",
    "export_clips",
    "ledger_chapters",
    "product_spans",
    "scene_card",
    "write_chapters",
    "write_ledger_chapters",
]
