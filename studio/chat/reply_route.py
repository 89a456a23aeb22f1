"""Where a reply to a comment goes: the connector of the comment's platform (and channel)
that can send."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from studio.chat.connector import ChatConnector
from studio.chat.message import ChatMessage

ReplyFunction = Callable[[ChatMessage, str], bool]


def reply_via(connectors: Iterable[ChatConnector]) -> ReplyFunction:
    """A reply function that answers on the connector of the comment's platform (and channel,
    where the connector has one) that can send."""
    candidates = [c for c in connectors if type(c).can_send]

    def reply(message: ChatMessage, text: str) -> bool:
        connector = sender_for(candidates, message)
        return connector is not None and connector.send(text)

    return reply


def sender_for(connectors: Iterable[ChatConnector], message: ChatMessage) -> ChatConnector | None:
    """The first connector of a kind that sends on the message's platform and channel."""
    for connector in connectors:
        if not type(connector).can_send or connector.platform != message.platform:
            continue
        channel = _channel_of(connector)
        if channel is not None and channel.casefold() != message.channel.casefold():
            continue
        return connector
    return None


def _channel_of(connector: ChatConnector) -> str | None:
    endpoint = getattr(connector, "endpoint", None)
    if endpoint is not None:
        return str(endpoint.channel)
    settings = getattr(connector, "settings", None)
    channel = getattr(settings, "channel", None)
    return channel if isinstance(channel, str) else None
