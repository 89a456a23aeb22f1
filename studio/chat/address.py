"""Where a chat is, as one line of text: ``irc://host:port/#channel``, ``ircs://…``,
``twitch:CHANNEL`` or ``youtube:LIVE_CHAT_ID``.

The command line names chats this way (``--chat``), and Settings → Chat's fields become the same
values, so both start connectors through one path (:func:`studio.chat.registry.connector_for`).
Parsing is plain text work: no network module, no keyring, nothing that blocks — which is also
why :func:`parse_irc_url` lives here rather than beside the IRC connector (the settings check
URLs with it without loading ssl and sockets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from studio.chat.connector import ChatError, ChatErrorReason

IRC_PORT, IRCS_PORT = 6667, 6697
TWITCH_LOGIN = re.compile(r"[a-z0-9_]{3,25}")  # Twitch's rule for account (and channel) names
YOUTUBE_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_LIVE_CHAT_ID = re.compile(r"[A-Za-z0-9_-]{12,200}")
ADDRESS_FORMS = (
    "irc://host:port/#channel, ircs://host:port/#channel, twitch:CHANNEL or youtube:LIVE_CHAT_ID"
)


@dataclass(frozen=True, slots=True)
class IrcEndpoint:
    host: str
    port: int
    tls: bool
    channel: str

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 literal
        return f"{'ircs' if self.tls else 'irc'}://{host}:{self.port}/{self.channel}"


def parse_irc_url(url: str) -> IrcEndpoint:
    """``irc://host[:port]/#channel`` or ``ircs://…`` (the channel may also be ``%23channel``)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ChatError(
            ChatErrorReason.INVALID_SETTINGS,
            f"Not an IRC URL: {error}; use irc://host:6667/#channel or ircs://host:6697/#channel.",
        ) from None
    if parts.scheme not in ("irc", "ircs") or not parts.hostname:
        raise ChatError(
            ChatErrorReason.INVALID_SETTINGS,
            "An IRC chat URL looks like irc://host:6667/#channel or ircs://host:6697/#channel.",
        )
    channel = ("#" + parts.fragment) if parts.fragment else unquote(parts.path.lstrip("/"))
    if not channel.startswith(("#", "&")):
        channel = "#" + channel
    if len(channel) < 2 or any(ch in channel for ch in " ,\x07"):
        raise ChatError(
            ChatErrorReason.INVALID_SETTINGS,
            f"No usable channel in {url!r}: an IRC chat URL ends with /#channel.",
        )
    tls = parts.scheme == "ircs"
    return IrcEndpoint(parts.hostname, port or (IRCS_PORT if tls else IRC_PORT), tls, channel)


@dataclass(frozen=True, slots=True)
class ChatAddress:
    """One chat to read: its kind (a key of ``CHAT_KINDS``) and what names it there.

    ``target`` is cleaned so that two spellings of one chat are equal: for ``irc`` the URL with
    its port (``ircs://`` stays ``ircs``: the same kind over TLS), for ``twitch`` the channel's
    login in lower case without ``#``, for ``youtube`` a live chat id or an 11-character video
    id (the connector then finds the video's live chat)."""

    kind: str
    target: str

    def __str__(self) -> str:
        return self.target if self.kind == "irc" else f"{self.kind}:{self.target}"


def parse_chat_address(text: str) -> ChatAddress:
    """The chat that ``text`` names; a ChatError (INVALID_SETTINGS) saying what form is
    expected when it names none."""
    cleaned = text.strip()
    scheme, colon, rest = cleaned.partition(":")
    scheme = scheme.lower()
    if not colon:
        raise _not_an_address(text, f"use {ADDRESS_FORMS}")
    if scheme in ("irc", "ircs"):
        return _irc_address(text, cleaned)
    if scheme == "twitch":
        channel = rest.strip().lstrip("#").lower()
        if not TWITCH_LOGIN.fullmatch(channel):
            raise _not_an_address(
                text,
                "twitch: is followed by the channel's login, 3 to 25 letters, digits or "
                "underscores (twitch:mychannel)",
            )
        return ChatAddress("twitch", channel)
    if scheme == "youtube":
        chat = rest.strip()
        if not (YOUTUBE_VIDEO_ID.fullmatch(chat) or YOUTUBE_LIVE_CHAT_ID.fullmatch(chat)):
            raise _not_an_address(
                text,
                "youtube: is followed by the live chat id (12 to 200 letters, digits, - or _) "
                "or the stream's 11-character video id",
            )
        return ChatAddress("youtube", chat)
    raise _not_an_address(text, f"use {ADDRESS_FORMS}")


def _irc_address(text: str, cleaned: str) -> ChatAddress:
    try:
        endpoint = parse_irc_url(cleaned)
    except ChatError as error:  # its sentence says what is wrong with the URL and the form
        why = error.message[:1].lower() + error.message[1:]
        raise _not_an_address(text, why.removesuffix(".")) from None
    return ChatAddress("irc", endpoint.url)


def _not_an_address(text: str, why: str) -> ChatError:
    return ChatError(ChatErrorReason.INVALID_SETTINGS, f"{text!r} is not a chat address: {why}.")
