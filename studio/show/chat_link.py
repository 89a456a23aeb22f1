"""The platforms' live chat of a show, as Settings → Chat or the command line names it.

:class:`ChatLink` starts connectors (Twitch, YouTube, generic IRC) into one :class:`ChatFeed`,
each on its own worker thread, and keeps them matching what is asked: :meth:`ChatLink.apply`
takes the chat settings (and :meth:`ChatLink.follow` re-applies them after every save),
:meth:`ChatLink.apply_addresses` takes chat addresses (``--chat irc://…``, ``twitch:…``,
``youtube:…``). Either way only the chats whose address, name or token changed are restarted,
every connector is built by its kind (:func:`studio.chat.registry.connector_for`), and the
tokens come from the keyring (:class:`SecretStore`) here and nowhere in the chat package.
Both may ask at once, each replacing only its own chats. Connection states and problems go to
a :class:`ChatStatusBoard`; how viewers can be answered now is told to ``on_replies`` (a
:class:`RepliesListener`) after each change, for the Chat tab's Reply and comment-to-buy.

No Qt here, and nothing that blocks: starting a connector starts its thread, and a connector
that is no longer wanted is asked to stop without waiting for it (its thread is a daemon and
ends on its own; :meth:`ChatLink.close` waits for all of them, bounded).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Protocol

from studio.chat.address import ChatAddress, parse_chat_address
from studio.chat.blocklist import BlockedWords
from studio.chat.connector import ChatConnector, ChatError, ChatStatus
from studio.chat.feed import ChatFeed
from studio.chat.message import ChatMessage
from studio.chat.registry import DEFAULT_NICK, connector_for
from studio.chat.reply_route import ReplyFunction, reply_via, sender_for
from studio.chat.status_board import ChatStatusBoard
from studio.settings.chat_accounts import (
    TWITCH_TOKEN,
    YOUTUBE_API_KEY,
    YOUTUBE_TOKEN,
    ChatSettings,
)
from studio.settings.secrets import SecretStore, SecretStoreError

if TYPE_CHECKING:
    from studio.settings.model import AppSettings
    from studio.settings.settings_file import SettingsFile

log = logging.getLogger(__name__)

CLOSE_TIMEOUT_S = 5.0
# Where YouTube's API is for chats named by address (a local server in tests); unset: Google's.
YOUTUBE_API_ENV = "STUDIO_YOUTUBE_API"
NO_YOUTUBE_CREDENTIAL = "needs a YouTube API key or account token: add one in Settings → Chat."


class RepliesListener(Protocol):
    """Told how viewers can be answered after every change: ``reply`` answers a message
    through the connector it came from (None: no running chat can answer), ``can_reply`` says
    whether a message's connector can send right now; comment-to-buy answers claims by itself
    when ``auto_reply``, with ``template`` (None: leave the template as it is)."""

    def __call__(
        self,
        reply: ReplyFunction | None,
        can_reply: Callable[[ChatMessage], bool] | None,
        *,
        auto_reply: bool,
        template: str | None,
    ) -> None: ...


def _nobody_answers(
    reply: ReplyFunction | None,
    can_reply: Callable[[ChatMessage], bool] | None,
    *,
    auto_reply: bool,
    template: str | None,
) -> None:
    """The listener of a link whose owner does not answer viewers."""


@dataclass(frozen=True)
class _Wanted:
    """One chat asked for; an equal one already running is left alone."""

    address: ChatAddress
    nick: str
    token: str | None = field(default=None, repr=False)  # a new token restarts the chat
    api_base_url: str | None = None


class _Source(StrEnum):
    """Who asks for chats. Both may at once (a headless show with the settings' chats and the
    command line's): each replaces only its own."""

    SETTINGS = "settings"
    ADDRESSES = "addresses"


@dataclass
class _Asked:
    wanted: dict[str, _Wanted] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


class ChatLink:
    def __init__(
        self,
        feed: ChatFeed,
        secrets: SecretStore,
        board: ChatStatusBoard | None = None,
        *,
        on_replies: RepliesListener | None = None,
    ) -> None:
        self.feed = feed
        self.secrets = secrets
        self.board = board if board is not None else ChatStatusBoard()
        self._on_replies: RepliesListener = on_replies or _nobody_answers
        self._lock = threading.Lock()
        self._asked = {source: _Asked() for source in _Source}
        self._auto_reply = False
        self._template: str | None = None  # None: comment-to-buy's own
        self._running: dict[str, tuple[_Wanted, ChatConnector]] = {}
        self._stopping: list[ChatConnector] = []
        self._closed = False
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def connectors(self) -> list[ChatConnector]:
        with self._lock:
            return [connector for _, connector in self._running.values()]

    def apply(self, chat: ChatSettings) -> None:
        """Make the chats the settings ask for match ``chat`` (called at start and after each
        save); its blocked words and reply choices apply to every chat of the link."""
        if self._closed:
            return
        addresses, problems = _addresses_in(chat)
        wanted = self._wanted(
            addresses,
            problems,
            nick=chat.irc.nick,
            twitch_login=chat.twitch.bot_nick,
            api_base_url=chat.youtube.api_base_url or None,
        )
        self.feed.blocked_words = BlockedWords(chat.blocked_words)
        self._auto_reply, self._template = chat.auto_reply, chat.reply_template
        self._converge(_Source.SETTINGS, _Asked(wanted, problems))

    def apply_addresses(
        self,
        addresses: Sequence[ChatAddress],
        *,
        nick: str = DEFAULT_NICK,
        twitch_login: str = "",
        auto_reply: bool | None = None,
        reply_template: str | None = None,
    ) -> None:
        """Make the chats named by address (the command line's ``--chat``) match
        ``addresses``, beside those of the settings: IRC chats joined as ``nick``; Twitch read
        as ``twitch_login`` with the saved Twitch token (anonymously, read-only, when none is
        saved; a saved token without a login is a problem); YouTube polled with the saved
        YouTube token or API key, at the API that ``STUDIO_YOUTUBE_API`` names (Google's when
        unset). A chat that cannot start is a problem on the board, named by its address.
        ``auto_reply`` and ``reply_template`` (None: as they are, off at first) say whether
        and how comment-to-buy answers claims."""
        if self._closed:
            return
        problems: dict[str, str] = {}
        wanted = self._wanted(
            addresses,
            problems,
            nick=nick,
            twitch_login=twitch_login,
            api_base_url=os.environ.get(YOUTUBE_API_ENV) or None,
        )
        if auto_reply is not None:
            self._auto_reply = auto_reply
        if reply_template is not None:
            self._template = reply_template
        self._converge(_Source.ADDRESSES, _Asked(wanted, problems))

    def follow(self, settings_file: SettingsFile) -> None:
        """Apply the file's chat settings now and after every save."""
        self._apply_safely(settings_file.settings)
        self._unsubscribe = settings_file.subscribe(self._apply_safely)

    def _apply_safely(self, settings: AppSettings) -> None:
        try:
            self.apply(settings.chat)
        except Exception:  # a save (or the studio's start) must not fail because of the chat
            log.exception("could not apply the chat settings")
            self.board.set_problem("chat", "The chat settings could not be applied (see the log).")

    def close(self, timeout_s: float = CLOSE_TIMEOUT_S) -> None:
        """Stop following the settings and stop every connector, all at once, waiting at most
        ``timeout_s`` in total; then nothing can answer viewers any more."""
        self._closed = True
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with self._lock:
            connectors = [connector for _, connector in self._running.values()]
            connectors += self._stopping
            self._running.clear()
            self._stopping = []
            self._asked = {source: _Asked() for source in _Source}
        for connector in connectors:
            connector.stop(timeout_s=0)  # ask all first: they end in parallel
        deadline = time.monotonic() + timeout_s
        for connector in connectors:
            connector.stop(timeout_s=max(0.0, deadline - time.monotonic()))
            self.board.remove(connector.display_name)
        for name, _ in self.board.problems():
            self.board.remove(name)
        self._on_replies(None, None, auto_reply=False, template=None)

    # -- what is asked for --------------------------------------------------------------------
    def _wanted(
        self,
        addresses: Sequence[ChatAddress],
        problems: dict[str, str],
        *,
        nick: str,
        twitch_login: str,
        api_base_url: str | None,
    ) -> dict[str, _Wanted]:
        """Each address with what its connector needs; a problem in ``problems`` instead for
        one that cannot start (no key)."""
        wanted: dict[str, _Wanted] = {}
        for address in addresses:
            # Which keyring entries a kind reads is this layer's business, not the kind's.
            if address.kind == "twitch":
                spec: _Wanted | None = self._twitch(address, twitch_login, problems)
            elif address.kind == "youtube":
                spec = self._youtube(address, api_base_url, problems)
            else:
                spec = _Wanted(address, nick)
            if spec is not None:
                wanted[str(address)] = spec
        return wanted

    def _twitch(self, address: ChatAddress, login: str, problems: dict[str, str]) -> _Wanted:
        # "" (not None) when the keyring has none: the connector reads anonymously.
        token = self._token(TWITCH_TOKEN, problems) or ""
        return _Wanted(address, login, token)

    def _youtube(
        self, address: ChatAddress, api_base_url: str | None, problems: dict[str, str]
    ) -> _Wanted | None:
        oauth = self._token(YOUTUBE_TOKEN, problems)
        key = self._token(YOUTUBE_API_KEY, problems)
        credential = oauth or (f"key:{key}" if key else None)
        if credential is None:
            problems[str(address)] = NO_YOUTUBE_CREDENTIAL
            return None
        return _Wanted(address, DEFAULT_NICK, credential, api_base_url)

    def _token(self, name: str, problems: dict[str, str]) -> str | None:
        try:
            return self.secrets.get_token(name)
        except SecretStoreError as error:
            problems["keyring"] = str(error)
            return None

    # -- running them -------------------------------------------------------------------------
    def _converge(self, source: _Source, asked: _Asked) -> None:
        """Replace what ``source`` asks for; then start and stop connectors so that what runs
        is what all sources ask for, and tell who answers viewers."""
        with self._lock:
            self._asked[source] = asked
            wanted: dict[str, _Wanted] = {}
            problems: dict[str, str] = {}
            for each in self._asked.values():  # the settings first: an address names it last
                wanted.update(each.wanted)
                problems.update(each.problems)
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
        self._report_replies()

    def _start(self, key: str, spec: _Wanted) -> None:
        try:
            connector = connector_for(
                spec.address, nick=spec.nick, token=spec.token, api_base_url=spec.api_base_url
            )
        except ChatError as error:
            self.board.set_problem(key, error.message)
            return
        connector.on_status(partial(self._status_changed, connector))
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

    def _report_replies(self) -> None:
        connectors = self.connectors
        if not connectors:
            self._on_replies(None, None, auto_reply=self._auto_reply, template=self._template)
            return

        def can_reply(message: ChatMessage) -> bool:
            sender = sender_for(connectors, message)
            return sender is not None and sender.can_send_now

        self._on_replies(
            reply_via(connectors), can_reply, auto_reply=self._auto_reply, template=self._template
        )


def _addresses_in(chat: ChatSettings) -> tuple[list[ChatAddress], dict[str, str]]:
    """The chats the settings switch on, as addresses; a problem for one that names none (the
    settings check this when saved, but a file written by hand or by an older studio may not)."""
    named: list[str] = []
    if chat.twitch.enabled:
        named.append(f"twitch:{chat.twitch.channel}")
    if chat.youtube.enabled:  # a watch URL becomes its video id
        named.append(f"youtube:{chat.youtube.live_chat_id or chat.youtube.video_id or ''}")
    if chat.irc.enabled:
        named += chat.irc.urls
    addresses: list[ChatAddress] = []
    problems: dict[str, str] = {}
    for text in named:
        try:
            addresses.append(parse_chat_address(text))
        except ChatError as error:
            problems[text] = error.message
    return addresses, problems
