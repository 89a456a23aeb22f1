"""A live show's snapshot: kept on disk only while live, read back with clear errors, and put
back on a new show after a crash so the countdown has the time really left and Go Live
continues the same ledger show."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studio.chat import LocalChat
from studio.clock import NS_PER_S, ManualClock
from studio.shop import Catalog, Money, Product
from studio.shop.live import Goal
from studio.show.events import ShowPhase
from studio.show.live_keeper import LiveSnapshotKeeper
from studio.show.live_restore import RestoreError
from studio.show.live_snapshot import (
    LiveSnapshot,
    LiveSnapshotError,
    PinnedComment,
    RunningDeal,
    ShowGoal,
    load_snapshot,
    read_snapshot,
    set_snapshot_aside,
    write_snapshot,
)
from studio.show.show import Show

WENT_LIVE = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


class WallClock:
    """Real time as the test says it is."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    catalog = Catalog.open(folder=tmp_path / "shop")
    catalog.add(Product(id="mug", code="1", title="Mug", price=usd("14.50"), stock=5))
    catalog.add(Product(id="scarf", code="2", title="Scarf", price=usd("30.00"), stock=3))
    yield catalog
    catalog.close()


def a_snapshot(**changes: object) -> LiveSnapshot:
    pinned = PinnedComment(
        platform="local", id="local-1", channel="rehearsal", author_name="Ann",
        author_id="ann", text="Is the scarf warm?", time=WENT_LIVE, flags=("question",),
    )  # fmt: skip
    fields: dict[str, object] = {
        "show_id": 1,
        "show_name": "Friday drop",
        "live_since": WENT_LIVE,
        "saved_at": WENT_LIVE + timedelta(minutes=5),
        "featured_product_id": "scarf",
        "pinned_comment": pinned,
        "flash_deal": RunningDeal(
            product_id="scarf", price=usd("19.99"), ends_at=WENT_LIVE + timedelta(minutes=7)
        ),
        "goal": ShowGoal(measure="units", target_units=20),
    }
    return LiveSnapshot.model_validate(fields | changes)


# -- the file --------------------------------------------------------------------------------


