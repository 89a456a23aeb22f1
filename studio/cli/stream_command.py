"""`studio stream` and `studio record`: run a show headless from a scene collection."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.cli.status import StatusPrinter, final_problem
from studio.outputs.urls import InvalidUrlError, mask_url, parse_rtmp_url

if TYPE_CHECKING:
    from studio.cli.show_autopilot import ShowPlan


def _positive_seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return value


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scene", required=True, type=Path, help="scene collection (.json)")
    parser.add_argument("--duration", type=_positive_seconds, help="stop after this many seconds")
    video = parser.add_argument_group("encoding")
    video.add_argument("--video-bitrate", type=int, default=4500, metavar="KBPS")
    video.add_argument("--audio-bitrate", type=int, default=160, metavar="KBPS")
    video.add_argument(
        "--audio-rate", type=int, default=48_000, choices=(44_100, 48_000), metavar="HZ",
        help="sample rate of the encoded sound: 48000 (default) or 44100",
    )  # fmt: skip
    video.add_argument("--encoder", default="libx264", help="libx264 or a hardware encoder")
    video.add_argument("--preset", default="veryfast", help="x264 preset (default veryfast)")
    parser.add_argument("--quiet", action="store_true", help="no status line")


def add_parsers(commands: Any) -> None:
    stream = commands.add_parser(
        "stream",
        help="go live to one or more RTMP/RTMPS destinations",
        description="Go live. Each --to is [CANVAS=]URL; without CANVAS the first canvas.",
    )
    _add_common(stream)
    stream.add_argument(
        "--to", action="append", required=True, metavar="[CANVAS=]URL", help="destination"
    )
    stream.add_argument(
        "--record", action="append", default=[], metavar="[CANVAS=]PATH", help="also record"
    )
    stream.add_argument("--connect-timeout", type=_positive_seconds, default=10.0, metavar="S")
    stream.add_argument("--stall-timeout", type=_positive_seconds, default=10.0, metavar="S")
    shop = stream.add_argument_group("shop")
    shop.add_argument(
        "--show",
        type=Path,
        metavar="RUN_OF_SHOW",
        help="feature each product of this run of show in turn for its planned minutes "
        "(the scene needs a product_card item)",
    )
    shop.add_argument("--catalog", type=Path, metavar="PATH", help="shop catalog (.sqlite)")
    shop.add_argument(
        "--settings-folder", type=Path, metavar="DIR",
        help="app settings whose recordings folder gets the show's report when nothing is "
        "recorded (default: the user's one)",
    )  # fmt: skip
    stream.set_defaults(run=run_stream)

    record = commands.add_parser("record", help="record a show to a file (Matroska or MP4)")
    _add_common(record)
    record.add_argument("--output", required=True, type=Path, help=".mkv (default) or .mp4")
    record.add_argument("--canvas", help="which canvas to record (default: the first)")
    record.set_defaults(run=run_record)


def _split_target(text: str, canvases: list[str]) -> tuple[str | None, str]:
    """``vertical=rtmp://…`` → ("vertical", "rtmp://…"); a bare URL or path → (None, text)."""
    head, sep, tail = text.partition("=")
    if sep and head in canvases:
        return head, tail
    return None, text


def run_stream(args: argparse.Namespace) -> int:
    return _run(args, destinations=args.to, recordings=args.record)


def run_record(args: argparse.Namespace) -> int:
    target = f"{args.canvas}={args.output}" if args.canvas else str(args.output)
    return _run(args, destinations=[], recordings=[target])


def _fail(message: str, code: int = 2) -> int:
    print(f"studio: {message}", file=sys.stderr)
    return code


