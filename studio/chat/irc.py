"""Generic IRC chat (any server and channel, plain or TLS) and Twitch chat, which is IRC too.

One worker thread per connector: it connects, registers, joins, answers PING, delivers every
channel message to the feed, and after the server goes away reconnects with a growing back-off
(1 s, 2 s, 4 s … 30 s) and joins again. Replies are queued and written by the worker, so
``send`` never blocks the caller.
"""

from __future__ import annotations

import logging
import queue
import random
import selectors
import socket
import ssl
import time
import uuid
from dataclasses import dataclass
from typing import Self

from studio.chat.address import ChatAddress
from studio.chat.address import IrcEndpoint as IrcEndpoint  # still importable from here
from studio.chat.address import parse_irc_url as parse_irc_url
from studio.chat.connector import (
    Backoff,
    ChatConnector,
    ChatError,
    ChatErrorReason,
    ChatState,
)
from studio.chat.irc_protocol import IrcLine, message_from_privmsg, parse_line
from studio.chat.message import ChatAuthor, Platform, make_message
from studio.chat.registry import DEFAULT_NICK, register_connector
from studio.chat.secrets import mask

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 16 * 1024  # Twitch allows 8 kB with tags; longer "lines" are dropped
MAX_QUEUED_REPLIES = 50


@dataclass(frozen=True, slots=True)
class IrcSettings:
    url: str  # irc[s]://host:port/#channel
    nick: str = DEFAULT_NICK
    server_password: str | None = None
    ca_file: str | None = None  # a private CA (tests, self-hosted servers)
    verify_tls: bool = True
    connect_timeout_s: float = 10.0
    ping_interval_s: float = 60.0  # quiet for this long: ask the server whether it is there
    ping_timeout_s: float = 30.0
    initial_backoff_s: float = 1.0
    max_backoff_s: float = 30.0


class Disconnected(Exception):
    """The connection ended; the worker reconnects."""


