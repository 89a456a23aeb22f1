"""From the ledger to the clips' plan: featured intervals placed in a recording's time, their
chapters, the best-selling seconds, the vertical crop, and the recording start the show
tells the ledger."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from studio.clips.plan import plan_clips
from studio.clips.recording_link import ShowRecordings
from studio.clips.sales import clip_sales
from studio.clips.scene_card import scene_card
from studio.clips.spans import chapters_of, find_recording, product_spans
from studio.clips.vertical_frame import SAFE_CARD_BOX, Rect, vertical_frame
from studio.clips.windows import Sale, best_window
from studio.clock import ManualClock
from studio.outputs.chapters import Chapter
from studio.outputs.recording import RecordingOutput
from studio.scene import load_collection
from studio.shop import Product
from studio.shop.ledger_model import ShowRecording
from tests.clips.helpers import (
    CARD_H,
    CARD_W,
    CARD_X,
    CARD_Y,
    HEIGHT,
    V_CARD_H,
    V_CARD_W,
    V_CARD_X,
    V_CARD_Y,
    V_HEIGHT,
    V_WIDTH,
    WIDTH,
    show_folder,
)
from tests.shop.helpers import START, ledger_for, stocked_catalog, usd

S = 1_000_000  # microseconds


def test_featured_intervals_become_the_recordings_chapters(tmp_path: Path) -> None:
    catalog = stocked_catalog(tmp_path)
    catalog.add(Product(id="odd", code="9", title="Line\nbreak\u202e", price=usd("1.00"),
                        stock=5))  # fmt: skip
    ledger, clock = ledger_for(catalog)
    show = ledger.start_show("Friday", "USD")
    ledger.feature(show.id, "mug")  # START: before the recording began
    clock.advance(10)
    ledger.feature(show.id, "odd")
    clock.advance(20)
    ledger.claim(show.id, "9", 2, "ann")
    clock.advance(5)
    ledger.feature(show.id, "mug")  # still featured
    catalog.delete("odd")  # its chapter is titled from the ledger all the same

    began = START + timedelta(seconds=4)
    spans = product_spans(ledger.featured_intervals(show.id), began)
    assert [(s.start_us, s.end_us, s.label) for s in spans] == [
        (-4 * S, 6 * S, "1 — Enamel Mug"),
        (6 * S, 31 * S, "9 — Line break"),
        (31 * S, None, "1 — Enamel Mug"),
    ]
    assert chapters_of(spans)[1] == Chapter(6 * S, 31 * S, "9 — Line break")
    assert [s.within(20 * S) for s in spans] == [(0, 6 * S), (6 * S, 20 * S), None]

    planned = plan_clips(spans, 40 * S, entries=ledger.entries(show.id), started_at=began,
                         max_seconds=4)  # fmt: skip
    assert [(p.stem, p.window_us) for p in planned] == [
        ("1-enamel-mug", (0, 4 * S)),  # no sale: its first seconds
        ("9-line-break", (24 * S, 28 * S)),  # around the claim, 26 s into the recording
        ("1-enamel-mug-2", (31 * S, 35 * S)),
    ]
    sales = clip_sales(ledger.entries(show.id), spans[1], began, (24 * S, 28 * S), "USD")
    assert (sales.units, sales.revenue, sales.buyers) == (2, usd("2.00"), 1)
    assert sales.sentence("en_US") == "Sold during this clip: 2 units for $2.00 (1 buyer)."

    short = plan_clips(spans, 5 * S, entries=[], started_at=began, max_seconds=None)
    assert [p.window_us for p in short] == [(0, 5 * S), None, None]
    assert "outside the recording" in short[1].why_not


def test_the_best_selling_seconds() -> None:
    sales = [Sale(12 * S, 1), Sale(40 * S, 2), Sale(42 * S, 3), Sale(70 * S, 1)]
    assert best_window(0, 100 * S, sales, 10 * S) == (36 * S, 46 * S)  # centred on 40–42 s
    assert best_window(0, 100 * S, [], 10 * S) == (0, 10 * S)
    assert best_window(0, 8 * S, sales, 10 * S) == (0, 8 * S)  # shorter than asked: whole
    assert best_window(0, 43 * S, sales, 10 * S) == (33 * S, 43 * S)  # kept inside the span
    with pytest.raises(ValueError, match="positive"):
        best_window(0, 10 * S, sales, 0)


def test_the_vertical_crop_follows_the_card() -> None:
    # A card that fits in a 9:16 window: the window nearest the centre that holds it whole.
    right = vertical_frame(1920, 1080, Rect(1500, 800, 300, 200))
    assert right.crop == Rect(1192, 0, 608, 1080) and right.card is None
    centre = vertical_frame(1920, 1080, Rect(900, 800, 200, 200))
    assert centre.crop == Rect(656, 0, 608, 1080) and centre.card is None
    # The templates' card (680 wide, lower left): half-way to it, and drawn again over what
    # the crop left of it, from the edge that cut it.
    left = vertical_frame(1920, 1080, Rect(40, 800, 680, 240))
    assert left.crop == Rect(366, 0, 608, 1080)
    assert left.card == Rect(0, 1422, 1040, 427)
    # Unknown: a centred crop, the card where the phone template puts it.
    unknown = vertical_frame(1920, 1080, None)
    assert unknown.crop == Rect(656, 0, 608, 1080) and unknown.card == Rect(*SAFE_CARD_BOX)


def test_a_recording_is_found_by_path_name_or_canvas() -> None:
    main = ShowRecording(id=1, show_id=1, canvas="main", path="/v/show.mkv", started_at=START)
    phone = ShowRecording(id=2, show_id=1, canvas="phone", path="/v/p.mkv", started_at=START)
    assert find_recording([main, phone], Path("/v/show.mkv"), None) == main
    assert find_recording([main, phone], Path("/moved/p.mkv"), None) == phone
    assert find_recording([main, phone], Path("/v/renamed.mkv"), "main") == main
    assert find_recording([main, phone], Path("/v/renamed.mkv"), None) is None


def test_the_show_tells_the_ledger_when_its_recordings_began(tmp_path: Path) -> None:
    ledger, clock = ledger_for(stocked_catalog(tmp_path))
    show_clock = ManualClock(start_ns=5_000_000_000)
    link = ShowRecordings(ledger, show_clock, wall_clock=clock)
    output = RecordingOutput(tmp_path / "show.mkv")
    output.started_clock_ns = 4_750_000_000  # its first frame was made 0.25 s ago
    link.on_started("main")(output)  # before Go Live: kept until the show is on air
    show = ledger.start_show("Friday", "USD")
    assert ledger.recordings(show.id) == []
    link.attach(show.id)
    link.attach(show.id)  # once per show
    [recording] = ledger.recordings(show.id)
    assert recording.canvas == "main" and recording.path == str(tmp_path / "show.mkv")
    assert recording.started_at == START - timedelta(seconds=0.25)
    ledger.feature(show.id, "mug")
    link.write_chapters()
    assert output._chapters == (Chapter(250_000, None, "1 — Enamel Mug"),)


def test_the_cards_place_comes_from_the_scene(tmp_path: Path) -> None:
    collection = load_collection(show_folder(tmp_path) / "scene.json")
    box, settings = scene_card(collection, "main", (WIDTH * 2, HEIGHT * 2))  # encoded larger
    assert box == Rect(CARD_X * 2, CARD_Y * 2, CARD_W * 2, CARD_H * 2)
    assert settings is not None and settings.background == "#202020"
    assert scene_card(collection, "vertical", (V_WIDTH, V_HEIGHT))[0] == Rect(
        V_CARD_X, V_CARD_Y, V_CARD_W, V_CARD_H
    )
    assert scene_card(collection, None, (WIDTH, HEIGHT))[0] == Rect(CARD_X, CARD_Y, CARD_W, CARD_H)
