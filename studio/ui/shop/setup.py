"""Opening the shop for the window: the local catalog (the sample on a first run), today's
show in the ledger, the live shop state, the rehearsal chat and comment-to-buy — and the
services the engine's overlays read."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from studio.capture.base import Services
from studio.chat.feed import ChatFeed
from studio.chat.live import ChatLive
from studio.chat.local import LocalChat
from studio.render.text import resources_dir
from studio.settings.secrets import SecretStore
from studio.settings.settings_file import SettingsFile
from studio.shop.catalog import Catalog
from studio.shop.importing import import_file
from studio.shop.ledger import Ledger
from studio.shop.live import ShopLive
from studio.show.comment_to_buy import CommentToBuy
from studio.ui.shop.chat_link import connect_chat
from studio.ui.shop.context import ShopContext
from studio.ui.shop.store_link import connect_store

log = logging.getLogger(__name__)

DEFAULT_CURRENCY = "USD"


@dataclass
class OpenShop:
    context: ShopContext
    services: Services
    # Connections started from the settings (store sync, platform chat), stopped on close.
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for close in reversed(self.closers):
            try:
                close()
            except Exception:  # one stuck connection must not keep the others running
                log.exception("could not stop a shop connection")
        self.closers.clear()
        context = self.context
        if context.comment_to_buy is not None:
            context.comment_to_buy.close()
        if context.local_chat is not None:
            context.local_chat.stop()


def open_shop(
    data_folder: Path | None = None,
    show_name: str | None = None,
    *,
    store: SettingsFile | None = None,
    secrets: SecretStore | None = None,
) -> OpenShop:
    """The shop of today's show (created on first use), with the sample catalog when the
    catalog is empty so a newcomer sees products at once. ``store`` (the app settings) and
    ``secrets`` (the keyring) configure the connections to the seller's store and the
    platforms' chat; without a store only the local catalog and rehearsal chat run."""
    catalog = Catalog.open(folder=data_folder)
    if len(catalog) == 0:
        sample = resources_dir() / "catalog" / "sample.json"
        try:
            import_file(sample, catalog)
        except Exception:  # a missing sample must not keep the studio from opening
            log.exception("could not import the sample catalog %s", sample)
    ledger = Ledger(catalog)
    name = show_name or datetime.now().strftime("Show %Y-%m-%d")
    show = ledger.find_show(name) or ledger.start_show(name, _currency(catalog))
    shop = ShopLive(catalog, ledger, show.id)
    shop.set_lineup([product.id for product in catalog.products()])
    feed = ChatFeed()
    chat = ChatLive(feed)
    local_chat = LocalChat()
    local_chat.start(feed)

    def codes() -> dict[str, list[str]]:
        return {
            product.code: sorted({value for v in product.variants for value in v.options.values()})
            for product in catalog.products()
            if product.code
        }

    comment_to_buy = CommentToBuy(feed, ledger, show.id, codes)
    context = ShopContext(
        catalog=catalog,
        shop_live=shop,
        ledger=ledger,
        show_id=show.id,
        chat_feed=feed,
        chat_live=chat,
        comment_to_buy=comment_to_buy,
        local_chat=local_chat,
    )
    opened = OpenShop(context, Services(shop=shop, chat=chat))
    if store is not None:
        _connect_from_settings(opened, store, secrets or SecretStore())
    return opened


def _connect_from_settings(opened: OpenShop, store: SettingsFile, secrets: SecretStore) -> None:
    """Start what the settings configure (and follow their changes); each connection adds
    its own closer to ``opened.closers``."""
    connect_chat(opened, store, secrets)
    connect_store(opened, store, secrets)


def _currency(catalog: Catalog) -> str:
    for product in catalog.products():
        return str(product.price.currency)
    return DEFAULT_CURRENCY
