"""End to end: a text bound to the featured product's stock, streamed by a real session to a
real nginx-rtmp; a claim lowers the stock, and the stream shows the new number within two
frames of the claim.

The session's clock drives the stream's timestamps (frame ``k`` is due at ``start + k/fps``),
so the claim's moment on that clock says which received frame is the first one after it. Each
received frame's text is compared with local renders of both texts ("Only 2 left", "Only 1
left") where the two differ, and read as the nearer one.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from studio.capture.base import Services
from studio.clock import NS_PER_S, MonotonicClock
from studio.engine.session import Session
from studio.render.text import ensure_gui_app, render_text_image
from studio.scene import parse_collection
from studio.shop import Ledger
from studio.shop.live import ShopLive
from tests.capture.waiting import wait_for
from tests.shop.helpers import FakeClock
from tests.shop_overlays.helpers import shop_catalog
from tests.support.analysis import read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.support.scenes import collection

pytestmark = pytest.mark.e2e
FPS = 30
INTERVAL_NS = NS_PER_S // FPS
BACKGROUND = 0x30  # a grey: its luma is the same whatever matrix the encoder uses
TEXT_AT = (16, 60)
TEXT: dict[str, Any] = {"font_size_px": 48, "bold": True, "color": "#FFFFFF", "padding_px": 4}


def stock_show() -> str:
    grey = f"#{BACKGROUND:02X}{BACKGROUND:02X}{BACKGROUND:02X}"
    document = collection(
        [{"name": "main", "width": 320, "height": 180, "fps": FPS, "scene": "Live"}],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "color", "color": grey, "width": 320, "height": 180}},
                    {"source": {"kind": "tone", "frequency_hz": 440, "level_dbfs": -30}},
                    {
                        "source": {"kind": "text", "text": "Only {product.stock} left", **TEXT},
                        "transform": {"x": TEXT_AT[0], "y": TEXT_AT[1]},
                    },
                ],
            }
        ],
    )
    return json.dumps(document)


def expected_luma(text: str) -> np.ndarray:
    """The text region as the viewer should see it: the local render over the grey, as the
    encoder's limited-range luma (white text, grey background: no colour matrix involved)."""
    bgra = render_text_image(text=text, **TEXT).astype(np.float64) / 255  # premultiplied
    grey = BACKGROUND / 255
    value = bgra[..., 0] + grey * (1 - bgra[..., 3])  # white text: every channel alike
    return 16 + value * 219


def test_a_claim_changes_the_stock_text_on_the_stream_within_two_frames(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    ensure_gui_app()
    clock = MonotonicClock()
    catalog = shop_catalog(tmp_path / "shop")
    ledger = Ledger(catalog, clock=FakeClock())
    shop = ShopLive(catalog, ledger, ledger.start_show("Drop", "USD").id, clock=clock)
    shop.feature("mug")  # 2 in stock
    show = parse_collection(stock_show(), tmp_path)
    session = Session(show, clock=clock, services=Services(shop=shop))
    session.add_destination(rtmp_server.url("stock"))

    def rendered() -> int:
        return session.stats()[0].video.rendered_frames

    before_start_ns = clock.now_ns()
    session.start()  # the stream's frame 0 is due at this instant
    after_start_ns = clock.now_ns()
    try:
        wait_for(lambda: session.stats()[0].outputs[0].bytes_sent > 0, timeout_s=10)
        wait_for(lambda: rendered() >= 20, timeout_s=10)
        before_claim_ns = clock.now_ns()
        shop.claim("12", 1, "ann")  # 1 left
        claimed_ns = clock.now_ns()
        claimed_at = rendered()
        wait_for(lambda: rendered() >= claimed_at + 20, timeout_s=10)
    finally:
        session.stop()
    assert claimed_ns - before_claim_ns < INTERVAL_NS, "the claim itself took over a frame"

    old, new = expected_luma("Only 2 left"), expected_luma("Only 1 left")
    assert old.shape == new.shape
    differs = np.abs(old - new) > 60  # the digit's strokes
    assert differs.sum() > 100
    x, y = TEXT_AT
    height, width = old.shape

    [received] = rtmp_server.recordings("stock")
    video = read_video(received)
    shows_new: dict[int, bool] = {}
    for time_s, planes in zip(video.frame_times_s, video.planes, strict=True):
        region = planes[0][y : y + height, x : x + width].astype(np.float64)
        to_old = float(np.abs(region - old)[differs].mean())
        to_new = float(np.abs(region - new)[differs].mean())
        assert min(to_old, to_new) < 30, f"frame at {time_s:.3f} s shows neither text"
        shows_new[round(time_s * FPS)] = to_new < to_old

    # Frames rendered before the claim began show 2; the first frame due after the claim
    # ended, or one of the next two, shows 1, and every later one does too.
    last_old = math.floor((before_claim_ns - after_start_ns) / INTERVAL_NS) - 1
    first_after = math.ceil((claimed_ns - before_start_ns) / INTERVAL_NS)
    assert not any(new for index, new in shows_new.items() if index <= last_old)
    first_new = min((index for index, new in shows_new.items() if new), default=None)
    assert first_new is not None, "the stream never showed the new stock"
    assert first_new <= first_after + 2, (first_after, first_new)
    assert all(new for index, new in shows_new.items() if index >= first_new)
    assert max(shows_new) >= first_new + 15  # the stream went on showing it
