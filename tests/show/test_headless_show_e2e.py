"""End to end, with no window: `studio stream --show … --chat irc://…` on a real ngircd and
nginx-rtmp. Viewers claim the last two mugs in the chat; the card the platform received counts
the stock down to SOLD OUT, and the report the show writes at the end has every claim."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from studio.capture.shop_overlays import ProductCardSettings, ProductCardSource
from studio.shop import Catalog, Ledger, Money, Product
from studio.shop.live import ShopLive
from tests.chat.helpers import wait_until
from tests.shop_overlays.helpers import picture_of, started
from tests.support.analysis import read_video
from tests.support.ircd import IrcServer, IrcTestClient
from tests.support.nginx_rtmp import RtmpServer
from tests.support.scenes import collection, write_collection

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
CARD_X, CARD_Y, CARD_W, CARD_H = 10, 10, 300, 100
CARD = {
    "kind": "product_card", "width_px": CARD_W, "height_px": CARD_H, "layout": "landscape",
    "font_size_px": 16, "padding_px": 6, "background": "#102040", "show_qr": False,
    "warning_color": "#FFE000",  # the stock line and the sold-out band: bright on the dark card
}  # fmt: skip
NONE, TWO_LEFT, ONE_LEFT, SOLD_OUT = "no card", "2 left", "1 left", "sold out"


def shop_scene(tmp_path: Path) -> Path:
    document = collection(
        [{"name": "main", "width": 320, "height": 180, "fps": 30, "scene": "Live"}],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "color", "color": "#000000", "width": 320, "height": 180}},
                    {"source": {"kind": "tone", "frequency_hz": 440, "level_dbfs": -30}},
                    {"source": CARD, "transform": {"x": CARD_X, "y": CARD_Y}},
                ],
            }
        ],
    )
    return write_collection(tmp_path / "shop.json", document)


def mug_catalog(path: Path) -> Path:
    """One product: the mug, code 12, two left."""
    with Catalog.open(path) as catalog:
        catalog.add(Product(id="mug", code="12", title="Mug", price=Money.of("14.50", "USD"),
                            stock=2))  # fmt: skip
    return path


def run_of_show(path: Path) -> Path:
    segments = [{"product": "12", "planned_minutes": 10}]
    path.write_text(json.dumps({"format_version": 1, "name": "Mug Drop", "segments": segments}))
    return path


def settings_folder(folder: Path, videos: Path) -> Path:
    from studio.settings import AppSettings, RecordingSettings, SettingsFile

    SettingsFile(folder).save(AppSettings(recording=RecordingSettings(folder=videos)))
    return folder


def luma(bgra: np.ndarray) -> np.ndarray:
    """What the encoder makes of a card over the black background: BT.709 limited-range Y."""
    rgb = bgra[..., 2::-1].astype(float)  # premultiplied: already over black
    return 16 + (rgb @ np.array([0.2126, 0.7152, 0.0722])) * 219 / 255


def expected_cards(folder: Path) -> dict[str, np.ndarray]:
    """The card as this machine draws it at each stock level, as luma."""
    catalog = Catalog.open(mug_catalog(folder / "catalog.sqlite"))
    ledger = Ledger(catalog)
    shop = ShopLive(catalog, ledger, ledger.start_show("Templates", "USD").id)
    settings = {key: value for key, value in CARD.items() if key != "kind"}
    source = started(ProductCardSource(ProductCardSettings(**settings), shop.clock), shop)
    try:
        shop.feature("mug")
        cards = {TWO_LEFT: picture_of(source)}
        shop.claim("12", 1, "template")
        cards[ONE_LEFT] = picture_of(source, cards[TWO_LEFT].seq)
        shop.claim("12", 1, "template")
        cards[SOLD_OUT] = picture_of(source, cards[ONE_LEFT].seq)
    finally:
        source.stop()
        catalog.close()
    looks = {name: luma(picture.bgra) for name, picture in cards.items()}
    assert all(look.shape == (CARD_H, CARD_W) for look in looks.values())
    return {NONE: np.full((CARD_H, CARD_W), 16.0), **looks}


def classifier(cards: dict[str, np.ndarray]) -> Callable[[np.ndarray], str]:
    """Which card a received frame shows. Whether there is a card at all is read over the
    whole card; which stock it shows only where the three cards differ (the stock line, the
    sold-out band), so the little that changes is not drowned by what stays."""
    stocks = [TWO_LEFT, ONE_LEFT, SOLD_OUT]
    differs = np.zeros((CARD_H, CARD_W), bool)
    for a in stocks:
        for b in stocks:
            differs |= np.abs(cards[a] - cards[b]) > 40
    assert differs.sum() > 30, "the cards look alike: nothing to tell them apart by"

    def card_in(y_plane: np.ndarray) -> str:
        region = y_plane[CARD_Y : CARD_Y + CARD_H, CARD_X : CARD_X + CARD_W].astype(float)
        if min(cards, key=lambda name: np.abs(region - cards[name]).mean()) == NONE:
            return NONE
        return min(stocks, key=lambda name: np.abs(region - cards[name])[differs].mean())

    return card_in


def runs(labels: list[str]) -> list[tuple[str, int]]:
    """Consecutive equal labels as (label, count)."""
    out: list[tuple[str, int]] = []
    for label in labels:
        if out and out[-1][0] == label:
            out[-1] = (label, out[-1][1] + 1)
        else:
            out.append((label, 1))
    return out


def test_comment_to_buy_with_no_window_sells_out_on_stream_and_reports_every_claim(
    rtmp_server: RtmpServer, irc_server: IrcServer, tmp_path: Path
) -> None:
    db = mug_catalog(tmp_path / "catalog.sqlite")
    config = settings_folder(tmp_path / "config", tmp_path / "videos")
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "studio", "stream", "--scene", str(shop_scene(tmp_path)),
             "--show", str(run_of_show(tmp_path / "run.json")), "--catalog", str(db),
             "--chat", irc_server.url("#shop"), "--nick", "host",
             "--to", rtmp_server.url("x"), "--duration", "90", "--quiet",
             "--settings-folder", str(config)],
            stdout=stdout, stderr=stderr, text=True, cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
    buyers = [irc_server.client(nick) for nick in ("ann", "bob", "cat")]
    ann, bob, cat = buyers

    def said(fragment: str) -> Callable[[], bool]:
        return lambda: fragment in err.read_text()

    def claim(buyer: IrcTestClient, text: str) -> None:
        buyer.post(text)
        wait_until(said(f"by {buyer.nick} —"), 15, f"{buyer.nick}'s claim to be taken")
        time.sleep(1.0)  # a second of stream for each state of the card

    try:
        wait_until(said(f"chat {irc_server.url('#shop')}: connected"), 30, "the show's chat")
        wait_until(said("show 'Mug Drop': live"), 30, "the show to go live")
        wait_until(said("/live/••••: live"), 30, "the platform to receive the stream")
        time.sleep(1.0)  # two left, on stream
        claim(ann, "SOLD 12")
        claim(bob, "sold 12 x2")  # two wanted, one left: all of it waits
        claim(cat, "SOLD 12")  # the last one
    finally:
        for buyer in buyers:
            buyer.close()
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        finally:
            process.kill()
    printed, problems = out.read_text(), err.read_text()
    assert process.returncode == 0, problems

    # What the chat heard, as it happened.
    assert "claim: 12 ×1 by ann — sold" in problems
    assert "claim: 12 ×2 by bob — waitlisted" in problems
    assert "claim: 12 ×1 by cat — sold" in problems

    # What the platform received: the card counts down, untouched by the waitlisted claim.
    card_in = classifier(expected_cards(tmp_path / "templates"))
    [received] = rtmp_server.recordings("x")
    video = read_video(received)
    shown = runs([card_in(planes[0]) for planes in video.planes])
    states = [label for label, _ in shown if label != NONE]
    assert states == [TWO_LEFT, ONE_LEFT, SOLD_OUT], shown
    one_left_frames = dict(shown)[ONE_LEFT]
    assert one_left_frames >= 45, shown  # ≥ 1.5 s: bob's claim came and went meanwhile
    assert shown[-1][0] == SOLD_OUT and shown[-1][1] >= 15, shown  # and it stays sold out

    # The report the show wrote when the stream stopped.
    match = re.search(r"^Show report in (.+):$", printed, re.MULTILINE)
    assert match, printed
    folder = Path(match.group(1))
    assert folder.parent == tmp_path / "videos"  # nothing recorded: the settings' folder
    with (folder / "ledger.csv").open() as handle:
        lines = list(csv.DictReader(handle))
    assert [
        (r["product_id"], r["title"], r["quantity"], r["unit_price"], r["total"], r["buyer"],
         r["status"], r["source"]) for r in lines
    ] == [
        ("mug", "Mug", "1", "14.50", "14.50", "ann", "sold", "comment_claim"),
        ("mug", "Mug", "2", "14.50", "29.00", "bob", "waitlisted", "comment_claim"),
        ("mug", "Mug", "1", "14.50", "14.50", "cat", "sold", "comment_claim"),
    ]  # fmt: skip
    sold = [r for r in lines if r["status"] == "sold"]
    with (folder / "totals.csv").open() as handle:
        totals = {r["product_id"]: r for r in csv.DictReader(handle)}
    assert totals["TOTAL"]["units_sold"] == str(sum(int(r["quantity"]) for r in sold))
    assert totals["TOTAL"]["revenue"] == "29.00"
    assert sum(float(r["total"]) for r in sold) == float(totals["TOTAL"]["revenue"])
    assert totals["mug"]["waitlisted"] == "2"
    with Catalog.open(db) as catalog:
        mug = catalog.get("mug")
        [show] = Ledger(catalog).shows()
    assert mug is not None and mug.stock == 0
    assert show.name == "Mug Drop" and show.ended_at is not None
