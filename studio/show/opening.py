"""Opening a show from what the host configured: the catalog, the settings file, the keyring,
an optional run of show and the chats named on the command line.

This is the one place that reads the keyring for the show (chat tokens, store tokens) and
that knows which parts a front end wants: the window rehearses in its own local chat and
follows every Settings change; a headless ``studio stream --show`` connects only the chats it
is given and the store Settings has; ``studio chat listen`` runs a practice show with no store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.chat.address import ChatAddress
from studio.chat.local import LocalChat
from studio.clock import Clock
from studio.settings.secrets import SecretStore
from studio.settings.settings_file import SettingsFile
from studio.shop.catalog import Catalog
from studio.shop.database import ShopDatabaseError
from studio.shop.importing import import_file
from studio.shop.run_of_show import (
    RunOfShow,
    RunOfShowError,
    load_run_of_show,
    resolve_products,
)
from studio.show.live_keeper import LiveSnapshotKeeper
from studio.show.show import Show

log = logging.getLogger(__name__)


class ShowOpenError(ValueError):
    """The show cannot open: the message says which file and what is wrong with it."""


@dataclass
class ShowSetup:
    """What to open. ``catalog`` is the catalog file (default: ``catalog.sqlite`` in
    ``data_folder``, else the user's). ``settings`` gives the store account and, when
    ``chat_from_settings``, the chat accounts (``follow_settings``: and every later save).
    ``chats`` are chat addresses from the command line, read as ``nick`` on IRC."""

    catalog: Path | None = None
    data_folder: Path | None = None
    run_of_show: Path | None = None
    sample_catalog: Path | None = None  # imported when the catalog is empty (a first run)
    settings: SettingsFile | None = None
    secrets: SecretStore | None = None
    chat_from_settings: bool = False
    chats: Sequence[ChatAddress] = ()
    nick: str = "liveshop"
    store: bool = False  # connect the online store Settings describes
    follow_settings: bool = False
    rehearsal_chat: bool = False  # the window's local chat, typed into by the host
    clock: Clock | None = None
    locale: str = "en_US"
    store_options: dict[str, Any] = field(default_factory=dict)  # PollSettings overrides
    # Where the live show's snapshot is kept while live, for a restart after a crash (None:
    # not kept). See studio.show.live_keeper.
    live_snapshot: Path | None = None
    # Called with the built show before any chat or store connects (listeners, codes…).
    prepare: Callable[[Show], None] | None = None


def open_show(setup: ShowSetup) -> Show:
    """Open the catalog and the show with everything ``setup`` asks for, started. Raises
    ShowOpenError (nothing left open) when the catalog or the run of show cannot be used."""
    try:
        catalog = Catalog.open(setup.catalog, folder=setup.data_folder)
    except (ShopDatabaseError, OSError) as error:
        raise ShowOpenError(f"Cannot open the catalog: {error}") from None
    try:
        if setup.sample_catalog is not None and len(catalog) == 0:
            _import_sample(setup.sample_catalog, catalog)
        run, lineup = _run_of_show(setup.run_of_show, catalog)
        show = Show(
            catalog,
            run_of_show=run,
            lineup=lineup,
            clock=setup.clock,
            locale=setup.locale,
            owns_catalog=True,
        )
    except BaseException:
        catalog.close()
        raise
    try:
        if setup.prepare is not None:
            setup.prepare(show)
        if setup.live_snapshot is not None:
            show.add_closer(LiveSnapshotKeeper(show, setup.live_snapshot).close)
        _connect(show, setup)
    except BaseException:
        show.close()
        raise
    return show


def _import_sample(sample: Path, catalog: Catalog) -> None:
    try:
        import_file(sample, catalog)
    except Exception:  # a missing sample must not keep the studio from opening
        log.exception("could not import the sample catalog %s", sample)


def _run_of_show(path: Path | None, catalog: Catalog) -> tuple[RunOfShow | None, list[str] | None]:
    if path is None:
        return None, None
    try:
        run = load_run_of_show(path)
        return run, resolve_products(run, catalog, path)
    except RunOfShowError as error:
        raise ShowOpenError(str(error)) from None


def _connect(show: Show, setup: ShowSetup) -> None:
    secrets = setup.secrets or SecretStore()
    if setup.rehearsal_chat:
        local = LocalChat()
        local.start(show.feed)
        show.local_chat = local
        show.add_closer(local.stop)
    if setup.chat_from_settings or setup.chats:
        _connect_chat(show, setup, secrets)
    if setup.store and setup.settings is not None:
        _connect_store(show, setup, secrets)


def _connect_chat(show: Show, setup: ShowSetup, secrets: SecretStore) -> None:
    from studio.show.chat_link import ChatLink

    link = ChatLink(show.feed, secrets, show.chat_status, on_replies=show.set_replies)
    show.add_closer(link.close)
    if setup.chat_from_settings and setup.settings is not None:
        if setup.follow_settings:
            link.follow(setup.settings)
        else:
            link.apply(setup.settings.settings.chat)
    if setup.chats:
        link.apply_addresses(list(setup.chats), nick=setup.nick)


def _connect_store(show: Show, setup: ShowSetup, secrets: SecretStore) -> None:
    from studio.show.store_link import StoreLink

    assert setup.settings is not None
    settings = setup.settings
    link = StoreLink(
        show.catalog,
        show.ledger,
        secrets,
        on_status=show.store_status_changed,
        on_report=show.store_synced,
        connector_options=setup.store_options,
    )
    show.add_closer(link.close)
    show.store_orders = link.attach_show
    show.store_sync_now = link.sync_now
    link.apply(settings.settings.store)
    if setup.follow_settings:  # closed first: no save restarts the store while it stops
        show.add_closer(settings.subscribe(lambda saved: link.apply(saved.store)))
