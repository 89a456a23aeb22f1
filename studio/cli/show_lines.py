"""What the command line prints of a show: its claims with their outcomes, and the changes of
its chats' connections.

Both `studio stream --show` and `studio chat listen` drive a :class:`~studio.show.show.Show`
and print from its events; the words and the JSON fields are kept here so the two say the
same thing the same way.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from studio.chat.connector import ChatErrorReason, ChatState
from studio.chat.status_board import ChatStatusBoard
from studio.show.comment_to_buy import ClaimRecord

# A chat in one of these states will not deliver another message by itself.
OVER = (ChatState.ENDED, ChatState.FAILED)


def claim_fields(record: ClaimRecord) -> dict[str, Any]:
    """One claim as a JSON object (``studio chat listen --json``)."""
    message, claim = record.message, record.claim
    return {
        "type": "claim",
        "message_id": message.id,
        "platform": message.platform.value,
        "author": message.author.display_name,
        "author_id": message.author.id,
        "code": claim.code,
        "quantity": claim.quantity,
        "variant_options": list(claim.variant_options),
        "raw": claim.raw,
        "outcome": record.outcome.value,
    }


def claim_text(record: ClaimRecord) -> str:
    """``claim: 12 ×2 blue by ann — waitlisted`` with the reason when there is one."""
    claim = record.claim
    options = "".join(f" {option}" for option in claim.variant_options)
    why = f" ({record.error})" if record.error else ""
    return (
        f"claim: {claim.code} ×{claim.quantity}{options} by {record.buyer} — "
        f"{record.outcome.value}{why}"
    )


@dataclass(frozen=True, slots=True)
class ChatLine:
    """A chat's new state, or a chat that could not start (state ``failed``)."""

    name: str
    state: ChatState
    reason: ChatErrorReason
    message: str

    def fields(self) -> dict[str, Any]:
        return {
            "type": "status",
            "connector": self.name,
            "state": self.state.value,
            "reason": self.reason.value,
            "message": self.message,
        }

    def text(self) -> str:
        return f"{self.name}: {self.state.value}" + (f" {self.message}" if self.message else "")


class ChatChanges:
    """What changed on a :class:`ChatStatusBoard` since the last look: the board keeps only
    the newest state of each chat, the command line prints each change once (whichever chat's
    thread asks)."""

    def __init__(self, board: ChatStatusBoard) -> None:
        self.board = board
        self._seen: dict[str, ChatLine] = {}
        self._lock = threading.Lock()

    def new_lines(self) -> list[ChatLine]:
        lines = [
            ChatLine(name, ChatState.FAILED, ChatErrorReason.INVALID_SETTINGS, sentence)
            for name, sentence in self.board.problems()
        ]
        lines += [
            ChatLine(status.name, status.state, status.reason, status.message)
            for status in self.board.statuses()
        ]
        with self._lock:
            fresh = [line for line in lines if self._seen.get(line.name) != line]
            self._seen.update((line.name, line) for line in fresh)
        return fresh


def chats_over(board: ChatStatusBoard) -> bool:
    """Every chat asked for has ended, failed or could not start (False while none is known)."""
    statuses = board.statuses()
    if not statuses:
        return bool(board.problems())
    return all(status.state in OVER for status in statuses)


def chats_failed(board: ChatStatusBoard) -> bool:
    """A chat failed or could not start."""
    return bool(board.problems()) or any(s.state is ChatState.FAILED for s in board.statuses())
