"""Live chat and comment-to-buy, headless: connectors → one ChatFeed → UI, overlays, ledger.

Every connector runs on its own worker thread and delivers into a :class:`ChatFeed`
(thread-safe, capped, deduplicated); :class:`ChatLive` keeps what the on-stream overlays
show. :class:`ClaimParser` turns comments into :class:`Claim` values for the sales ledger.
A :class:`ChatAddress` (``irc://host/#channel``, ``twitch:CHANNEL``, ``youtube:LIVE_CHAT_ID``)
names one chat; :func:`connector_for` builds its connector from the kinds in ``CHAT_KINDS``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from studio.chat.address import ChatAddress, IrcEndpoint, parse_chat_address, parse_irc_url
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
from studio.chat.registry import connector_for, register_connector

if TYPE_CHECKING:
    from studio.chat.irc import IrcConnector, IrcSettings
    from studio.chat.registry import CHAT_KINDS
    from studio.chat.twitch import TwitchConnector, TwitchSettings
    from studio.chat.youtube import YouTubeChat, YouTubeSettings

# The network connectors (and what they pull in: ssl, requests) load on first use, so the
# window opens without them when no platform chat is set up.
_LAZY = {
    "IrcConnector": "irc",
    "IrcSettings": "irc",
    "TwitchConnector": "twitch",
    "TwitchSettings": "twitch",
    "YouTubeChat": "youtube",
    "YouTubeSettings": "youtube",
}


def __getattr__(name: str) -> Any:
    if name == "CHAT_KINDS":  # complete only once every kind has registered itself
        return importlib.import_module("studio.chat.registry").chat_kinds()
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"studio.chat.{_LAZY[name]}"), name)


__all__ = [
    "CHAT_KINDS",
    "BlockedWords",
    "ChatAddress",
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
    "IrcEndpoint",
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
    "connector_for",
    "looks_like_question",
    "make_message",
    "parse_chat_address",
    "parse_irc_url",
    "register_connector",
]
