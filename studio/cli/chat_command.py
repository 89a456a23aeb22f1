"""`studio chat listen`: the merged live chat and every comment-to-buy claim, until Ctrl-C.

Codes come from ``--codes 12,15:blue/red/M`` and/or ``--show RUN_OF_SHOW``: the run of show's
segments name products (by id or show code); each one found in the catalog (``--catalog``, default
the user's) gives its show code with its variants' option values and SKUs, and a segment the
catalog does not know is taken as a bare show code.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(commands: Any) -> None:
    chat = commands.add_parser("chat", help="live chat and comment-to-buy claims")
    actions = chat.add_subparsers(dest="chat_command", metavar="ACTION", required=True)
    listen = actions.add_parser("listen", help="print the merged chat and parsed claims")
    listen.add_argument(
        "--irc",
        action="append",
        default=[],
        metavar="URL",
        help="irc[s]://HOST:PORT/#channel (repeatable)",
    )
    listen.add_argument("--nick", default="liveshop", help="IRC nickname (default: liveshop)")
    listen.add_argument(
        "--twitch",
        action="append",
        default=[],
        metavar="CHANNEL",
        help="a Twitch channel (token from the keyring; anonymous without)",
    )
    listen.add_argument("--youtube", metavar="LIVE_CHAT_ID", help="a YouTube live chat id")
    listen.add_argument("--youtube-api", metavar="URL", help="YouTube Data API base URL")
    listen.add_argument(
        "--codes", default="", metavar="LIST", help="show codes, with options: 12,15:blue/red/M,A7"
    )
    listen.add_argument(
        "--show", type=Path, metavar="RUN_OF_SHOW", help="read the show codes from a run of show"
    )
    listen.add_argument(
        "--catalog", type=Path, metavar="PATH", help="catalog for --show (default: the user's)"
    )
    listen.add_argument(
        "--blocked-words",
        default="",
        metavar="LIST",
        help="comma-separated words hidden from overlays (* and ? wildcards)",
    )
    listen.add_argument("--duration", type=float, metavar="S", help="stop after S seconds")
    listen.add_argument("--json", action="store_true", help="one JSON object per line")
    listen.set_defaults(run=run_listen)


def parse_codes(text: str) -> dict[str, list[str]]:
    codes: dict[str, list[str]] = {}
    for item in text.split(","):
        code, _, options = item.strip().partition(":")
        if code.strip():
            codes[code.strip()] = [o.strip() for o in options.split("/") if o.strip()]
    return codes


class ShowCodesError(ValueError):
    """The run of show or its catalog cannot give the show's codes (the message names which)."""


def codes_from_show(run_path: Path, catalog_path: Path | None) -> dict[str, list[str]]:
    """The show codes of a run of show, each with the option values and SKUs of its variants."""
    from studio.shop.catalog import Catalog
    from studio.shop.database import ShopDatabaseError
    from studio.shop.run_of_show import RunOfShowError, load_run_of_show
    from studio.shop.variant_choice import typed_options

    try:
        run = load_run_of_show(run_path)
    except RunOfShowError as error:
        raise ShowCodesError(str(error)) from None
    try:
        catalog = Catalog.open(catalog_path)
    except (ShopDatabaseError, OSError) as error:
        raise ShowCodesError(f"cannot open the catalog for '{run_path}': {error}") from None
    codes: dict[str, list[str]] = {}
    with catalog:
        for index, segment in enumerate(run.segments):
            product = catalog.get(segment.product) or catalog.by_code(segment.product)
            if product is None:
                codes.setdefault(segment.product, [])  # a code the catalog does not know (yet)
            elif not product.code:
                raise ShowCodesError(
                    f"Cannot use run of show '{run_path}': segments[{index}].product "
                    f"{segment.product!r} has no show code in the catalog, so no comment can "
                    "claim it"
                )
            else:
                codes[product.code] = sorted(set(typed_options(product)))
    return codes


def run_listen(args: argparse.Namespace) -> int:
    from studio.chat import (
        BlockedWords,
        ChatConnector,
        ChatError,
        ChatFeed,
        ChatMessage,
        ChatStatus,
        ClaimParser,
        IrcConnector,
        IrcSettings,
        TwitchConnector,
        TwitchSettings,
        YouTubeChat,
        YouTubeSettings,
    )
    from studio.chat.youtube import YOUTUBE_API

    if not (args.irc or args.twitch or args.youtube):
        print(
            "studio chat listen: give at least one of --irc, --twitch, --youtube", file=sys.stderr
        )
        return EXIT_USAGE
    connectors: list[ChatConnector] = []
    try:
        for url in args.irc:
            connectors.append(IrcConnector(IrcSettings(url=url, nick=args.nick)))
        for channel in args.twitch:
            connectors.append(TwitchConnector(TwitchSettings(channel=channel)))
        if args.youtube:
            connectors.append(
                YouTubeChat(
                    YouTubeSettings(
                        live_chat_id=args.youtube, api_base_url=args.youtube_api or YOUTUBE_API
                    )
                )
            )
    except ChatError as error:
        print(f"studio chat listen: {error.message}", file=sys.stderr)
        return EXIT_USAGE

    codes = parse_codes(args.codes)
    if args.show is not None:
        try:
            for code, options in codes_from_show(args.show, args.catalog).items():
                codes[code] = [*codes.get(code, []), *options]
        except ShowCodesError as error:
            print(f"studio chat listen: {error}", file=sys.stderr)
            return EXIT_USAGE
    parser = ClaimParser(codes)
    feed = ChatFeed(blocked_words=BlockedWords(w for w in args.blocked_words.split(",")))
    print_lock = threading.Lock()

    def emit(obj: dict[str, Any], human: str) -> None:
        with print_lock:
            print(json.dumps(obj, ensure_ascii=False) if args.json else human, flush=True)

    def on_message(message: ChatMessage) -> None:
        flags = f" [{','.join(sorted(message.flags))}]" if message.flags else ""
        emit(
            message.to_json(),
            f"[{message.platform}] {message.author.display_name}: {message.text}{flags}",
        )
        claim = parser.parse(message.text)
        if claim is not None:
            emit(
                {
                    "type": "claim",
                    "message_id": message.id,
                    "platform": message.platform.value,
                    "author": message.author.display_name,
                    "author_id": message.author.id,
                    "code": claim.code,
                    "quantity": claim.quantity,
                    "variant_options": list(claim.variant_options),
                    "raw": claim.raw,
                },
                f"  → claim: {claim.code} ×{claim.quantity} {' '.join(claim.variant_options)}",
            )

    def on_status(status: ChatStatus) -> None:
        obj = {
            "type": "status",
            "connector": status.name,
            "state": status.state.value,
            "reason": status.reason.value,
            "message": status.message,
        }
        with print_lock:  # status goes to stderr as text, to stdout as JSON
            if args.json:
                print(json.dumps(obj, ensure_ascii=False), flush=True)
            else:
                print(f"{status.name}: {status.state} {status.message}", file=sys.stderr)

    feed.subscribe(on_message)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    for connector in connectors:
        connector.on_status(on_status)
        connector.start(feed)
    deadline = time.monotonic() + args.duration if args.duration else None
    try:
        while not done.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                break
            if not any(c.running for c in connectors):
                break  # every chat ended or failed
            done.wait(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        for connector in connectors:
            connector.stop(timeout_s=3.0)
    failed = [c for c in connectors if c.status.state == "failed"]
    return EXIT_FAILED if failed else EXIT_OK
