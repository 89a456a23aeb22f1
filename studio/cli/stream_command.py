"""`studio stream` and `studio record`: run a show headless from a scene collection."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.cli.status import StatusPrinter, final_problem
from studio.outputs.urls import InvalidUrlError, mask_url, parse_rtmp_url

if TYPE_CHECKING:
    from studio.cli.stream_show import Target
    from studio.encode import AudioEncoderSettings, VideoEncoderSettings
    from studio.engine.session import Session
    from studio.scene.model import SceneCollection


def positive_seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return value


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scene",
        required=True,
        type=Path,
        help="scene collection (.json), or a template or profile (.lsstemplate, .lssprofile "
        "or its folder)",
    )
    parser.add_argument("--duration", type=positive_seconds, help="stop after this many seconds")
    add_encoding_options(parser)
    parser.add_argument("--quiet", action="store_true", help="no status line")


def add_encoding_options(parser: argparse.ArgumentParser) -> None:
    """The encoder's options, shared by `studio stream`, `record` and `preflight`."""
    video = parser.add_argument_group("encoding")
    video.add_argument("--video-bitrate", type=int, default=4500, metavar="KBPS")
    video.add_argument("--audio-bitrate", type=int, default=160, metavar="KBPS")
    video.add_argument(
        "--audio-rate", type=int, default=48_000, choices=(44_100, 48_000), metavar="HZ",
        help="sample rate of the encoded sound: 48000 (default) or 44100",
    )  # fmt: skip
    video.add_argument("--encoder", default="libx264", help="libx264 or a hardware encoder")
    video.add_argument("--preset", default="veryfast", help="x264 preset (default veryfast)")
    video.add_argument(
        "--keyframe-interval", type=positive_seconds, default=2.0, metavar="S",
        help="seconds between keyframes (default 2, what most platforms ask for)",
    )  # fmt: skip


def encoder_settings_from(
    args: argparse.Namespace,
) -> tuple[VideoEncoderSettings, AudioEncoderSettings]:
    """The encoder settings of the parsed options; ValueError names a bad one."""
    from studio.encode import AudioEncoderSettings, VideoEncoderSettings

    video = VideoEncoderSettings(
        encoder=args.encoder,
        bitrate_kbps=args.video_bitrate,
        preset=args.preset,
        keyframe_interval_s=args.keyframe_interval,
    )
    audio = AudioEncoderSettings(bitrate_kbps=args.audio_bitrate, sample_rate_hz=args.audio_rate)
    return video, audio


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
    stream.add_argument("--connect-timeout", type=positive_seconds, default=10.0, metavar="S")
    stream.add_argument("--stall-timeout", type=positive_seconds, default=10.0, metavar="S")
    shop = stream.add_argument_group("shop")
    shop.add_argument(
        "--show",
        type=Path,
        metavar="RUN_OF_SHOW",
        help="run a live-shopping show: feature each product of this run of show in turn for "
        "its planned minutes, take comment-to-buy claims from --chat, write the show's report "
        "at the end (the scene needs a product_card item)",
    )
    shop.add_argument("--catalog", type=Path, metavar="PATH", help="shop catalog (.sqlite)")
    shop.add_argument(
        "--chat", action="append", default=[], metavar="URL",
        help="a chat whose comments can buy (repeatable): irc://HOST:PORT/#channel, "
        "ircs://…, twitch:CHANNEL, youtube:LIVE_CHAT_ID, or settings for the chat accounts "
        "saved in Settings; without it no chat is read",
    )  # fmt: skip
    shop.add_argument("--nick", default=None, help="IRC nickname (default: liveshop)")
    shop.add_argument(
        "--settings-folder", type=Path, metavar="DIR",
        help="app settings (default: the user's): the online store and the saved chats of the "
        "show, and the recordings folder that gets its report when nothing is recorded",
    )  # fmt: skip
    stream.set_defaults(run=run_stream)

    record = commands.add_parser("record", help="record a show to a file (Matroska or MP4)")
    _add_common(record)
    record.add_argument("--output", required=True, type=Path, help=".mkv (default) or .mp4")
    record.add_argument("--canvas", help="which canvas to record (default: the first)")
    record.set_defaults(run=run_record)


def split_target(text: str, canvases: list[str]) -> tuple[str | None, str]:
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
    from studio.scene import SceneDocumentError
    from studio.template.bundle_format import BundleError
    from studio.template.scene_file import open_scene

    try:
        with open_scene(args.scene) as collection:
            return _run_collection(args, collection, destinations, recordings)
    except (SceneDocumentError, BundleError) as error:
        return _fail(str(error))


