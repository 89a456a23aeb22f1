"""`studio chat listen`: a practice show's chat and claims, printed until Ctrl-C.

It opens the same :class:`~studio.show.show.Show` a live stream drives, but never goes live and
never connects the store: every claim is tried in the practice book, so it gets the outcome it
would get in the show (sold, waitlisted, pending, unknown_code…) and takes no real stock.

Chats come from ``--chat URL`` (and its older spellings ``--irc``, ``--twitch``, ``--youtube``).
Codes come from ``--codes 12,15:blue/red/M`` and/or ``--show RUN_OF_SHOW``: the run of show's
segments name products (by id or show code); each one found in the catalog (``--catalog``, default
the user's) gives its show code with its variants' option values and SKUs, and a segment the
catalog does not know is taken as a bare show code. Without either, every code of the catalog
can be claimed. A code the catalog does not know is still read as a claim: ``unknown_code``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.chat.message import ChatMessage
    from studio.show.events import ShowEvent
    from studio.show.show import Show

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(commands: Any) -> None:
    chat = commands.add_parser("chat", help="live chat and comment-to-buy claims")
    actions = chat.add_subparsers(dest="chat_command", metavar="ACTION", required=True)
    listen = actions.add_parser(
        "listen", help="print the chat, and every claim with its outcome in a practice show"
    )
    listen.add_argument(
        "--chat", action="append", default=[], metavar="URL",
        help="a chat to read (repeatable): irc://HOST:PORT/#channel, ircs://…, "
        "twitch:CHANNEL (token from the keyring; anonymous without) or youtube:LIVE_CHAT_ID",
    )  # fmt: skip
    listen.add_argument(
        "--irc", action="append", default=[], metavar="URL",
        help="the same as --chat irc[s]://HOST:PORT/#channel (repeatable)",
    )  # fmt: skip
    listen.add_argument("--nick", default="liveshop", help="IRC nickname (default: liveshop)")
    listen.add_argument(
        "--twitch", action="append", default=[], metavar="CHANNEL",
        help="the same as --chat twitch:CHANNEL (repeatable)",
    )  # fmt: skip
    listen.add_argument(
        "--youtube", metavar="LIVE_CHAT_ID", help="the same as --chat youtube:LIVE_CHAT_ID"
    )
    listen.add_argument(
        "--youtube-api", metavar="URL",
        help="YouTube Data API base URL (default: $STUDIO_YOUTUBE_API, else Google's)",
    )  # fmt: skip
    listen.add_argument(
        "--codes", default="", metavar="LIST", help="show codes, with options: 12,15:blue/red/M,A7"
    )
    listen.add_argument(
        "--show", type=Path, metavar="RUN_OF_SHOW", help="read the show codes from a run of show"
    )
    listen.add_argument(
        "--catalog", type=Path, metavar="PATH",
        help="the catalog claims are tried against, never changed (default: the user's)",
    )  # fmt: skip
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


def chat_texts(args: argparse.Namespace) -> list[str]:
    """Every chat asked for, as address text: ``--chat`` and its older spellings."""
    texts = [*args.chat, *args.irc, *(f"twitch:{channel}" for channel in args.twitch)]
    if args.youtube:
        texts.append(f"youtube:{args.youtube}")
    return texts


def run_listen(args: argparse.Namespace) -> int:
    from studio.chat.address import ADDRESS_FORMS, parse_chat_address
    from studio.chat.blocklist import BlockedWords
    from studio.chat.connector import ChatError
    from studio.show.chat_link import YOUTUBE_API_ENV
    from studio.show.opening import ShowOpenError, ShowSetup, open_show

    texts = chat_texts(args)
    if not texts:
        return _usage(f"give at least one --chat ({ADDRESS_FORMS}; or --irc, --twitch, --youtube)")
    try:
        addresses = list(dict.fromkeys(parse_chat_address(text) for text in texts))
    except ChatError as error:
        return _usage(error.message)
    codes = parse_codes(args.codes)
    if args.show is not None:
        try:
            for code, options in codes_from_show(args.show, args.catalog).items():
                codes[code] = [*codes.get(code, []), *options]
        except ShowCodesError as error:
            return _usage(str(error))
    if args.youtube_api:  # where the chat link finds YouTube's API for youtube: addresses
        os.environ[YOUTUBE_API_ENV] = args.youtube_api
    printers: list[ListenPrinter] = []

    def prepare(show: Show) -> None:  # before any chat connects: no message is missed
        show.feed.blocked_words = BlockedWords(w for w in args.blocked_words.split(","))
        if codes:  # only the codes asked for, as before; else every code of the catalog
            show.comment_to_buy.codes_provider = lambda: codes
            show.comment_to_buy.refresh()
        printer = ListenPrinter(show, as_json=args.json)
        show.subscribe(printer.event)
        printers.append(printer)

    try:  # a practice show: no store, never live, so no claim takes real stock
        show = open_show(
            ShowSetup(catalog=args.catalog, chats=addresses, nick=args.nick, prepare=prepare)
        )
    except ShowOpenError as error:
        return _usage(str(error))
    try:
        return _listen(show, printers[0], args)
    finally:
        show.close()


def _usage(message: str) -> int:
    print(f"studio chat listen: {message}", file=sys.stderr)
    return EXIT_USAGE


def _listen(show: Show, printer: ListenPrinter, args: argparse.Namespace) -> int:
    """Print the show's messages and claims until the duration, a signal, or every chat
    ended; EXIT_FAILED when a chat failed or could not start."""
    from studio.cli.show_lines import chats_failed, chats_over

    printer.chats_changed()  # what happened before we listened
    done = threading.Event()
    handlers = {
        signum: signal.signal(signum, lambda *_: done.set())
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    deadline = time.monotonic() + args.duration if args.duration else None
    try:
        while not done.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                break
            if chats_over(show.chat_status):
                break  # every chat ended or failed
            done.wait(0.2)
        return EXIT_FAILED if chats_failed(show.chat_status) else EXIT_OK
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


class ListenPrinter:
    """Prints each message, and under it each claim it made with its practice outcome.

    Comment-to-buy hears a message before the show announces it, so a claim may come first:
    its message is printed then, and not again when announced. The feed delivers one message
    at a time, so the few keys remembered are enough."""

    RECENT = 64  # keys of the messages printed last

    def __init__(self, show: Show, *, as_json: bool) -> None:
        from studio.cli.show_lines import ChatChanges

        self.as_json = as_json
        self._changes = ChatChanges(show.chat_status)
        self._lock = threading.Lock()
        self._printed: OrderedDict[object, None] = OrderedDict()

    def event(self, event: ShowEvent) -> None:
        from studio.cli.show_lines import claim_fields, claim_text
        from studio.show.events import ChatConnectionsChanged, ClaimMade, MessageArrived

        if isinstance(event, ClaimMade):
            with self._lock:
                self._message(event.record.message)
                self._emit(claim_fields(event.record), f"  → {claim_text(event.record)}")
        elif isinstance(event, MessageArrived):
            with self._lock:
                self._message(event.message)
        elif isinstance(event, ChatConnectionsChanged):
            self.chats_changed()

    def chats_changed(self) -> None:
        for line in self._changes.new_lines():
            with self._lock:  # status goes to stderr as text, to stdout as JSON
                if self.as_json:
                    print(json.dumps(line.fields(), ensure_ascii=False), flush=True)
                else:
                    print(line.text(), file=sys.stderr, flush=True)

    def _message(self, message: ChatMessage) -> None:
        """Print ``message`` unless it was just printed."""
        if message.key in self._printed:
            return
        self._printed[message.key] = None
        while len(self._printed) > self.RECENT:
            self._printed.popitem(last=False)
        flags = f" [{','.join(sorted(message.flags))}]" if message.flags else ""
        self._emit(
            message.to_json(),
            f"[{message.platform}] {message.author.display_name}: {message.text}{flags}",
        )

    def _emit(self, fields: dict[str, Any], human: str) -> None:
        print(json.dumps(fields, ensure_ascii=False) if self.as_json else human, flush=True)
