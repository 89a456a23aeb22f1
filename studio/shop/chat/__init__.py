"""Live chat and comment-to-buy, headless: connectors → one ChatFeed → UI, overlays, ledger.

Every connector runs on its own worker thread and delivers into a :class:`ChatFeed`
(thread-safe, capped, deduplicated); :class:`ChatLive` keeps what the on-stream overlays
show. :class:`ClaimParser` turns comments into :class:`Claim` values for the sales ledger.
"""

from studio.shop.chat.blocklist import BlockedWords
from studio.shop.chat.claims import Claim, ClaimParser
from studio.shop.chat.connector import (
    CONNECTOR_KINDS,
    ChatConnector,
    ChatError,
    ChatErrorReason,
    ConnectorState,
    ConnectorStatus,
)
from studio.shop.chat.feed import ChatFeed
from studio.shop.chat.irc import IrcConnector, IrcSettings, parse_irc_url
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
from studio.shop.chat.twitch import TwitchConnector, TwitchSettings
from studio.shop.chat.youtube import YouTubeChat, YouTubeSettings

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
