"""End to end: a product card at its default size, featured while streaming to nginx-rtmp;
what the server received shows the whole buy line, as the card is rendered locally."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.capture.base import Services
from studio.capture.shop_overlays import ProductCardSettings, ProductCardSource, card_view
from studio.clock import ManualClock
from studio.engine.session import Session
from studio.render import text as render_text
from studio.render.card_layout import CardLayout
from studio.resources import resources_dir
from studio.scene import load_collection
from studio.shop import Catalog, Ledger
from studio.shop.importing import import_file
from studio.shop.live import ShopLive
from tests.capture.waiting import wait_for
from tests.support.analysis import read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.support.scenes import collection, write_collection

pytestmark = pytest.mark.e2e
FPS = 30
CANVAS = (960, 540)
AT = (40, 40)  # where the card's item sits


def luma_709(bgra: np.ndarray) -> np.ndarray:
    """The limited-range BT.709 luma of a premultiplied card over black."""
    b, g, r = (bgra[..., i].astype(float) for i in range(3))
    return 16 + (0.2126 * r + 0.7152 * g + 0.0722 * b) * 219 / 255


def test_the_default_card_reaches_the_platform_with_its_whole_buy_line(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    render_text.ensure_gui_app()
    catalog = Catalog.open(folder=tmp_path / "shop")
    import_file(resources_dir() / "catalog" / "sample.json", catalog)
    ledger = Ledger(catalog)
    show = ledger.start_show("Friday Drop", "USD")
    shop = ShopLive(catalog, ledger, show.id, clock=ManualClock())
    card_settings = {"kind": "product_card", "layout": "landscape"}  # the default size
    document = collection(
        [{"name": "main", "width": CANVAS[0], "height": CANVAS[1], "fps": FPS, "scene": "Live"}],
        [{"name": "Live", "items": [
            {"source": {"kind": "color", "color": "#000000", "width": CANVAS[0],
                        "height": CANVAS[1]}},
            {"source": {"kind": "tone", "frequency_hz": 440, "level_dbfs": -30}},
            {"source": card_settings, "transform": {"x": AT[0], "y": AT[1]}},
        ]}],
    )  # fmt: skip
    session = Session(
        load_collection(write_collection(tmp_path / "card.json", document)),
        services=Services(shop=shop),
    )
    session.add_destination(rtmp_server.url("card"))

    def rendered() -> int:
        return session.stats()[0].video.rendered_frames

    session.start()
    try:
        wait_for(lambda: session.stats()[0].outputs[0].bytes_sent > 0, timeout_s=10)
        shop.feature("sample-1")  # the hoodie: variants, compare-at price, a QR link
        start = rendered()
        wait_for(lambda: rendered() >= start + 45, timeout_s=15)
    finally:
        session.stop()

    # The card as it is drawn here, with the same settings and shop.
    local = ProductCardSource(ProductCardSettings(layout="landscape"), shop.clock)
    local.services = Services(shop=shop)
    view = card_view(local.settings, shop, shop.snapshot())
    assert view is not None
    bgra = local._draw(view)
    layout = local.last_layout
    assert isinstance(layout, CardLayout)
    assert layout.buy_code == "SOLD 1 RED M" and not layout.dropped
    chip = layout.chip
    assert chip is not None

    [received] = rtmp_server.recordings("card")
    video = read_video(received)
    last = video.planes[-1][0].astype(float)
    top, bottom = int(chip.y) - 2, int(np.ceil(chip.bottom)) + 2
    left, right = int(layout.runs_of("buy_lead")[0].box.x) - 2, int(np.ceil(chip.right)) + 2
    got = last[AT[1] + top : AT[1] + bottom, AT[0] + left : AT[0] + right]
    want = luma_709(bgra[top:bottom, left:right])
    assert got.shape == want.shape
    assert float(np.abs(got - want).mean()) < 12, float(np.abs(got - want).mean())
    assert float(np.corrcoef(got.ravel(), want.ravel())[0, 1]) > 0.9
    # The chip's right end — the "M" of "RED M" and the yellow after it — is on air.
    end = last[AT[1] + int(chip.y + chip.height / 2), AT[0] + int(chip.right) - 4]
    assert end > 150