def _run(args: argparse.Namespace, destinations: list[str], recordings: list[str]) -> int:
    from studio.encode import AudioEncoderSettings, VideoEncoderSettings
    from studio.engine.session import Session
    from studio.scene import SceneDocumentError, load_collection

    try:
        collection = load_collection(args.scene)
    except SceneDocumentError as error:
        return _fail(str(error))
    canvases = [c.name for c in collection.canvases]
    try:
        video = VideoEncoderSettings(
            encoder=args.encoder, bitrate_kbps=args.video_bitrate, preset=args.preset
        )
        audio = AudioEncoderSettings(
            bitrate_kbps=args.audio_bitrate, sample_rate_hz=args.audio_rate
        )
    except ValueError as error:
        return _fail(f"invalid encoder settings: {error}")

    plan: list[tuple[str, str | None, str]] = []
    for text in destinations:
        canvas, url = _split_target(text, canvases)
        try:
            parse_rtmp_url(url)
        except InvalidUrlError as error:
            return _fail(f"invalid destination {mask_url(url)}: {error}")
        plan.append(("stream", canvas, url))
    for text in recordings:
        canvas, path = _split_target(text, canvases)
        folder = Path(path).expanduser().resolve().parent
        if not folder.is_dir():
            return _fail(f"cannot record to {path}: folder {folder} does not exist")
        plan.append(("record", canvas, path))

    show_plan = None
    if getattr(args, "show", None) is not None:
        from studio.cli.show_autopilot import ShowPlanError, plan_show

        try:
            show_plan = plan_show(args.show, args.catalog, collection, plan)
        except ShowPlanError as error:
            return _fail(str(error))

    _prepare_text_rendering()
    printer = StatusPrinter(quiet=args.quiet)
    session = Session(
        collection,
        video_settings=video,
        audio_settings=audio,
        on_event=printer.event,
        clock=show_plan.shop.clock if show_plan else None,
        services=show_plan.services() if show_plan else None,
    )
    for kind, canvas, target in plan:
        if kind == "stream":
            session.add_destination(
                target,
                canvas,
                connect_timeout_s=args.connect_timeout,
                stall_timeout_s=args.stall_timeout,
            )
        else:
            session.add_recording(Path(target), canvas)

    stop = threading.Event()
    previous_handlers = _install_signal_handlers(stop)
    started = time.monotonic()
    try:
        session.start()
        if show_plan is not None:
            show_plan.autopilot.start()
        while not stop.wait(0.5):
            elapsed = time.monotonic() - started
            printer.status(elapsed, session.stats())
            if args.duration is not None and elapsed >= args.duration:
                break
            if printer.all_outputs_failed(session.stats()):
                break
    finally:
        printer.finish("stopping…")
        if show_plan is not None:
            show_plan.autopilot.stop()
        session.stop()
        if show_plan is not None:
            _write_show_report(show_plan, plan, getattr(args, "settings_folder", None))
            show_plan.close()
        _restore_signal_handlers(previous_handlers)
    stats = session.stats()
    printer.summary(time.monotonic() - started, stats)
    problem = final_problem(stats)
    if problem:
        return _fail(problem, code=1)
    return 0


def _write_show_report(
    show_plan: ShowPlan, plan: list[tuple[str, str | None, str]], settings_folder: Path | None
) -> None:
    """The end-of-show report beside the first recording (else in the recordings folder of
    the app settings) when the show recorded sales; a failure is a message, not an error."""
    from studio.cli.show_autopilot import report_parent

    recordings = [target for kind, _canvas, target in plan if kind == "record"]
    parent = report_parent(recordings, settings_folder)
    try:
        files = show_plan.write_report(parent)
    except Exception as error:  # in a `finally`: never hide why the show itself ended
        print(f"studio: the show report could not be written to {parent}: {error}",
              file=sys.stderr)  # fmt: skip
        return
    if files is None:
        print("No sales were recorded in this show: no report written.")
        return
    print(f"Show report in {files.folder}:")
    for path in files.paths:
        print(f"  {path}")


def _prepare_text_rendering() -> None:
    # Qt's font engine needs its application object created on the main thread.
    try:
        from studio.render.text import ensure_gui_app

        ensure_gui_app()
    except Exception as error:  # text items will show a placeholder instead
        print(f"studio: text rendering unavailable: {error}", file=sys.stderr)


def _install_signal_handlers(stop: threading.Event) -> dict[int, Any]:
    def request_stop(signum: int, frame: object) -> None:
        if stop.is_set():  # a second Ctrl-C: the user really wants out
            raise KeyboardInterrupt
        stop.set()

    handlers: dict[int, Any] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        handlers[signum] = signal.signal(signum, request_stop)
    return handlers


def _restore_signal_handlers(handlers: dict[int, Any]) -> None:
    for signum, handler in handlers.items():
        signal.signal(signum, handler)
