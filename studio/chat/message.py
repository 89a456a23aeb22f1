"""One chat message, whatever platform it came from, cleaned so overlays can show it safely."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

MAX_TEXT_CHARS = 2000  # longer comments are cut (and flagged): no overlay shows more


class Platform(StrEnum):
    TWITCH = "twitch"
    YOUTUBE = "youtube"
    IRC = "irc"
    LOCAL = "local"


class MessageFlag(StrEnum):
    QUESTION = "question"
    BLOCKED = "blocked"  # matched the blocked-words list: never on stream
    TRUNCATED = "truncated"
    ACTION = "action"  # IRC/Twitch "/me"
    SUPER_CHAT = "super_chat"


@dataclass(frozen=True, slots=True)
class ChatAuthor:
    display_name: str
    id: str
    badges: tuple[str, ...] = ()
    is_moderator: bool = False
    is_owner: bool = False


@dataclass(frozen=True, slots=True)
class ChatMessage:
    id: str
    platform: Platform
    channel: str
    author: ChatAuthor
    text: str
    time: datetime  # UTC
    flags: frozenset[MessageFlag] = frozenset()
    raw_tags: dict[str, str] = field(default_factory=dict)
    visible_on_stream: bool = True

    @property
    def key(self) -> tuple[Platform, str]:
        """What the feed deduplicates on."""
        return (self.platform, self.id)

    @property
    def is_question(self) -> bool:
        return MessageFlag.QUESTION in self.flags

    def with_flags(self, *flags: MessageFlag, visible_on_stream: bool | None = None) -> ChatMessage:
        visible = self.visible_on_stream if visible_on_stream is None else visible_on_stream
        return replace(self, flags=self.flags | frozenset(flags), visible_on_stream=visible)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "message",
            "id": self.id,
            "platform": self.platform.value,
            "channel": self.channel,
            "author": {
                "display_name": self.author.display_name,
                "id": self.author.id,
                "badges": list(self.author.badges),
                "is_moderator": self.author.is_moderator,
                "is_owner": self.author.is_owner,
            },
            "text": self.text,
            "time": self.time.isoformat(),
            "flags": sorted(flag.value for flag in self.flags),
            "visible_on_stream": self.visible_on_stream,
            "raw_tags": dict(self.raw_tags),
        }


# mIRC colours (\x03 with up to two numbers) and the other IRC formatting codes.
_IRC_FORMATTING = re.compile(
    r"\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04[0-9a-fA-F]{0,6}|[\x02\x0f\x11\x16\x1d\x1e\x1f]"
)
# Bidi embeddings/overrides/isolates could flip the rest of an overlay line ("Trojan Source");
# right-to-left text itself needs none of them. LRM/RLM marks are harmless and kept.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_WHITESPACE_RUN = re.compile(r"\s+")


def clean_text(text: str, max_chars: int = MAX_TEXT_CHARS) -> tuple[str, bool]:
    """Strip formatting, C0/C1 controls and bidi overrides; newlines and tabs become spaces.

    Returns the cleaned text and whether it had to be cut to ``max_chars``.
    """
    text = _IRC_FORMATTING.sub("", text)
    text = text.translate(_BIDI_CONTROLS)
    text = "".join(
        " " if ch in "\t\n\r\v\f\x85" else ch
        for ch in text
        if ch in "\t\n\r\v\f\x85" or unicodedata.category(ch) != "Cc"
    )
    text = _WHITESPACE_RUN.sub(" ", text).strip()
    if len(text) > max_chars:
        return text[: max_chars - 1] + "…", True
    return text, False


_QUESTION_START = re.compile(
    r"^(?:how|what|when|where|why|who|whom|which|is|are|am|was|were|can|could|do|does|did|"
    r"will|would|should|shall|may|might|has|have|any|anyone|"
    r"qu[eé]|c[oó]mo|cu[aá]nto|cu[aá]ndo|d[oó]nde|hay|tienes|tiene|est[aá]|"
    r"combien|comment|est-ce|wie|was|wann|wo|gibt|hast|ist)\b",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    """A heuristic: ends with a question mark (any script), or starts with a question word."""
    stripped = text.rstrip(" !.\u200d\ufe0f")
    while stripped and unicodedata.category(stripped[-1]) in ("So", "Sk", "Mn", "Cf"):
        stripped = stripped[:-1].rstrip()  # "is it blue? 😍" still asks
    if stripped.endswith(("?", "？", "؟")) or text.lstrip().startswith("¿"):
        return True
    return bool(_QUESTION_START.match(text.lstrip()))


def make_message(
    *,
    id: str,
    platform: Platform,
    channel: str,
    author: ChatAuthor,
    text: str,
    time: datetime | None = None,
    flags: frozenset[MessageFlag] = frozenset(),
    raw_tags: dict[str, str] | None = None,
) -> ChatMessage:
    """Build a message from untrusted input: cleaned text and names, UTC time, heuristics."""
    cleaned, truncated = clean_text(text)
    name, _ = clean_text(author.display_name, 100)
    author = replace(author, display_name=name or author.id[:100])
    all_flags = set(flags)
    if truncated:
        all_flags.add(MessageFlag.TRUNCATED)
    if looks_like_question(cleaned):
        all_flags.add(MessageFlag.QUESTION)
    when = time or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return ChatMessage(
        id=id,
        platform=platform,
        channel=channel,
        author=author,
        text=cleaned,
        time=when.astimezone(UTC),
        flags=frozenset(all_flags),
        raw_tags=dict(raw_tags or {}),
    )