def test_a_snapshot_round_trips_through_its_file(tmp_path: Path) -> None:
    path = tmp_path / "live-show.json"
    snapshot = a_snapshot()
    write_snapshot(path, snapshot)
    assert load_snapshot(path) == snapshot
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("liveshop-live-show", 1)
    assert data["flash_deal"]["ends_at"] == "2026-12-07T18:37:00Z"  # a real instant, in UTC
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temp file left


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"format": "liveshop-live-show", "version": 1, "show_id": 1, "sho', "damaged (cut off"),
        (b"\xff\xfe not text", "damaged (cut off"),
        (b'{"scenes": []}', "is not a LiveShop Studio live show snapshot"),
        (b"[1, 2, 3]", "is not a LiveShop Studio live show snapshot"),
        (b'{"format": "liveshop-live-show", "version": 7}', "written by a newer LiveShop Studio"),
        (b'{"format": "liveshop-live-show", "version": 1, "show_id": 1}', "show_name"),
    ],
)
def test_a_damaged_or_foreign_snapshot_is_refused_with_a_sentence(
    tmp_path: Path, content: bytes, says: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "live-show.json"
    path.write_bytes(content)
    with pytest.raises(LiveSnapshotError) as refused:
        load_snapshot(path)
    assert says in str(refused.value) and str(path) in str(refused.value)
    with caplog.at_level(logging.WARNING, logger="studio.show.live_snapshot"):
        assert read_snapshot(path) is None  # ignored, never a crash
    assert str(refused.value) in caplog.text


def test_no_snapshot_is_no_error_and_one_set_aside_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "live-show.json"
    assert read_snapshot(path) is None
    assert set_snapshot_aside(path) is None
    write_snapshot(path, a_snapshot())
    aside = set_snapshot_aside(path)
    assert aside == tmp_path / "live-show-not-restored.json" and aside.exists()
    assert read_snapshot(path) is None


# -- kept while live -------------------------------------------------------------------------


class LiveShow:
    """A show with its keeper, a rehearsal chat, a manual show clock and a test wall clock."""

    def __init__(self, catalog: Catalog, path: Path, now: datetime) -> None:
        self.clock = ManualClock(start_ns=5 * NS_PER_S)
        self.wall = WallClock(now)
        self.show = Show(catalog, clock=self.clock)
        self.chat = LocalChat()
        self.chat.start(self.show.feed)
        self.keeper = LiveSnapshotKeeper(self.show, path, wall_clock=self.wall)
        self.show.add_closer(self.keeper.close)

    def on_disk(self) -> bool:
        """Once the keeper wrote what changed so far: is there a snapshot?"""
        assert self.keeper.flush()
        return self.keeper.path.exists()

    def kept(self) -> LiveSnapshot:
        assert self.on_disk()
        return load_snapshot(self.keeper.path)

    def pass_s(self, seconds: float) -> None:
        self.clock.advance_ns(round(seconds * NS_PER_S))
        self.wall.now += timedelta(seconds=seconds)


def test_the_snapshot_follows_what_the_stream_shows_only_while_live(
    catalog: Catalog, tmp_path: Path
) -> None:
    path = tmp_path / "live-show.json"
    live = LiveShow(catalog, path, WENT_LIVE)
    show = live.show
    show.shop.feature("mug")
    assert not live.on_disk()  # practising: nothing to come back to

    ledger_show = show.go_live("Friday drop")
    assert live.kept().featured_product_id == "mug"
    live.pass_s(60)
    show.shop.feature("scarf")
    deal = show.shop.start_flash_deal(usd("19.99"), 120)
    show.shop.set_goal(Goal("units", target_units=20))
    question = live.chat.post("Ann", "Is the scarf warm?")
    assert question is not None and show.chat_live.pin(question.key)
    saved = live.kept()
    assert (saved.show_id, saved.show_name) == (ledger_show.id, "Friday drop")
    assert saved.live_since == ledger_show.started_at
    assert saved.featured_product_id == "scarf"
    assert saved.pinned_comment is not None
    assert saved.pinned_comment.message() == question
    assert saved.goal == ShowGoal(measure="units", target_units=20)
    # The deal's end on the show clock, as a real instant: 120 s after it was started.
    assert saved.flash_deal == RunningDeal(
        product_id="scarf", price=deal.price, ends_at=WENT_LIVE + timedelta(seconds=180)
    )

    # Countdown ticks and sales change nothing kept: the file is not written again.
    written = path.stat().st_mtime_ns, path.read_bytes()
    live.pass_s(3)
    show.shop.tick()
    show.record_sale("mug", 1)
    live.chat.post("Bob", "hello")
    assert live.on_disk() and (path.stat().st_mtime_ns, path.read_bytes()) == written

    show.end(None)
    assert show.phase is ShowPhase.ENDED and not live.on_disk()  # End Show removes it
    show.shop.feature("mug")
    assert not live.on_disk()
    show.close()


def test_a_clean_exit_while_live_leaves_no_snapshot(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "live-show.json"
    live = LiveShow(catalog, path, WENT_LIVE)
    live.show.go_live("Friday drop")
    assert live.on_disk()
    live.show.close()  # the app closes: the show ends, the keeper goes
    assert not path.exists()


# -- coming back -----------------------------------------------------------------------------


def crashed_during_a_show(catalog: Catalog, path: Path) -> tuple[LiveShow, int]:
    """Live for a minute with the scarf featured, a comment pinned and a 120 s deal, then
    the process "dies": its show is never ended or closed before the next one opens."""
    live = LiveShow(catalog, path, WENT_LIVE)
    show = live.show
    ledger_show = show.go_live("Friday drop")
    show.record_sale("mug", 1)
    live.pass_s(60)
    show.shop.feature("scarf")
    show.shop.start_flash_deal(usd("19.99"), 120)
    question = live.chat.post("Ann", "Is the scarf warm?")
    assert question is not None and show.chat_live.pin(question.key)
    assert live.on_disk()
    return live, ledger_show.id


def test_a_restored_show_counts_down_the_time_really_left_and_go_live_continues_it(
    catalog: Catalog, tmp_path: Path
) -> None:
    path = tmp_path / "live-show.json"
    before, show_id = crashed_during_a_show(catalog, path)
    snapshot = read_snapshot(path)
    assert snapshot is not None

    # The restart, 45 s later: a new process, a new show clock starting from zero.
    clock = ManualClock()
    after = Show(catalog, clock=clock)
    restart = WENT_LIVE + timedelta(seconds=60 + 45)
    restored = after.restore(snapshot, now=restart)
    assert after.phase is ShowPhase.PRACTICE
    assert restored.show.id == show_id and restored.featured is not None
    assert after.shop.featured is not None and after.shop.featured.id == "scarf"
    pinned = after.chat_live.pinned
    assert pinned is not None and pinned.text == "Is the scarf warm?" and restored.pinned
    deal = after.shop.flash_deal
    assert deal is not None and (deal.product_id, deal.price) == ("scarf", usd("19.99"))
    assert deal.seconds_left(clock.now_ns()) == 120 - 45 == restored.deal_seconds_left
    assert "1:15 left" in restored.summary() and "Friday drop" in restored.summary()

    # The ledger: the interrupted show is ended where it stopped, and offered first.
    assert after.ledger.show(show_id).ended_at == restart
    assert after.show_to_resume == show_id
    assert [s.id for s in after.shows_to_continue(today=WENT_LIVE)] == [show_id]
    next_day = WENT_LIVE + timedelta(days=1)  # a show past midnight is still offered
    assert [s.id for s in after.shows_to_continue(today=next_day)] == [show_id]
    clock.advance_ns(15 * NS_PER_S)
    live = after.go_live(continue_show=after.show_to_resume)
    assert live.id == show_id and after.show_to_resume is None
    after.record_sale("scarf", 1)  # at the deal price, still running
    [shown] = after.ledger.shows()  # one show spanning both parts
    assert shown.id == show_id and shown.ended_at is None
    assert [(e.product_id, e.unit_price) for e in after.ledger.entries(show_id)] == [
        ("mug", usd("14.50")),
        ("scarf", usd("19.99")),
    ]
    after.end(None)
    assert after.ledger.show(show_id).ended_at is not None
    after.close()
    before.show.close()


def test_a_deal_that_ran_out_while_down_is_shown_ended(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "live-show.json"
    before, _ = crashed_during_a_show(catalog, path)
    snapshot = read_snapshot(path)
    assert snapshot is not None
    after = Show(catalog, clock=ManualClock())
    restored = after.restore(snapshot, now=WENT_LIVE + timedelta(seconds=60 + 121))
    assert after.shop.flash_deal is None  # the overlay has nothing to count down
    assert restored.deal_ended and restored.deal_seconds_left is None
    assert "the flash deal ended while the studio was stopped" in restored.summary()
    after.close()
    before.show.close()


def test_what_cannot_come_back_is_named_and_the_rest_still_does(
    catalog: Catalog, tmp_path: Path
) -> None:
    after = Show(catalog, clock=ManualClock())
    ledger_show = after.ledger.start_show("Friday drop", "USD", started_at=WENT_LIVE)
    gone = a_snapshot(show_id=ledger_show.id, featured_product_id="hat")
    restored = after.restore(gone, now=WENT_LIVE + timedelta(minutes=6))
    assert restored.problems == ("The featured product hat is no longer in the catalog.",)
    assert restored.pinned and after.shop.flash_deal is not None
    assert after.shop.goal == Goal("units", target_units=20)

    with pytest.raises(RestoreError, match="not in this catalog's sales ledger"):
        after.restore(a_snapshot(show_id=99), now=WENT_LIVE)
    with pytest.raises(RestoreError, match="belongs to another catalog"):
        after.restore(a_snapshot(show_id=ledger_show.id, show_name="Other"), now=WENT_LIVE)
    after.close()
