"""The run of show document, the autopilot and the prompter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.clock import NS_PER_S, ManualClock
from studio.shop.autopilot import Autopilot, Prompter
from studio.shop.run_of_show import (
    RunOfShow,
    RunOfShowError,
    Segment,
    load_run_of_show,
    resolve_products,
    save_run_of_show,
)
from tests.shop_overlays.helpers import live_shop

RUN = RunOfShow(
    name="Friday Drop",
    segments=[
        Segment(product="12", title="The mug", talking_points=["Enamel", "Dishwasher safe"],
                planned_minutes=2),
        Segment(product="lamp", talking_points=["Warm light"], planned_minutes=1),
        Segment(product="tee", planned_minutes=0.5),
    ],
)  # fmt: skip


def test_save_and_load_round_trip_keeping_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "show.json"
    save_run_of_show(RUN, path)
    assert load_run_of_show(path) == RUN
    changed = RUN.model_copy(update={"name": "Saturday"})
    save_run_of_show(changed, path)
    assert load_run_of_show(path).name == "Saturday"
    assert load_run_of_show(tmp_path / "show.json.bak") == RUN
    assert json.loads(path.read_text())["format_version"] == 1


def test_load_errors_name_every_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({
        "format_version": 1,
        "segments": [
            {"product": "12", "planned_minutes": 0},
            {"product": " ", "planned_minutes": 3, "talking_point": []},
            {"planned_minutes": "soon"},
        ],
    }))  # fmt: skip
    with pytest.raises(RunOfShowError) as caught:
        load_run_of_show(path)
    problems = {str(p) for p in caught.value.problems}
    assert problems == {
        "segments[0].planned_minutes: must be greater than 0",
        "segments[1].product: must name a product (its id or show code)",
        "segments[1].talking_point: unknown field",
        "segments[2].product: is required",
        "segments[2].planned_minutes: must be a number",
    }
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "line 1 column 2"),
        ("[]", "must be a JSON object"),
        ('{"format_version": 9, "segments": []}', "format_version: version 9"),
        ('{"format_version": 1, "segments": []}', "segments: must have at least 1 entry"),
    ],
)
def test_unreadable_documents_say_why(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "show.json"
    path.write_text(text)
    with pytest.raises(RunOfShowError, match=message):
        load_run_of_show(path)
    with pytest.raises(RunOfShowError, match="file not found"):
        load_run_of_show(tmp_path / "missing.json")


def test_segments_must_name_catalog_products(tmp_path: Path) -> None:
    shop = live_shop(tmp_path)
    assert resolve_products(RUN, shop.catalog) == ["mug", "lamp", "tee"]
    wrong = RUN.model_copy(
        update={"segments": [*RUN.segments, Segment(product="99", planned_minutes=1)]}
    )
    with pytest.raises(RunOfShowError, match=r"segments\[3\]\.product: no product .*'99'"):
        resolve_products(wrong, shop.catalog)


def test_autopilot_features_each_product_in_turn_for_its_planned_time(tmp_path: Path) -> None:
    clock = ManualClock()
    shop = live_shop(tmp_path, clock)
    shop.set_lineup(resolve_products(RUN, shop.catalog))
    changes: list[int | None] = []
    pilot = Autopilot(shop, RUN, on_segment=changes.append)
    featured: list[tuple[float, str | None]] = []

    def at(seconds: float) -> None:
        clock.set_ns(round(seconds * NS_PER_S))
        pilot.poll()
        featured.append((seconds, shop.featured.id if shop.featured else None))

    for seconds in (0, 119.9, 120, 179.9, 180, 209.9, 210, 400):
        at(seconds)
    assert featured == [
        (0, "mug"), (119.9, "mug"), (120, "lamp"), (179.9, "lamp"), (180, "tee"),
        (209.9, "tee"), (210, None), (400, None),
    ]  # fmt: skip
    assert changes == [0, 1, 2, None] and pilot.finished
    assert shop.ledger is not None and shop.show_id is not None
    intervals = shop.ledger.featured_intervals(shop.show_id)
    assert [i.product_id for i in intervals] == ["mug", "lamp", "tee"]


def test_a_late_poll_catches_up_and_a_host_skip_restarts_the_clock(tmp_path: Path) -> None:
    clock = ManualClock()
    shop = live_shop(tmp_path, clock)
    shop.set_lineup(resolve_products(RUN, shop.catalog))
    pilot = Autopilot(shop, RUN)
    pilot.poll()
    clock.set_ns(185 * NS_PER_S)  # polled late: straight to the third segment, on schedule
    assert pilot.poll() == 2
    assert shop.segment_started_ns == 180 * NS_PER_S

    shop.set_lineup(resolve_products(RUN, shop.catalog))
    pilot = Autopilot(shop, RUN)
    pilot.poll()  # the mug from 185 s
    clock.set_ns(200 * NS_PER_S)
    shop.next()  # the host moves on early: the lamp gets its full minute from now
    clock.set_ns(259 * NS_PER_S)
    assert pilot.poll() == 1
    clock.set_ns(260 * NS_PER_S)
    assert pilot.poll() == 2


def test_the_autopilot_runs_on_its_own_thread(tmp_path: Path) -> None:
    clock = ManualClock()
    shop = live_shop(tmp_path, clock)
    shop.set_lineup(resolve_products(RUN, shop.catalog))
    pilot = Autopilot(shop, RUN)
    pilot.start()
    try:
        from tests.capture.waiting import wait_for

        wait_for(lambda: shop.featured is not None and shop.featured.id == "mug")
        clock.set_ns(121 * NS_PER_S)
        wait_for(lambda: shop.featured is not None and shop.featured.id == "lamp")
    finally:
        pilot.stop()


def test_the_prompter_shows_the_segment_time_left_and_overrun(tmp_path: Path) -> None:
    clock = ManualClock()
    shop = live_shop(tmp_path, clock)
    shop.set_lineup(resolve_products(RUN, shop.catalog))
    prompter = Prompter(shop, RUN)
    assert prompter.state() is None
    shop.next()
    clock.set_ns(30 * NS_PER_S)
    state = prompter.state()
    assert state is not None
    assert (state.index, state.count, state.product_title) == (0, 3, "The mug")
    assert state.talking_points == ["Enamel", "Dishwasher safe"]
    assert (state.time_left_s, state.overrun, state.next_title) == (90, False, "lamp")
    clock.set_ns(130 * NS_PER_S)
    state = prompter.state()
    assert state is not None and state.overrun and state.time_left_s == -10
    shop.next()
    state = prompter.state()
    assert state is not None and state.product_title == "Desk Lamp" and not state.overrun
