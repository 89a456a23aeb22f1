"""What the shop panels are given: the shop objects of the open show, each optional."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.chat.feed import ChatFeed
from studio.chat.live import ChatLive
from studio.chat.local import LocalChat
from studio.chat.message import ChatMessage
from studio.chat.status_board import ChatStatusBoard
from studio.shop.autopilot import Prompter
from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.live import ShopLive
from studio.show.comment_to_buy import CommentToBuy, ReplyFunction

if TYPE_CHECKING:
    from studio.ui.shop.store_link import StoreLink


@dataclass
class ShopContext:
    """The shop objects the panels drive. A tab whose object is missing says it is not set up.

    ``reply`` answers a message through the connector it came from (``reply_via(connectors)``
    from :mod:`studio.show.comment_to_buy`); ``can_reply`` says whether a message's connector
    can send (default: every message when ``reply`` is given). ``local_chat`` is the started
    rehearsal connector whose input line the Chat tab shows.
    """

    catalog: Catalog | None = None
    shop_live: ShopLive | None = None
    ledger: Ledger | None = None
    show_id: int | None = None
    chat_feed: ChatFeed | None = None
    chat_live: ChatLive | None = None
    comment_to_buy: CommentToBuy | None = None
    prompter: Prompter | None = None
    local_chat: LocalChat | None = None
    reply: ReplyFunction | None = None
    can_reply: Callable[[ChatMessage], bool] | None = None
    chat_status: ChatStatusBoard | None = None  # the platforms' chat connections, for the host
    store_link: StoreLink | None = None  # the online store's connector, if set up
    locale: str = "en_US"

    @property
    def catalog_ready(self) -> bool:
        return self.catalog is not None or self.shop_live is not None

    @property
    def sales_ready(self) -> bool:
        return self.ledger is not None and self.show_id is not None

    def message_can_reply(self, message: ChatMessage) -> bool:
        if self.reply is None:
            return False
        return True if self.can_reply is None else self.can_reply(message)
