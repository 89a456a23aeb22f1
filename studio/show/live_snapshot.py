"""What a live show needs to come back after a crash: a small, versioned snapshot on disk.

While a show is live, :class:`~studio.show.live_keeper.LiveSnapshotKeeper` writes a
:class:`LiveSnapshot` each time what the stream shows changes: the ledger show on air, the
featured product, the pinned comment, the running flash deal and the goal. The next start
after a crash reads it back (:func:`read_snapshot`) and :meth:`Show.restore
<studio.show.show.Show.restore>` puts that state back, so Go Live continues the same ledger show.

A flash deal's end is kept as a wall-clock instant (UTC), never as a time on the show clock:
that clock starts again with the process, while a deal announced to buyers ends at a real
moment — it resumes with the time really left, or is over if it ran out while the studio was
down.

The file is written atomically (a crash mid-write leaves the previous snapshot), and a file
that is cut off, not JSON, from another program or from a newer version of the studio is
refused with a sentence saying so (:class:`LiveSnapshotError`); :func:`read_snapshot` logs it
and carries on without it.
"""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from studio.atomic_file import write_atomic
from studio.chat.message import ChatAuthor, ChatMessage, MessageFlag, Platform
from studio.shop.live import FlashDeal, Goal
from studio.shop.money import Money

log = logging.getLogger(__name__)

SNAPSHOT_FORMAT: Final = "liveshop-live-show"  # tells our snapshot from any other JSON
SNAPSHOT_VERSION: Final = 1
SET_ASIDE_SUFFIX = "-not-restored"


class LiveSnapshotError(ValueError):
    """The snapshot cannot be used: the message names the file and what is wrong."""


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PinnedComment(_Part):
    """The comment pinned on stream, as the chat overlays drew it."""

    platform: Platform
    id: str
    channel: str
    author_name: str
    author_id: str
    text: str
    time: AwareDatetime
    flags: tuple[MessageFlag, ...] = ()

    @classmethod
    def of(cls, message: ChatMessage) -> PinnedComment:
        return cls(
            platform=message.platform,
            id=message.id,
            channel=message.channel,
            author_name=message.author.display_name,
            author_id=message.author.id,
            text=message.text,
            time=message.time,
            flags=tuple(sorted(message.flags)),
        )

    def message(self) -> ChatMessage:
        return ChatMessage(
            id=self.id,
            platform=self.platform,
            channel=self.channel,
            author=ChatAuthor(self.author_name, self.author_id),
            text=self.text,
            time=self.time,
            flags=frozenset(self.flags),
        )


class RunningDeal(_Part):
    """A flash deal that ends at ``ends_at``, a real moment (UTC), whatever the show clock."""

    product_id: str
    price: Money
    ends_at: AwareDatetime

    @classmethod
    def of(cls, deal: FlashDeal, clock_now_ns: int, wall_now: datetime) -> RunningDeal:
        """``deal`` on the show clock, read at ``clock_now_ns`` = ``wall_now``."""
        left = timedelta(microseconds=(deal.ends_at_ns - clock_now_ns) // 1000)
        return cls(product_id=deal.product_id, price=deal.price, ends_at=wall_now + left)

    def seconds_left(self, now: datetime) -> float:
        """Seconds until the deal ends (zero or less: it ended)."""
        return (self.ends_at - now).total_seconds()


class ShowGoal(_Part):
    measure: Literal["units", "revenue"]
    target_units: int = 0
    target_revenue: Money | None = None

    @classmethod
    def of(cls, goal: Goal) -> ShowGoal:
        return cls(
            measure=goal.measure,
            target_units=goal.target_units,
            target_revenue=goal.target_revenue,
        )

    def goal(self) -> Goal:
        return Goal(self.measure, self.target_units, self.target_revenue)


class LiveSnapshot(_Part):
    """The live state of one show: which ledger show is on air and what the stream shows."""

    format: Literal["liveshop-live-show"] = SNAPSHOT_FORMAT
    version: Literal[1] = SNAPSHOT_VERSION
    show_id: int = Field(ge=1)
    show_name: str
    live_since: AwareDatetime  # when the ledger show first went live
    saved_at: AwareDatetime
    featured_product_id: str | None = None
    segment_index: int | None = Field(default=None, ge=0)  # the run of show's segment
    pinned_comment: PinnedComment | None = None
    flash_deal: RunningDeal | None = None
    goal: ShowGoal | None = None

    def same_state(self, other: LiveSnapshot | None) -> bool:
        """The same show state, whenever each was saved (no need to write it again)."""
        if other is None:
            return False
        return self.model_copy(update={"saved_at": other.saved_at}) == other


def write_snapshot(path: Path, snapshot: LiveSnapshot) -> None:
    """Replace the snapshot at ``path`` in one step (the old one stays if this fails)."""
    content = snapshot.model_dump_json(indent=2).encode("utf-8")
    write_atomic(path, content, keep_backup=False)


def load_snapshot(path: Path) -> LiveSnapshot:
    """The snapshot at ``path``; raises :class:`LiveSnapshotError` (FileNotFoundError when
    there is none)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise LiveSnapshotError(
            f"The live show snapshot {path} cannot be read: {error.strerror or error}."
        ) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise LiveSnapshotError(
            f"The live show snapshot {path} is damaged (cut off or not JSON): it is ignored."
        ) from None
    _check_kind(path, data)
    try:
        return LiveSnapshot.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'the file'}: {problem['msg']}"
            for problem in error.errors()[:3]
        )
        raise LiveSnapshotError(
            f"The live show snapshot {path} is damaged ({problems}): it is ignored."
        ) from None


def _check_kind(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise LiveSnapshotError(
            f"{path} is not a LiveShop Studio live show snapshot: it is ignored."
        )
    version = data.get("version")
    if isinstance(version, int) and version > SNAPSHOT_VERSION:
        raise LiveSnapshotError(
            f"The live show snapshot {path} was written by a newer LiveShop Studio "
            f"(format {version}; this one reads {SNAPSHOT_VERSION}): update the studio to "
            "restore that show."
        )


def read_snapshot(path: Path) -> LiveSnapshot | None:
    """The snapshot at ``path``, or None when there is none or it cannot be used (logged)."""
    try:
        return load_snapshot(path)
    except FileNotFoundError:
        return None
    except LiveSnapshotError as error:
        log.warning("%s", error)
        return None


def remove_snapshot(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def set_snapshot_aside(path: Path) -> Path | None:
    """Keep a snapshot the host chose not to restore beside, under another name (never
    offered again); the new path, or None when there was none."""
    aside = path.with_name(f"{path.stem}{SET_ASIDE_SUFFIX}{path.suffix}")
    try:
        path.replace(aside)
    except FileNotFoundError:
        return None
    return aside
