"""Live chat and comment-to-buy, headless: connectors → one ChatFeed → UI, overlays, ledger.

Every connector runs on its own worker thread and delivers into a :class:`ChatFeed`
(thread-safe, capped, deduplicated); :class:`ChatLive` keeps what the on-stream overlays
show. :class:`ClaimParser` turns comments into :class:`Claim` values for the sales ledger.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from studio.shop.chat.blocklist import BlockedWords
from studio.shop.chat.claims import Claim, ClaimParser
from studio.shop.chat.connector import (
    ChatConnector,
    ChatError,
    ChatErrorReason,
    ConnectorState,
    ConnectorStatus,
)
from studio.shop.chat.feed import ChatFeed
from studio.shop.chat.live import ChatLive, ChatLiveSnapshot
from studio.shop.chat.local import LocalChat, LocalChatSettings
from studio.shop.chat.message import (
    ChatAuthor,
    ChatMessage,
    MessageFlag,
    Platform,
    clean_text,
    looks_like_question,
    make_message,
)

if TYPE_CHECKING:
    from studio.shop.chat.connector import CONNECTOR_KINDS
    from studio.shop.chat.irc import IrcConnector, IrcSettings, parse_irc_url
    from studio.shop.chat.twitch import TwitchConnector, TwitchSettings
    from studio.shop.chat.youtube import YouTubeChat, YouTubeSettings

# The network connectors (and what they pull in: ssl, requests) load on first use, so the
# window opens without them when no platform chat is set up.
_LAZY = {
    "IrcConnector": "irc",
    "IrcSettings": "irc",
    "parse_irc_url": "irc",
    "TwitchConnector": "twitch",
    "TwitchSettings": "twitch",
    "YouTubeChat": "youtube",
    "YouTubeSettings": "youtube",
}


def __getattr__(name: str) -> Any:
    if name == "CONNECTOR_KINDS":  # complete only once every kind has registered itself
        for module in sorted(set(_LAZY.values())):
            importlib.import_module(f"studio.shop.chat.{module}")
        return importlib.import_module("studio.shop.chat.connector").CONNECTOR_KINDS
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"studio.shop.chat.{_LAZY[name]}"), name)


__all__ = [
    "CONNECTOR_KINDS",
    "BlockedWords",
    "ChatAuthor",
    "ChatConnector",
    "ChatError",
    "ChatErrorReason",
    "ChatFeed",
    "ChatLive",
    "ChatLiveSnapshot",
    "ChatMessage",
    "Claim",
    "ClaimParser",
    "ConnectorState",
    "ConnectorStatus",
    "IrcConnector",
    "IrcSettings",
    "LocalChat",
    "LocalChatSettings",
    "MessageFlag",
    "Platform",
    "TwitchConnector",
    "TwitchSettings",
    "YouTubeChat",
    "YouTubeSettings",
    "clean_text",
    "looks_like_question",
    "make_message",
    "parse_irc_url",
]
