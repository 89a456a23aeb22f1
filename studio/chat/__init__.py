"""Live chat and comment-to-buy, headless: connectors → one ChatFeed → UI, overlays, ledger.

Every connector runs on its own worker thread and delivers into a :class:`ChatFeed`
(thread-safe, capped, deduplicated); :class:`ChatLive` keeps what the on-stream overlays
show. :class:`ClaimParser` turns comments into :class:`Claim` values for the sales ledger.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from studio.chat.blocklist import BlockedWords
from studio.chat.claims import Claim, ClaimParser
from studio.chat.connector import (
    ChatConnector,
    ChatError,
    ChatErrorReason,
    ChatState,
    ChatStatus,
)
from studio.chat.feed import ChatFeed
from studio.chat.live import ChatLive, ChatLiveSnapshot
from studio.chat.local import LocalChat, LocalChatSettings
from studio.chat.message import (
    ChatAuthor,
    ChatMessage,
    MessageFlag,
    Platform,
    clean_text,
    looks_like_question,
    make_message,
)

if TYPE_CHECKING:
    from studio.chat.connector import CONNECTOR_KINDS
    from studio.chat.irc import IrcConnector, IrcSettings, parse_irc_url
    from studio.chat.twitch import TwitchConnector, TwitchSettings
    from studio.chat.youtube import YouTubeChat, YouTubeSettings

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
            importlib.import_module(f"studio.chat.{module}")
        return importlib.import_module("studio.chat.connector").CONNECTOR_KINDS
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"studio.chat.{_LAZY[name]}"), name)


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
    "ChatState",
    "ChatStatus",
    "Claim",
    "ClaimParser",
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
