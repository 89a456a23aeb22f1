"""Twitch chat: IRC over TLS with Twitch's tags (display names, badges, message ids).

``PASS oauth:<token>`` goes before ``NICK``; then ``CAP REQ :twitch.tv/tags twitch.tv/commands``
and ``JOIN``. Without a token the connector logs in anonymously (read-only, ``justinfan…``).
The token comes with the settings (the show reads it from the keyring); none: anonymous.
"""

from __future__ import annotations

import random
import socket
from dataclasses import dataclass
from typing import Self

from studio.chat.address import ChatAddress
from studio.chat.connector import ChatError, ChatErrorReason
from studio.chat.irc import Disconnected, IrcConnector, IrcSettings
from studio.chat.irc_protocol import IrcLine
from studio.chat.message import Platform
from studio.chat.registry import register_connector

TWITCH_HOST = "irc.chat.twitch.tv"
TWITCH_TLS_PORT = 6697
_AUTH_FAILURES = ("login authentication failed", "improperly formatted auth", "invalid nick")


@dataclass(frozen=True, slots=True)
class TwitchSettings:
    channel: str  # the broadcaster's login, with or without "#"
    login: str = ""  # the account that reads/sends; empty: anonymous, read-only
    token: str | None = None  # None: from the keyring; "oauth:" prefix optional
    host: str = TWITCH_HOST
    port: int = TWITCH_TLS_PORT
    tls: bool = True
    ca_file: str | None = None
    initial_backoff_s: float = 1.0
    max_backoff_s: float = 30.0


@register_connector
class TwitchConnector(IrcConnector):
    kind = "twitch"
    platform = Platform.TWITCH
    Settings = TwitchSettings  # type: ignore[assignment]

    def __init__(self, settings: TwitchSettings) -> None:
        self.twitch = settings
        token = settings.token
        self._token = token.removeprefix("oauth:") if token else None
        if self._token and not settings.login:
            raise ChatError(ChatErrorReason.INVALID_SETTINGS, "A Twitch token needs its login.")
        login = settings.login.lower() if self._token else f"justinfan{random.randint(1000, 99999)}"
        channel = "#" + settings.channel.lstrip("#").lower()
        scheme = "ircs" if settings.tls else "irc"
        super().__init__(
            IrcSettings(
                url=f"{scheme}://{settings.host}:{settings.port}/{channel.replace('#', '%23')}",
                nick=login,
                ca_file=settings.ca_file,
                initial_backoff_s=settings.initial_backoff_s,
                max_backoff_s=settings.max_backoff_s,
            )
        )

    @classmethod
    def for_address(
        cls,
        address: ChatAddress,
        *,
        nick: str,
        token: str | None,
        api_base_url: str | None,
    ) -> Self:
        """Reads the channel ``address`` names, as ``nick`` with ``token`` (both needed to
        answer) or, with no token, anonymously and read-only; never from the keyring."""
        return cls(TwitchSettings(channel=address.target, login=nick, token=token or ""))

    @property
    def display_name(self) -> str:
        return f"twitch:{self.endpoint.channel}"

    @property
    def can_send_now(self) -> bool:
        return self._token is not None and super().can_send_now  # anonymous logins only read

    def send(self, text: str) -> bool:
        return self._token is not None and super().send(text)

    def _secrets(self) -> list[str | None]:
        return [self._token]

    def _register(self, sock: socket.socket) -> None:
        if self._token:
            self._write(sock, f"PASS oauth:{self._token}")  # before NICK, as Twitch requires
        self._write(sock, f"NICK {self.nick}")
        # Twitch ignores USER; plain IRC servers (the tests' ngircd) need it to register.
        self._write(sock, f"USER {self.nick} 0 * :LiveShop Studio")
        self._write(sock, "CAP REQ :twitch.tv/tags twitch.tv/commands")

    def _handle_other(self, line: IrcLine) -> None:
        if line.command == "NOTICE" and not self._joined:
            text = (line.params[-1] if line.params else "").lower()
            if any(failure in text for failure in _AUTH_FAILURES):
                raise ChatError(
                    ChatErrorReason.AUTH_FAILED,
                    "Twitch refused the login: check the account name and reconnect the account.",
                )
        elif line.command == "RECONNECT":  # Twitch is restarting this server: go elsewhere
            raise Disconnected("Twitch asked us to reconnect")
