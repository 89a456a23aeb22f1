"""What every chat connector is: one worker thread, typed states and reasons, never blocking.

Kinds register themselves in :data:`studio.chat.registry.CHAT_KINDS` (IRC, Twitch, YouTube,
local rehearsal chat), each with a typed settings dataclass, and each built from a
:class:`~studio.chat.address.ChatAddress` by its ``for_address``.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Self

from studio.chat.feed import ChatFeed
from studio.chat.message import ChatMessage, Platform
from studio.listeners import Listeners
from studio.worker_thread import WorkerThread

if TYPE_CHECKING:
    from studio.chat.address import ChatAddress

log = logging.getLogger(__name__)


class ChatState(StrEnum):
    IDLE = "idle"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"  # waiting out a back-off before the next try
    ENDED = "ended"  # the chat itself ended (YouTube offlineAt) or stop() was called
    FAILED = "failed"  # gave up: bad settings or credentials


class ChatErrorReason(StrEnum):
    NONE = ""
    INVALID_SETTINGS = "invalid_settings"
    CONNECT_FAILED = "connect_failed"
    DISCONNECTED = "disconnected"
    AUTH_FAILED = "auth_failed"
    QUOTA_EXCEEDED = "quota_exceeded"
    SERVER_ERROR = "server_error"
    CHAT_ENDED = "chat_ended"
    CHAT_NOT_FOUND = "chat_not_found"
    SEND_FAILED = "send_failed"


@dataclass(frozen=True, slots=True)
class ChatStatus:
    name: str  # display name, secrets masked
    state: ChatState
    reason: ChatErrorReason = ChatErrorReason.NONE
    message: str = ""  # one sentence for the host, secrets masked
    retry_in_s: float = 0.0


class ChatError(Exception):
    """A connector problem as a value: a reason and a sentence (secrets already masked)."""

    def __init__(self, reason: ChatErrorReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class Backoff:
    """1 s, 2 s, 4 s … up to 30 s; reset after a connection that worked."""

    def __init__(self, initial_s: float = 1.0, factor: float = 2.0, max_s: float = 30.0) -> None:
        self.initial_s, self.factor, self.max_s = initial_s, factor, max_s
        self._next_s = initial_s

    def next_delay_s(self) -> float:
        delay = self._next_s
        self._next_s = min(self._next_s * self.factor, self.max_s)
        return delay

    def reset(self) -> None:
        self._next_s = self.initial_s


StatusListener = Callable[[ChatStatus], None]


class ChatConnector(ABC):
    """Delivers one platform's chat into a :class:`ChatFeed` from its own worker thread."""

    kind: ClassVar[str]
    platform: ClassVar[Platform]
    can_send: ClassVar[bool] = False

    def __init__(self) -> None:
        self._feed: ChatFeed | None = None
        self._worker = WorkerThread(f"chat-{self.kind}", self._run_guarded)
        self._stop = self._worker.stopping
        self._listeners: Listeners[ChatStatus] = Listeners("chat status")
        self._status = ChatStatus(self.display_name, ChatState.IDLE)
        self.messages_received = 0

    @classmethod
    def for_address(
        cls,
        address: ChatAddress,
        *,
        nick: str,
        token: str | None,
        api_base_url: str | None,
    ) -> Self:
        """A connector for the chat at ``address`` (its kind is this class's): ``nick`` is the
        name to log in with, ``token`` the account's secret (None: none), ``api_base_url``
        where a web API is (None: the platform's own). A kind reads only what it needs."""
        raise ChatError(
            ChatErrorReason.INVALID_SETTINGS, f"{cls.kind} chat cannot be opened from an address."
        )

    # -- the public surface -------------------------------------------------------------
    @property
    @abstractmethod
    def display_name(self) -> str:
        """Where this connector reads from, with no secret in it."""

    @property
    def status(self) -> ChatStatus:
        return self._status

    def on_status(self, listener: StatusListener) -> None:
        """``listener`` is called (on the worker thread) at every state change or error."""
        self._listeners.add(listener)

    def start(self, feed: ChatFeed) -> None:
        if self._worker.started:
            raise RuntimeError(f"{self.display_name} is already started")
        self._feed = feed  # before the worker, which reads it at once
        self._worker.start(self.display_name)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the worker to end and wait up to ``timeout_s`` for it."""
        self._worker.stop(timeout_s, wake=self._wake)

    @property
    def running(self) -> bool:
        return self._worker.running

    @property
    def can_send_now(self) -> bool:
        """Whether :meth:`send` could work now (a kind that sends, with an account, joined)."""
        return type(self).can_send

    def send(self, text: str) -> bool:
        """Queue a reply; False where this connector cannot send (or is not connected)."""
        return False

    # -- for subclasses -----------------------------------------------------------------
    @abstractmethod
    def _run(self) -> None:
        """The worker: connect, read, deliver, reconnect, until ``self._stop`` is set."""

    def _wake(self) -> None:
        """Interrupt a blocking wait of the worker (stop, or something to send)."""

    def _deliver(self, message: ChatMessage) -> None:
        assert self._feed is not None
        self.messages_received += 1
        self._feed.add(message)

    def _set_status(
        self,
        state: ChatState,
        reason: ChatErrorReason = ChatErrorReason.NONE,
        message: str = "",
        retry_in_s: float = 0.0,
    ) -> None:
        self._status = ChatStatus(self.display_name, state, reason, message, retry_in_s)
        if message:
            log.info("%s: %s (%s)", self.display_name, message, state.value)
        self._listeners.notify(self._status)

    def _run_guarded(self) -> None:
        try:
            self._run()
        except Exception as error:  # a bug must not vanish with the thread
            log.exception("%s: worker failed", self.display_name)
            self._set_status(
                ChatState.FAILED,
                ChatErrorReason.CONNECT_FAILED,
                f"Chat stopped after an internal error ({type(error).__name__}).",
            )
            return
        if self._status.state not in (ChatState.ENDED, ChatState.FAILED):
            self._set_status(ChatState.ENDED)