def _run_collection(
    args: argparse.Namespace,
    collection: SceneCollection,
    destinations: list[str],
    recordings: list[str],
) -> int:
    from studio.engine.session import Session

    canvases = [c.name for c in collection.canvases]
    try:
        video, audio = encoder_settings_from(args)
    except ValueError as error:
        return _fail(f"invalid encoder settings: {error}")

    plan: list[Target] = []
    for text in destinations:
        canvas, url = split_target(text, canvases)
        try:
            parse_rtmp_url(url)
        except InvalidUrlError as error:
            return _fail(f"invalid destination {mask_url(url)}: {error}")
        plan.append(("stream", canvas, url))
    for text in recordings:
        canvas, path = split_target(text, canvases)
        folder = Path(path).expanduser().resolve().parent
        if not folder.is_dir():
            return _fail(f"cannot record to {path}: folder {folder} does not exist")
        plan.append(("record", canvas, path))

    printer = StatusPrinter(quiet=args.quiet)
    if getattr(args, "show", None) is not None:
        return _stream_show(args, collection, plan, printer, video=video, audio=audio)
    if getattr(args, "chat", None) or getattr(args, "nick", None) is not None:
        return _fail("--chat and --nick need --show RUN_OF_SHOW (the chat buys in the show)")
    _prepare_text_rendering()
    session = Session(
        collection, video_settings=video, audio_settings=audio, on_event=printer.event
    )
    return _stream(args, session, plan, printer)


def _stream_show(
    args: argparse.Namespace,
    collection: SceneCollection,
    plan: list[Target],
    printer: StatusPrinter,
    *,
    video: VideoEncoderSettings,
    audio: AudioEncoderSettings,
) -> int:
    """`--show`: the stream drives a core show, live once the session runs; it ends (and
    its report is written) when the stream stops, whatever stopped it."""
    from studio.capture.base import Services
    from studio.chat.registry import DEFAULT_NICK
    from studio.cli.stream_show import (
        StreamShowError,
        finish_show,
        go_live,
        open_stream_show,
        print_show_lines,
        report_parent,
    )
    from studio.clips.recording_link import ShowRecordings
    from studio.clock import MonotonicClock
    from studio.engine.session import Session
    from studio.settings.settings_file import SettingsFile

    settings = SettingsFile(args.settings_folder)
    clock = MonotonicClock()
    try:
        show = open_stream_show(
            args.show,
            catalog=args.catalog,
            chats=args.chat,
            nick=args.nick or DEFAULT_NICK,
            settings=settings,
            collection=collection,
            targets=plan,
            clock=clock,
        )
    except StreamShowError as error:
        return _fail(str(error))
    recordings = [target for kind, _canvas, target in plan if kind == "record"]

    def off_air() -> None:
        if show.autopilot is not None:
            show.autopilot.stop()
        finish_show(show, report_parent(recordings, settings))

    stop_printing = print_show_lines(show, printer.note)
    # The show's recordings: their start in the ledger, its featured products as chapters.
    recordings_link = ShowRecordings(show.ledger, clock)
    first_canvas = collection.canvases[0].name

    def on_air() -> None:
        live = go_live(show, args.show)
        recordings_link.attach(live.id)

    try:
        _prepare_text_rendering()
        session = Session(
            collection,
            video_settings=video,
            audio_settings=audio,
            on_event=printer.event,
            clock=clock,
            services=Services(shop=show.shop, chat=show.chat_live),
        )
        return _stream(
            args,
            session,
            plan,
            printer,
            on_air=on_air,
            before_stop=recordings_link.write_chapters,
            off_air=off_air,
            recording_options=lambda canvas: {
                "on_started": recordings_link.on_started(canvas or first_canvas)
            },
        )
    finally:
        stop_printing()
        show.close()


def _stream(
    args: argparse.Namespace,
    session: Session,
    plan: list[Target],
    printer: StatusPrinter,
    *,
    on_air: Callable[[], object] | None = None,
    before_stop: Callable[[], object] | None = None,
    off_air: Callable[[], object] | None = None,
    recording_options: Callable[[str | None], dict[str, object]] | None = None,
) -> int:
    """Run ``session`` to ``plan``'s outputs until the duration, a signal or every output
    failed. ``on_air`` runs once the session has started, ``before_stop`` just before it
    stops (the recordings still open), ``off_air`` after it stopped, even when starting
    failed; ``recording_options(canvas)`` adds options to each recording."""
    for kind, canvas, target in plan:
        if kind == "stream":
            session.add_destination(
                target,
                canvas,
                connect_timeout_s=args.connect_timeout,
                stall_timeout_s=args.stall_timeout,
            )
        else:
            options = recording_options(canvas) if recording_options is not None else {}
            session.add_recording(Path(target), canvas, **options)

    stop = threading.Event()
    previous_handlers = _install_signal_handlers(stop)
    started = time.monotonic()
    try:
        session.start()
        if on_air is not None:
            on_air()
        while not stop.wait(0.5):
            elapsed = time.monotonic() - started
            printer.status(elapsed, session.stats())
            if args.duration is not None and elapsed >= args.duration:
                break
            if printer.all_outputs_failed(session.stats()):
                break
    finally:
        printer.finish("stopping…")
        try:
            if before_stop is not None:
                _run_safely(before_stop, "before stopping")
            session.stop()
        finally:
            if off_air is not None:
                off_air()
            _restore_signal_handlers(previous_handlers)
    stats = session.stats()
    printer.summary(time.monotonic() - started, stats)
    problem = final_problem(stats)
    if problem:
        return _fail(problem, code=1)
    return 0


def _run_safely(step: Callable[[], object], when: str) -> None:
    # A failing extra (chapters) must never keep the show from stopping and saving.
    try:
        step()
    except Exception as error:
        print(f"studio: {when}: {error}", file=sys.stderr)


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
