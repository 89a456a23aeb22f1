"""Blocked words: matching messages stay visible to the host but never reach an overlay."""

from __future__ import annotations

import re
from collections.abc import Iterable

from studio.chat.message import ChatMessage, MessageFlag


class BlockedWords:
    """Case-insensitive whole-word matching; ``*`` matches any letters, ``?`` exactly one.

    ``"scam"`` matches "SCAM!" but not "scampi"; ``"scam*"`` matches both; a phrase such as
    ``"free money"`` matches with any spacing between its words.
    """

    def __init__(self, patterns: Iterable[str] = ()) -> None:
        self._patterns = tuple(p.strip() for p in patterns if p.strip())
        self._regex = self._compile(self._patterns)

    @property
    def patterns(self) -> tuple[str, ...]:
        return self._patterns

    @staticmethod
    def _compile(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
        if not patterns:
            return None
        parts = []
        for pattern in patterns:
            words = []
            for word in pattern.split():
                body = "".join(
                    r"\w*" if ch == "*" else r"\w" if ch == "?" else re.escape(ch) for ch in word
                )
                words.append(body)
            parts.append(r"\s+".join(words))
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)

    def matches(self, text: str) -> bool:
        return self._regex is not None and self._regex.search(text) is not None

    def apply(self, message: ChatMessage) -> ChatMessage:
        """The message flagged BLOCKED and hidden from the stream if it (or its author) matches."""
        if self.matches(message.text) or self.matches(message.author.display_name):
            return message.with_flags(MessageFlag.BLOCKED, visible_on_stream=False)
        return message
