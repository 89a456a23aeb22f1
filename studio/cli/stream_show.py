"""`studio stream --show RUN_OF_SHOW`: the core :class:`~studio.show.show.Show` behind a
headless stream.

The command line opens the same show the window drives (:func:`~studio.show.opening.open_show`):
the run of show against the catalog, the chats named by ``--chat``, the online store that
Settings describes. Comment-to-buy, the on-stream stock and the ledger then work with no
window. The show goes live once the session runs, and when the stream stops its report is
written every time, sales or not, so each show leaves its ledger and totals behind.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from studio.chat.address import ADDRESS_FORMS, ChatAddress, parse_chat_address
from studio.chat.connector import ChatError
from studio.chat.registry import DEFAULT_NICK
from studio.cli.show_lines import ChatChanges, claim_text
from studio.clock import Clock
from studio.scene.model import SceneCollection
from studio.settings.platforms import platform_of_url
from studio.settings.settings_file import SettingsFile
from studio.shop.ledger_model import Show as LedgerShow
from studio.show.events import ChatConnectionsChanged, ClaimMade, PhaseChanged, ShowEvent
from studio.show.opening import ShowOpenError, ShowSetup, open_show
from studio.show.show import Show

log = logging.getLogger(__name__)

CHATS_IN_SETTINGS = "settings"  # --chat settings: the chat accounts saved in Settings → Chat
Target = tuple[str, str | None, str]  # ("stream" or "record", canvas or None, URL or path)


class StreamShowError(ValueError):
    """The show cannot start: a usage problem (the message names the option or file)."""


def parse_chats(texts: Sequence[str]) -> tuple[list[ChatAddress], bool]:
    """The ``--chat`` values as addresses, and whether ``settings`` asked for the chats saved
    in Settings. Raises StreamShowError naming the value and the forms a chat can take."""
    addresses: list[ChatAddress] = []
    from_settings = False
    for text in texts:
        if text.strip().lower() == CHATS_IN_SETTINGS:
            from_settings = True
            continue
        try:
            address = parse_chat_address(text)
        except ChatError as error:
            raise StreamShowError(f"--chat {_with_every_form(error.message)}") from None
        if address not in addresses:
            addresses.append(address)
    return addresses, from_settings


def _with_every_form(sentence: str) -> str:
    settings = f"or {CHATS_IN_SETTINGS} for the chat accounts saved in Settings"
    if ADDRESS_FORMS in sentence:  # it lists the forms already: add the word settings
        return f"{sentence.removesuffix('.')}, {settings}."
    return f"{sentence} A --chat is {ADDRESS_FORMS}, {settings}."


def open_stream_show(
    run_of_show: Path,
    *,
    catalog: Path | None,
    chats: Sequence[str],
    nick: str = DEFAULT_NICK,
    settings: SettingsFile,
    collection: SceneCollection,
    targets: Sequence[Target],
    clock: Clock,
) -> Show:
    """The show for this stream, its chats connecting: practising until :func:`go_live`.
    The shop learns each canvas's size and the platform each one streams to (``targets``).
    Raises StreamShowError before anything is opened when the scene, a chat address, the
    catalog or the run of show cannot be used."""
    if not has_product_card(collection):
        raise StreamShowError(
            "--show needs a product_card item in the scene to show the featured product"
        )
    addresses, from_settings = parse_chats(chats)
    setup = ShowSetup(
        catalog=catalog,
        run_of_show=run_of_show,
        settings=settings,
        chat_from_settings=from_settings,
        chats=addresses,
        nick=nick,
        store=True,
        clock=clock,
    )
    try:
        show = open_show(setup)
    except ShowOpenError as error:
        raise StreamShowError(str(error)) from None
    first_canvas = collection.canvases[0].name
    for canvas in collection.canvases:
        show.shop.set_canvas(canvas.name, canvas.width, canvas.height)
    for kind, canvas_name, url in targets:
        if kind == "stream":
            show.shop.set_platform(canvas_name or first_canvas, platform_of_url(url))
    return show


def go_live(show: Show, run_of_show: Path) -> LedgerShow:
    """On air: a ledger show named after the run of show (its name, else its file's), and
    the autopilot starts featuring its products."""
    planned = show.run_of_show.name if show.run_of_show is not None else ""
    live = show.go_live(planned or run_of_show.stem)
    if show.autopilot is not None:
        show.autopilot.start()
    return live


def print_show_lines(show: Show, write_line: Callable[[str], None]) -> Callable[[], None]:
    """Write each claim with its outcome, each change of a chat's connection and the show
    going live and ending, as they happen (on the thread that made them); returns the
    function that stops it."""
    changes = ChatChanges(show.chat_status)

    def on_event(event: ShowEvent) -> None:
        if isinstance(event, ClaimMade):
            book = " (practice)" if event.practice else ""
            line = claim_text(event.record) + book
            log.info("%s", line)
            write_line(line)
        elif isinstance(event, ChatConnectionsChanged):
            for change in changes.new_lines():
                write_line(f"chat {change.text()}")
        elif isinstance(event, PhaseChanged) and event.live_show is not None:
            write_line(f"show {event.live_show.name!r}: {event.phase.value}")

    return show.subscribe(on_event)


def finish_show(show: Show, parent: Path) -> None:
    """End the show on air and print where its report went; a report that cannot be written
    is a message on stderr (this runs while the stream stops: it must not hide why)."""
    try:
        files = show.end(parent)
    except Exception as error:
        print(f"studio: the show report could not be written to {parent}: {error}",
              file=sys.stderr)  # fmt: skip
        return
    if files is None:
        print("The show never went live: no report written.", file=sys.stderr)
        return
    print(f"Show report in {files.folder}:")
    for path in files.paths:
        print(f"  {path}")


def report_parent(recordings: Sequence[str], settings: SettingsFile) -> Path:
    """Where a headless show's report goes: beside its first recording, else the recordings
    folder of the app settings (where the desktop app writes it)."""
    if recordings:
        return Path(recordings[0]).expanduser().resolve().parent
    return settings.settings.recording.folder


def has_product_card(collection: SceneCollection) -> bool:
    return any(
        getattr(item.source, "kind", None) == "product_card"
        for scene in collection.scenes
        for item in scene.items
    )