@register_connector
class IrcConnector(ChatConnector):
    kind = "irc"
    platform = Platform.IRC
    can_send = True
    Settings = IrcSettings

    def __init__(self, settings: IrcSettings) -> None:
        self.settings = settings
        self.endpoint = parse_irc_url(settings.url)
        self.nick = settings.nick
        self._outbox: queue.Queue[str] = queue.Queue(MAX_QUEUED_REPLIES)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._joined = False
        self.reconnects = 0
        super().__init__()

    @classmethod
    def for_address(
        cls,
        address: ChatAddress,
        *,
        nick: str,
        token: str | None,
        api_base_url: str | None,
    ) -> Self:
        """Joins ``address`` as ``nick``; a plain IRC chat takes no token and no API."""
        return cls(IrcSettings(url=address.target, nick=nick))

    @property
    def display_name(self) -> str:
        return self.endpoint.url

    def _secrets(self) -> list[str | None]:
        return [self.settings.server_password]

    # -- sending ---------------------------------------------------------------------------
    @property
    def can_send_now(self) -> bool:
        return type(self).can_send and self._joined

    def send(self, text: str) -> bool:
        text = " ".join(text.replace("\r", " ").replace("\n", " ").split())
        if not text or not self._joined or not type(self).can_send:
            return False
        try:
            self._outbox.put_nowait(text)
        except queue.Full:
            return False
        self._wake()
        return True

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass  # already full: the worker is awake anyway

    # -- the worker ------------------------------------------------------------------------
    def _run(self) -> None:
        backoff = Backoff(self.settings.initial_backoff_s, 2.0, self.settings.max_backoff_s)
        first = True
        while not self._stop.is_set():
            self._set_status(ChatState.CONNECTING if first else ChatState.RECONNECTING)
            if not first:
                self.reconnects += 1
            first = False
            try:
                sock = self._connect()
            except OSError as error:
                problem = ChatError(
                    ChatErrorReason.CONNECT_FAILED,
                    mask(f"Could not connect to {self.display_name}: {error}.", self._secrets()),
                )
            else:
                try:
                    self._session(sock, backoff)
                    problem = ChatError(ChatErrorReason.DISCONNECTED, "")
                except Disconnected as reason:
                    problem = ChatError(
                        ChatErrorReason.DISCONNECTED,
                        mask(f"{self.display_name}: {reason}.", self._secrets()),
                    )
                except ChatError as error:
                    if error.reason in (
                        ChatErrorReason.AUTH_FAILED,
                        ChatErrorReason.INVALID_SETTINGS,
                    ):
                        self._set_status(ChatState.FAILED, error.reason, error.message)
                        return
                    problem = error
                except OSError as error:
                    problem = ChatError(
                        ChatErrorReason.DISCONNECTED,
                        mask(f"{self.display_name}: connection lost ({error}).", self._secrets()),
                    )
                finally:
                    self._joined = False
                    sock.close()
            if self._stop.is_set():
                break
            delay_s = backoff.next_delay_s()
            self._set_status(
                ChatState.RECONNECTING,
                problem.reason,
                problem.message or f"{self.display_name}: the server closed the connection.",
                retry_in_s=delay_s,
            )
            self._stop.wait(delay_s)
        self._set_status(ChatState.ENDED)

    def _connect(self) -> socket.socket:
        ep = self.endpoint
        sock = socket.create_connection((ep.host, ep.port), timeout=self.settings.connect_timeout_s)
        if ep.tls:
            context = ssl.create_default_context(cafile=self.settings.ca_file)
            if not self.settings.verify_tls:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            try:
                sock = context.wrap_socket(sock, server_hostname=ep.host)
            except (OSError, ssl.SSLError):
                sock.close()
                raise
        sock.settimeout(self.settings.connect_timeout_s)  # for writes; reads wait in select
        return sock

    def _register(self, sock: socket.socket) -> None:
        if self.settings.server_password:
            self._write(sock, f"PASS {self.settings.server_password}")
        self._write(sock, f"NICK {self.nick}")
        self._write(sock, f"USER {self.nick} 0 * :LiveShop Studio")

    def _write(self, sock: socket.socket, line: str) -> None:
        log.debug("%s >> %s", self.display_name, mask(line, self._secrets()))
        sock.sendall(line.encode("utf-8", "replace")[:510] + b"\r\n")

    def _session(self, sock: socket.socket, backoff: Backoff) -> None:
        session_id = uuid.uuid4().hex[:12]
        seq = 0
        nick_tries = 0
        self._register(sock)
        buffer = b""
        skipping_long_line = False
        last_rx = time.monotonic()
        ping_sent_at: float | None = None
        with selectors.DefaultSelector() as selector:
            selector.register(sock, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._stop.is_set():
                pending = isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
                events = [] if pending else selector.select(timeout=1.0)
                readable = pending or any(key.fileobj is sock for key, _ in events)
                if any(key.fileobj is self._wake_r for key, _ in events):
                    self._drain_wake()
                self._flush_outbox(sock, session_id)
                now = time.monotonic()
                if not readable:
                    quiet_s = now - last_rx
                    if (
                        ping_sent_at is not None
                        and now - ping_sent_at > self.settings.ping_timeout_s
                    ):
                        raise Disconnected("the server stopped answering")
                    if ping_sent_at is None and quiet_s > self.settings.ping_interval_s:
                        self._write(sock, f"PING :{self.endpoint.host}")
                        ping_sent_at = now
                    continue
                try:
                    data = sock.recv(65536)
                except (TimeoutError, ssl.SSLWantReadError):
                    continue
                if not data:
                    # Lines that arrived complete before the close were handled already.
                    raise Disconnected("the server closed the connection")
                last_rx, ping_sent_at = now, None
                buffer += data
                *lines, buffer = buffer.split(b"\n")
                if len(buffer) > MAX_LINE_BYTES:
                    buffer, skipping_long_line = b"", True
                for raw in lines:
                    if skipping_long_line:
                        skipping_long_line = False
                        continue
                    if len(raw) > MAX_LINE_BYTES:
                        continue
                    line = parse_line(raw.decode("utf-8", "replace"))
                    if line is None:
                        continue
                    seq += 1
                    nick_tries = self._handle(
                        sock, line, f"{session_id}-{seq}", nick_tries, backoff
                    )

    def _drain_wake(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except OSError:
            pass

    def _flush_outbox(self, sock: socket.socket, session_id: str) -> None:
        while self._joined:
            try:
                text = self._outbox.get_nowait()
            except queue.Empty:
                return
            self._write(sock, f"PRIVMSG {self.endpoint.channel} :{text}")
            # The server does not echo our own lines; the host still wants them in the feed.
            self._deliver(
                make_message(
                    id=f"{session_id}-out-{uuid.uuid4().hex[:8]}",
                    platform=self.platform,
                    channel=self.endpoint.channel,
                    author=ChatAuthor(self.nick, self.nick, is_owner=True),
                    text=text,
                )
            )

    def _handle(
        self,
        sock: socket.socket,
        line: IrcLine,
        fallback_id: str,
        nick_tries: int,
        backoff: Backoff,
    ) -> int:
        command = line.command
        if command == "PING":
            self._write(sock, f"PONG :{line.params[-1] if line.params else self.endpoint.host}")
        elif command == "PRIVMSG":
            message = message_from_privmsg(line, self.platform, fallback_id)
            if message is not None and message.channel.lower() == self.endpoint.channel.lower():
                self._deliver(message)
        elif command == "001":
            self.nick = line.params[0] if line.params else self.nick
            self._write(sock, f"JOIN {self.endpoint.channel}")
        elif command == "JOIN" and line.nick.lower() == self.nick.lower():
            self._joined = True
            backoff.reset()
            self._set_status(ChatState.CONNECTED, message=f"joined {self.endpoint.channel}")
        elif command in ("432", "433", "436", "437") and not self._joined:
            nick_tries += 1
            if nick_tries > 10:
                raise ChatError(
                    ChatErrorReason.INVALID_SETTINGS, f"No usable nickname for {self.display_name}."
                )
            base = self.settings.nick[:12]
            self.nick = f"{base}_" if nick_tries == 1 else f"{base}{random.randint(10, 9999)}"
            self._write(sock, f"NICK {self.nick}")
        elif command == "464":
            raise ChatError(
                ChatErrorReason.AUTH_FAILED, f"{self.display_name} refused the server password."
            )
        elif command in ("471", "473", "474", "475", "403"):
            raise ChatError(
                ChatErrorReason.CONNECT_FAILED,
                f"Could not join {self.endpoint.channel}: {line.params[-1] if line.params else ''}",
            )
        elif command == "ERROR":
            reason = line.params[-1] if line.params else "the server sent ERROR"
            if not self._joined and any(w in reason.lower() for w in ("password", "access denied")):
                raise ChatError(
                    ChatErrorReason.AUTH_FAILED, f"{self.display_name} refused the login: {reason}"
                )
            raise Disconnected(reason)
        else:
            self._handle_other(line)
        return nick_tries

    def _handle_other(self, line: IrcLine) -> None:
        """Platform-specific commands (Twitch NOTICE, RECONNECT)."""
