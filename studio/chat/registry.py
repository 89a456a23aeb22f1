"""Chat kinds by name, and the one way to build a connector for a :class:`ChatAddress`.

Each connector class registers itself under its ``kind`` when its module loads. The network
kinds (and what they pull in: ssl, requests) load only when a chat of theirs is first asked
for, so a studio with no platform chat never imports them.
"""

from __future__ import annotations

import importlib
from typing import TypeVar

from studio.chat.address import ChatAddress
from studio.chat.connector import ChatConnector, ChatError, ChatErrorReason

DEFAULT_NICK = "liveshop"
CHAT_KINDS: dict[str, type[ChatConnector]] = {}
# Where each kind is defined, to load it on first use (local is loaded with studio.chat).
_KIND_MODULES = {
    "irc": "studio.chat.irc",
    "twitch": "studio.chat.twitch",
    "youtube": "studio.chat.youtube",
    "local": "studio.chat.local",
}
KindT = TypeVar("KindT", bound=type[ChatConnector])


def register_connector(cls: KindT) -> KindT:
    """Class decorator: ``cls`` becomes the connector of chats of kind ``cls.kind``."""
    CHAT_KINDS[cls.kind] = cls
    return cls


def chat_kinds() -> dict[str, type[ChatConnector]]:
    """Every kind, each module loaded (for a list of what the studio can read)."""
    for module in _KIND_MODULES.values():
        importlib.import_module(module)
    return CHAT_KINDS


def chat_kind(kind: str) -> type[ChatConnector]:
    """The connector class of ``kind``, loading its module on first use."""
    if kind not in CHAT_KINDS and kind in _KIND_MODULES:
        importlib.import_module(_KIND_MODULES[kind])
    try:
        return CHAT_KINDS[kind]
    except KeyError:
        known = ", ".join(sorted(_KIND_MODULES))
        raise ChatError(
            ChatErrorReason.INVALID_SETTINGS, f"No chat kind {kind!r}: the kinds are {known}."
        ) from None


def connector_for(
    address: ChatAddress,
    *,
    nick: str = DEFAULT_NICK,
    token: str | None = None,
    api_base_url: str | None = None,
) -> ChatConnector:
    """A new (not started) connector for the chat at ``address``; each kind reads the options
    it needs (see its ``for_address``). A ChatError when the options cannot work."""
    return chat_kind(address.kind).for_address(
        address, nick=nick, token=token, api_base_url=api_base_url
    )
