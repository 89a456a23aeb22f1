"""`studio clips SHOW --recording FILE`: one shoppable clip per featured product of a show.

Landscape clips are copied out of the recording (``CODE-slug.mp4``); ``--vertical`` adds a
1080×1920 ``CODE-slug-vertical.mp4`` beside each, from the vertical canvas's own recording
when one is given (``--recording CANVAS=FILE``), else cropped from the landscape one with the
product card drawn again. A recording without chapters (cut short) gets them first. The show
is found as for `studio report`; clips go to its report folder unless ``--out`` says.
Exit codes: 0 every clip written; 1 some failed (each named with its reason) or cancelled;
2 nothing could start (no such show, an unreadable recording, a bad option).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.cli.stream_command import positive_seconds
from studio.settings.settings_file import SettingsFile
from studio.shop import Catalog, Ledger, ShopDatabaseError

if TYPE_CHECKING:
    from studio.capture.shop_overlays import ProductCardSettings
    from studio.clips import ClipProgress, ClipsRequest, ClipsResult, Rect
    from studio.shop.ledger_model import Show


class ClipsUsageError(ValueError):
    """An option that cannot be used (the sentence names it)."""


def add_parser(commands: Any) -> None:
    clips = commands.add_parser(
        "clips",
        help="cut one clip per featured product of a show, and chapters into its recording",
        description="Cut one MP4 clip per featured product of a show (the product's time on "
        "screen) from its recording, named CODE-slug.mp4, into the show's report folder.",
    )
    clips.add_argument("show", metavar="SHOW_ID_OR_NAME")
    clips.add_argument(
        "--recording", action="append", required=True, metavar="[CANVAS=]FILE",
        help="the show's recording; repeat with CANVAS=FILE for the vertical canvas's own",
    )  # fmt: skip
    clips.add_argument("--catalog", type=Path, help="catalog file (default: the user's one)")
    clips.add_argument(
        "--settings-folder", type=Path, metavar="DIR",
        help="app settings (default: the user's): the encoder of vertical clips and the "
        "recordings folder where the show's report folder is looked for",
    )  # fmt: skip
    clips.add_argument("--out", type=Path, metavar="DIR", help="write the clips into DIR")
    clips.add_argument(
        "--vertical", action="store_true",
        help="also a 1080x1920 CODE-slug-vertical.mp4 per product, for TikTok, Reels, Shorts",
    )  # fmt: skip
    clips.add_argument(
        "--max-seconds", type=positive_seconds, metavar="N",
        help="at most N seconds per clip: those around the moments that sold most",
    )  # fmt: skip
    clips.add_argument(
        "--scene", type=Path, metavar="FILE",
        help="the show's scene collection (or template): where its product card sat, so "
        "the vertical crop follows it, and how the card looks (default: a centred crop)",
    )  # fmt: skip
    clips.add_argument(
        "--locale", help="how prices are written on cards and in tags, e.g. de_DE (default: as "
        "the scene's product card writes them, else en_US)",
    )  # fmt: skip
    clips.set_defaults(run=run_clips)


def run_clips(args: argparse.Namespace) -> int:
    try:
        with Catalog.open(args.catalog) as catalog:
            ledger = Ledger(catalog)
            show = ledger.find_show(args.show)
            if show is None:
                return _fail(f"no show {args.show!r}")
            request = _request(args, ledger, show)
            result = _export(ledger, request, args.vertical)
            _relink_report(ledger, show.id, request.out, args.locale)
    except ShopDatabaseError as error:
        return _fail(str(error))
    except ClipsUsageError as error:
        return _fail(str(error))
    return _summary(result, request.out)


def _relink_report(ledger: Ledger, show_id: int, folder: Path, locale: str | None) -> None:
    """The show's report in ``folder`` (the default: its report folder) written again, so
    its rows link the clips that now exist."""
    from studio.shop.report import REPORT_PAGE, write_report

    if not (folder / REPORT_PAGE).is_file():
        return
    try:
        if locale:
            write_report(ledger, show_id, folder, locale=locale)
        else:
            write_report(ledger, show_id, folder)
    except Exception as error:  # the clips are written; only the links would be missing
        print(f"studio: the report in {folder} could not be written again: {error}",
              file=sys.stderr)  # fmt: skip
    else:
        print(f"Report in {folder} now links the clips.")


def _fail(message: str, code: int = 2) -> int:
    print(f"studio: {message}", file=sys.stderr)
    return code


def _request(args: argparse.Namespace, ledger: Ledger, show: Show) -> ClipsRequest:
    from studio.clips import ClipError, ClipsRequest
    from studio.clips.media import recording_info
    from studio.clips.plan import report_folder

    sources = [_split_recording(text) for text in args.recording]
    try:
        infos = [(canvas, path, recording_info(path)) for canvas, path in sources]
    except ClipError as error:
        raise ClipsUsageError(str(error)) from None
    landscape = [s for s in infos if s[0] is None] or [
        s for s in infos if s[2].width >= s[2].height
    ]
    if not landscape:
        landscape = infos[:1]
    canvas, path, info = landscape[0]
    portrait = [s for s in infos if s is not landscape[0] and s[2].height > s[2].width]
    store = SettingsFile(args.settings_folder)
    if store.load_error is not None:
        print(f"studio: {store.load_error}", file=sys.stderr)
    settings = store.settings
    canvas = canvas or _ledger_canvas(ledger, show, path)
    card_box, card_settings = _card(args.scene, canvas, (info.width, info.height))
    out = args.out or report_folder(show, [path.resolve().parent, settings.recording.folder])
    return ClipsRequest(
        show_id=show.id,
        recording=path,
        out=out,
        canvas=canvas,
        vertical=args.vertical,
        vertical_recording=portrait[0][1] if portrait else None,
        vertical_canvas=portrait[0][0] if portrait else None,
        max_seconds=args.max_seconds,
        card_box=card_box,
        card_settings=card_settings,
        encoder=settings.video.encoder_settings(),
        locale=args.locale,
    )


def _split_recording(text: str) -> tuple[str | None, Path]:
    """``vertical=show-v.mkv`` → ("vertical", path); a bare path (even one with ``=`` in
    its name, when that file exists) → (None, path)."""
    head, sep, tail = text.partition("=")
    if sep and head and "/" not in head and "\\" not in head and not Path(text).exists():
        return head, Path(tail).expanduser()
    return None, Path(text).expanduser()


def _ledger_canvas(ledger: Ledger, show: Show, path: Path) -> str | None:
    from studio.clips.spans import find_recording

    found = find_recording(ledger.recordings(show.id), path, None)
    return found.canvas if found is not None else None


def _card(
    scene: Path | None, canvas: str | None, size: tuple[int, int]
) -> tuple[Rect | None, ProductCardSettings | None]:
    """Where the product card sat in the recording and its settings, from ``--scene``."""
    if scene is None:
        return None, None
    from studio.clips.scene_card import scene_card
    from studio.scene import SceneDocumentError
    from studio.template.bundle_format import BundleError
    from studio.template.scene_file import open_scene

    try:
        with open_scene(scene) as collection:
            return scene_card(collection, canvas, size)
    except (SceneDocumentError, BundleError) as error:
        raise ClipsUsageError(f"--scene {scene}: {error}") from None


def _export(ledger: Ledger, request: ClipsRequest, vertical: bool) -> ClipsResult:
    from studio.clips import ClipError, export_clips

    if vertical:  # the card renderer's fonts need Qt's application, made on this thread
        from studio.render.text import ensure_gui_app

        ensure_gui_app()
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, _cancel_on_first_interrupt(cancel))
    try:
        return export_clips(ledger, request, _progress_printer(), cancel)
    except ClipError as error:
        raise ClipsUsageError(str(error)) from None
    finally:
        signal.signal(signal.SIGINT, previous)


def _cancel_on_first_interrupt(cancel: threading.Event) -> Any:
    def interrupted(signum: int, frame: object) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        print("studio: cancelling after this moment of the clip…", file=sys.stderr)
        cancel.set()

    return interrupted


def _progress_printer() -> Any:
    shown: set[int] = set()
    live = sys.stderr.isatty()

    def progress(update: ClipProgress) -> None:
        if live:
            line = f"clip {update.clip}/{update.clips} {update.label[:50]} {update.fraction:4.0%}"
            print(f"\r{line:<72}", end="", file=sys.stderr, flush=True)
        elif update.clip not in shown:
            shown.add(update.clip)
            print(f"clip {update.clip}/{update.clips}: {update.label}", file=sys.stderr)

    return progress


def _summary(result: ClipsResult, out: Path) -> int:
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for note in result.notes:
        print(f"studio: {note}", file=sys.stderr)
    print(f"{len(result.clips)} clip(s) in {out}:")
    for clip in result.clips:
        print(f"  {clip.path.name}  ({clip.sales.units} sold)")
    for failure in result.failures:
        print(f"studio: no clip of {failure.sentence()}", file=sys.stderr)
    if result.cancelled:
        print("studio: cancelled; the clips above are complete.", file=sys.stderr)
    return 1 if result.failures or result.cancelled else 0
