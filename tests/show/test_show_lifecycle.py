"""A show from practice to live to ended: practice claims never touch stock or a report, each
Go Live starts a named ledger show (or continues today's), and End Show writes a report that
spans the show itself, in local time."""

from __future__ import annotations

import csv
import threading
from datetime import datetime, timedelta
from pathlib import Path

from studio.chat import ChatFeed, LocalChat
from studio.show.events import (
    ClaimMade,
    PhaseChanged,
    ReportWritten,
    SaleRecorded,
    ShopChanged,
    ShowPhase,
)
from studio.show.show import Show, default_show_name
from tests.chat_live.helpers import small_shop


def _show(tmp_path: Path) -> tuple[Show, LocalChat]:
    shop = small_shop(tmp_path)
    show = Show(shop.catalog)
    chat = LocalChat()
    chat.start(show.feed)
    return show, chat


def _stock(show: Show, product_id: str) -> int:
    product = show.catalog.get(product_id)
    assert product is not None
    return product.stock


def test_practice_claims_take_no_stock_and_reach_no_report(tmp_path: Path) -> None:
    show, chat = _show(tmp_path)
    events: list[object] = []
    show.subscribe(events.append)

    chat.post("Ann", "SOLD 2")  # before Go Live: practice
    chat.post("Bob", "sold 1")
    [first, second] = show.comment_to_buy.claims()
    assert first.outcome == "sold" and second.outcome == "sold"
    assert _stock(show, "scarf") == 3 and _stock(show, "mug") == 1  # real stock untouched
    assert show.book().practice
    # Nothing reached the shop database's ledger: no report can ever count them.
    assert all(show.ledger.entries(s.id) == [] for s in show.ledger.shows())
    assert [e.practice for e in events if isinstance(e, ClaimMade)] == [True, True]
    # The practice book behaves like the real one: the mug had one, a second claim waits.
    chat.post("Cy", "sold 1")
    assert show.comment_to_buy.claims()[-1].outcome == "waitlisted"

    live = show.go_live("Friday drop")
    assert show.phase is ShowPhase.LIVE and live.name == "Friday drop"
    assert show.comment_to_buy.claims() == []  # the practice claims stayed behind
    chat.post("Dee", "sold 2")
    chat.post("Eve", "sold 1")
    assert _stock(show, "scarf") == 2 and _stock(show, "mug") == 0
    assert show.shop.sales.units == 2  # the on-stream counts follow in the core

    report = show.end(tmp_path / "reports")
    assert report is not None
    with report.ledger_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["buyer"], row["quantity"], row["status"]) for row in rows] == [
        ("Dee", "1", "sold"),
        ("Eve", "1", "sold"),
    ]
    assert show.phase is ShowPhase.ENDED and show.book().practice
    chat.post("Fay", "sold 2")  # after the show: practice again
    assert _stock(show, "scarf") == 2
    assert [r.buyer for r in show.ledger.entries(live.id)] == ["Dee", "Eve"]
    phases = [e.phase for e in events if isinstance(e, PhaseChanged)]
    assert phases == [ShowPhase.LIVE, ShowPhase.ENDED]
    assert any(isinstance(e, ReportWritten) and e.files == report for e in events)
    assert any(isinstance(e, ShopChanged) for e in events)
    show.close()
    chat.stop()


def test_the_report_spans_the_show_in_local_time_even_without_sales(tmp_path: Path) -> None:
    show, chat = _show(tmp_path)
    before = datetime.now().astimezone()
    live = show.go_live()
    assert live.name == default_show_name(live.started_at)
    report = show.end(tmp_path)
    assert report is not None  # a report even when nothing sold
    ended = show.ledger.show(live.id)
    assert ended.ended_at is not None and ended.started_at >= before - timedelta(seconds=1)
    summary = report.summary_html.read_text(encoding="utf-8")
    local = ended.started_at.astimezone().strftime("%H:%M:%S")
    assert f"{ended.started_at.astimezone():%Y-%m-%d} {local} to" in summary
    assert "(local time, 0:00:0" in summary  # spans the show's own seconds, not the day
    show.close()
    chat.stop()


def test_continuing_todays_show_keeps_its_sales_and_start(tmp_path: Path) -> None:
    show, chat = _show(tmp_path)
    first = show.go_live("Morning")
    chat.post("Ann", "sold 2")
    show.end(None)
    assert [s.id for s in show.shows_to_continue()] == [first.id]
    again = show.go_live(continue_show=first.id)
    assert again.id == first.id and again.started_at == first.started_at
    assert again.ended_at is None
    chat.post("Bob", "sold 2")
    assert show.ledger.totals(first.id).units == 2
    assert show.shop.sales.units == 2
    newer = show.end(None)
    assert newer is None
    other = show.go_live("Evening")  # a new Go Live, a new named show
    assert other.id != first.id and show.shop.sales.units == 0
    show.close()
    chat.stop()


def test_a_claim_during_go_live_lands_in_exactly_one_book(tmp_path: Path) -> None:
    shop = small_shop(tmp_path)
    show = Show(shop.catalog)
    feed: ChatFeed = show.feed
    chat = LocalChat()
    chat.start(feed)
    posting = threading.Thread(target=lambda: [chat.post(f"V{i}", "sold 2") for i in range(3)])
    posting.start()
    live = show.go_live("Race")
    posting.join()
    live_units = show.ledger.totals(live.id).units
    assert _stock(show, "scarf") == 3 - live_units  # only live claims took real stock
    show.close()
    chat.stop()


def test_a_manual_sale_takes_stock_only_when_live_and_is_announced(tmp_path: Path) -> None:
    show, chat = _show(tmp_path)
    events: list[object] = []
    show.subscribe(events.append)
    practice = show.record_sale("scarf", 2)
    assert practice.status == "sold" and _stock(show, "scarf") == 3
    live = show.go_live("Counter sales")
    show.record_sale("scarf", 2, buyer="walk-in")
    assert _stock(show, "scarf") == 1 and show.shop.sales.units == 2
    sales = [e for e in events if isinstance(e, SaleRecorded)]
    assert [s.practice for s in sales] == [True, False]
    assert [e.buyer for e in show.ledger.entries(live.id)] == ["walk-in"]
    show.close()
    chat.stop()
