"""The platforms' live chat in the open shop, as Settings → Chat describes it.

:func:`connect_chat` starts the configured connectors (Twitch, YouTube, generic IRC) into the
shop's :class:`ChatFeed` beside the rehearsal chat, each on its own worker thread, and follows
the settings: after every save only the connectors whose settings (or token) changed are
restarted. It also sets what answers viewers: the Chat tab's Reply (``ShopContext.reply`` and
``can_reply``) and, when switched on, comment-to-buy's automatic replies. Connection states
and problems go to the shop's :class:`ChatStatusBoard`, which the Chat tab shows.

No Qt here, and nothing that blocks: starting a connector starts its thread, and a connector
that is no longer wanted is asked to stop without waiting for it (its thread is a daemon and
ends on its own; :meth:`ChatLink.close` waits for all of them, bounded, when the shop closes).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.chat.blocklist import BlockedWords
from studio.chat.connector import ChatConnector, ChatError, ChatStatus
from studio.chat.message import ChatMessage
from studio.chat.status_board import ChatStatusBoard
from studio.settings.chat_accounts import (
    TWITCH_TOKEN,
    YOUTUBE_API_KEY,
    YOUTUBE_TOKEN,
    ChatSettings,
)
from studio.settings.secrets import SecretStore, SecretStoreError
from studio.show.comment_to_buy import reply_via, sender_for
from studio.ui.shop.context import ShopContext

if TYPE_CHECKING:
    from studio.settings.model import AppSettings
    from studio.settings.settings_file import SettingsFile
    from studio.ui.shop.setup import OpenShop

log = logging.getLogger(__name__)

CLOSE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class _Wanted:
    """One connector the settings ask for; an equal one already running is left alone."""

    kind: type[ChatConnector]
    settings: object  # the kind's frozen settings dataclass (tokens included: a new token restarts)


class ChatLink:
    def __init__(self, context: ShopContext, secrets: SecretStore) -> None:
        if context.chat_feed is None:
            raise ValueError("the shop has no chat feed to connect to")
        self.context = context
        self.feed = context.chat_feed
        self.secrets = secrets
        self.board = context.chat_status or ChatStatusBoard()
        context.chat_status = self.board
        self._lock = threading.Lock()
        self._running: dict[str, tuple[_Wanted, ChatConnector]] = {}
        self._stopping: list[ChatConnector] = []
        self._closed = False
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def connectors(self) -> list[ChatConnector]:
        with self._lock:
            return [connector for _, connector in self._running.values()]

    def apply(self, chat: ChatSettings) -> None:
        """Make the running connectors match ``chat`` (called at start and after each save)."""
        if self._closed:
            return
        wanted, problems = self._wanted(chat)
        with self._lock:
            for key in list(self._running):
                spec, connector = self._running[key]
                if wanted.get(key) != spec:
                    del self._running[key]
                    self._stop_later(connector)
            for name, _ in self.board.problems():
                self.board.remove(name)
            for name, sentence in problems.items():
                self.board.set_problem(name, sentence)
            for key, spec in wanted.items():
                if key not in self._running:
                    self._start(key, spec)
        self.feed.blocked_words = BlockedWords(chat.blocked_words)
        self._wire_replies(chat)

    def follow(self, store: SettingsFile) -> None:
        """Apply the store's chat settings now and after every save."""
        self._apply_safely(store.settings)
        self._unsubscribe = store.subscribe(self._apply_safely)

    def _apply_safely(self, settings: AppSettings) -> None:
        try:
            self.apply(settings.chat)
        except Exception:  # a save (or the studio's start) must not fail because of the chat
            log.exception("could not apply the chat settings")
            self.board.set_problem("chat", "The chat settings could not be applied (see the log).")

    def close(self, timeout_s: float = CLOSE_TIMEOUT_S) -> None:
        """Stop following the settings and stop every connector, all at once, waiting at most
        ``timeout_s`` in total."""
        self._closed = True
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with self._lock:
            connectors = [connector for _, connector in self._running.values()]
            connectors += self._stopping
            self._running.clear()
            self._stopping = []
        for connector in connectors:
            connector.stop(timeout_s=0)  # ask all first: they end in parallel
        deadline = time.monotonic() + timeout_s
        for connector in connectors:
            connector.stop(timeout_s=max(0.0, deadline - time.monotonic()))
            self.board.remove(connector.display_name)
        self.context.reply = self.context.can_reply = None
        if self.context.comment_to_buy is not None:
            self.context.comment_to_buy.reply = None

    # -- internals ----------------------------------------------------------------------------
    def _wanted(self, chat: ChatSettings) -> tuple[dict[str, _Wanted], dict[str, str]]:
        # Imported here: a studio without platform chat never loads them (faster start).
        from studio.chat.irc import IrcConnector, IrcSettings
        from studio.chat.twitch import TwitchConnector, TwitchSettings
        from studio.chat.youtube import YOUTUBE_API, YouTubeChat, YouTubeSettings

        wanted: dict[str, _Wanted] = {}
        problems: dict[str, str] = {}
        if chat.twitch.enabled:
            token = self._token(TWITCH_TOKEN, problems)
            wanted[f"twitch:#{chat.twitch.channel}"] = _Wanted(
                TwitchConnector,
                # "" (not None): never fall back to another keyring entry than the settings'.
                TwitchSettings(chat.twitch.channel, chat.twitch.bot_nick, token or ""),
            )
        if chat.youtube.enabled:
            name = f"youtube:{chat.youtube.live_chat}"
            oauth = self._token(YOUTUBE_TOKEN, problems)
            key = self._token(YOUTUBE_API_KEY, problems)
            credential = oauth or (f"key:{key}" if key else None)
            if credential is None:
                problems[name] = (
                    "needs a YouTube API key or account token: add one in Settings → Chat."
                )
            else:
                wanted[name] = _Wanted(
                    YouTubeChat,
                    YouTubeSettings(
                        live_chat_id=chat.youtube.live_chat_id or "",
                        video_id=chat.youtube.video_id or "",
                        api_base_url=chat.youtube.api_base_url or YOUTUBE_API,
                        credential=credential,
                    ),
                )
        if chat.irc.enabled:
            for url in chat.irc.urls:
                wanted[f"irc:{url}"] = _Wanted(IrcConnector, IrcSettings(url, chat.irc.nick))
        return wanted, problems

    def _token(self, name: str, problems: dict[str, str]) -> str | None:
        try:
            return self.secrets.get_token(name)
        except SecretStoreError as error:
            problems["keyring"] = str(error)
            return None

    def _start(self, key: str, spec: _Wanted) -> None:
        try:
            connector = spec.kind(spec.settings)  # type: ignore[call-arg]
        except ChatError as error:
            self.board.set_problem(key, error.message)
            return
        connector.on_status(lambda status, c=connector: self._status_changed(c, status))
        self._running[key] = (spec, connector)
        self.board.update(connector.status)
        connector.start(self.feed)

    def _stop_later(self, connector: ChatConnector) -> None:
        connector.stop(timeout_s=0)
        self._stopping = [c for c in self._stopping if c.running] + [connector]
        self.board.remove(connector.display_name)

    def _status_changed(self, connector: ChatConnector, status: ChatStatus) -> None:
        with self._lock:
            current = any(c is connector for _, c in self._running.values())
        if current:  # a stopped connector's last words would bring its line back
            self.board.update(status)

    def _wire_replies(self, chat: ChatSettings) -> None:
        connectors = self.connectors
        context = self.context
        if connectors:
            context.reply = reply_via(connectors)

            def can_reply(message: ChatMessage) -> bool:
                sender = sender_for(connectors, message)
                return sender is not None and sender.can_send_now

            context.can_reply = can_reply
        else:
            context.reply = context.can_reply = None
        if context.comment_to_buy is not None:
            context.comment_to_buy.reply = context.reply if chat.auto_reply else None
            context.comment_to_buy.reply_template = chat.reply_template


def connect_chat(opened: OpenShop, store: SettingsFile, secrets: SecretStore) -> ChatLink | None:
    """Start the chat the settings configure into ``opened`` and follow the settings' changes;
    stopped with the shop (``opened.closers``). None when the shop has no chat feed."""
    if opened.context.chat_feed is None:
        return None
    link = ChatLink(opened.context, secrets)
    link.follow(store)
    opened.closers.append(link.close)
    return link
