"""End to end: products featured during a real stream to nginx-rtmp on loopback, checked in
what the server received."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from studio.capture.base import Services
from studio.engine.session import Session
from studio.scene import load_collection
from studio.settings import AppSettings, RecordingSettings, SettingsFile
from studio.shop import Catalog, Ledger
from tests.capture.waiting import wait_for
from tests.cli.test_cli import studio
from tests.shop_overlays.helpers import RED, live_shop, shop_catalog
from tests.support.analysis import VideoTrack, read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.support.scenes import collection, write_collection

pytestmark = pytest.mark.e2e
FPS = 30
CARD = {"x": 10, "y": 10}
CARD_SETTINGS = {
    "kind": "product_card", "width_px": 300, "height_px": 100, "layout": "landscape",
    "font_size_px": 12, "padding_px": 6, "background": "#2040C0", "warning_color": "#FF2020",
    "show_qr": False,
}  # fmt: skip


def shop_scene(tmp_path: Path) -> Path:
    document = collection(
        [{"name": "main", "width": 320, "height": 180, "fps": FPS, "scene": "Live"}],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "color", "color": "#000000", "width": 320, "height": 180}},
                    {"source": {"kind": "tone", "frequency_hz": 440, "level_dbfs": -30}},
                    {"source": CARD_SETTINGS, "transform": CARD},
                ],
            }
        ],
    )
    return write_collection(tmp_path / "shop.json", document)


def recordings_in(videos: Path) -> Path:
    """Settings whose recordings folder is ``videos``: a headless show's report goes there."""
    folder = videos.parent / "config"
    SettingsFile(folder).save(AppSettings(recording=RecordingSettings(folder=videos)))
    return folder


def frame_index(video: VideoTrack, i: int) -> int:
    return round(video.frame_times_s[i] * FPS)


def card_background(planes: tuple[np.ndarray, ...]) -> bool:
    """The card's blue shows below its text (card rows 80–92, columns 150–200)."""
    u = planes[1][(10 + 80) // 2 : (10 + 92) // 2, (10 + 150) // 2 : (10 + 200) // 2]
    return float(u.mean()) > 160


def sold_out_band(planes: tuple[np.ndarray, ...]) -> bool:
    """The red band across the middle of the card."""
    v = planes[2][(10 + 44) // 2 : (10 + 56) // 2, (10 + 100) // 2 : (10 + 200) // 2]
    return float(v.mean()) > 180


def first_frame(video: VideoTrack, probe: object) -> int | None:
    for i, planes in enumerate(video.planes):
        if probe(planes):  # type: ignore[operator]
            return frame_index(video, i)
    return None


def test_featuring_shows_the_card_within_two_frames_and_sold_out_follows_stock(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    shop = live_shop(tmp_path / "shop")
    session = Session(load_collection(shop_scene(tmp_path)), services=Services(shop=shop))
    session.add_destination(rtmp_server.url("shop"))

    def rendered() -> int:
        return session.stats()[0].video.rendered_frames

    session.start()
    try:
        wait_for(lambda: session.stats()[0].outputs[0].bytes_sent > 0, timeout_s=10)
        wait_for(lambda: rendered() >= 30, timeout_s=10)
        featured_at = rendered()
        shop.feature("mug")  # 2 in stock
        wait_for(lambda: rendered() >= featured_at + 30, timeout_s=10)
        sold_at = rendered()
        shop.claim("12", 2, "ann")  # the last units: sold out
        wait_for(lambda: rendered() >= sold_at + 30, timeout_s=10)
    finally:
        session.stop()

    [received] = rtmp_server.recordings("shop")
    video = read_video(received)
    shown = first_frame(video, card_background)
    assert shown is not None, "the card never appeared"
    assert featured_at - 1 <= shown <= featured_at + 2, (featured_at, shown)
    sold_out = first_frame(video, sold_out_band)
    assert sold_out is not None, "the card never showed sold out"
    assert sold_at - 1 <= sold_out <= sold_at + 2, (sold_at, sold_out)


def test_cli_show_features_each_product_of_the_run_of_show(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    catalog_path = tmp_path / "shop" / "catalog.sqlite"
    shop_catalog(catalog_path.parent).close()
    run = {
        "format_version": 1,
        "name": "Rehearsal",
        "segments": [
            {"product": "12", "planned_minutes": 2 / 60, "talking_points": ["mug"]},
            {"product": "lamp", "planned_minutes": 2 / 60},
        ],
    }
    run_path = tmp_path / "run.json"
    run_path.write_text(json.dumps(run))
    scene = json.loads(shop_scene(tmp_path).read_text())
    card = scene["scenes"][0]["items"][2]["source"]
    card.update(width_px=200, height_px=100, show_qr=True)
    scene_path = write_collection(tmp_path / "cli.json", scene)

    result = studio(
        "stream", "--scene", str(scene_path), "--show", str(run_path),
        "--catalog", str(catalog_path), "--to", rtmp_server.url("cli"), "--duration", "6",
        "--quiet", "--settings-folder", str(recordings_in(tmp_path / "videos")),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr

    [received] = rtmp_server.recordings("cli")
    video = read_video(received)
    image = [  # the product image at the card's left (card x 6–94 → canvas 16–104)
        planes[0][40:80, 30:70].astype(float).mean() for planes in video.planes
    ]
    times = np.array(video.frame_times_s)
    red_y = 0.2126 * RED[0] + 0.7152 * RED[1] + 0.0722 * RED[2]

    def luma_at(t: float) -> float:
        return float(image[int(np.argmin(np.abs(times - t)))])

    assert abs(luma_at(1.0) - (16 + red_y * 219 / 255)) < 20  # the mug's red image
    assert luma_at(3.0) > luma_at(1.0) + 40  # then the lamp's green one
    assert luma_at(5.0) < 30  # the run of show is over: no card
    with Catalog.open(catalog_path) as catalog:
        ledger = Ledger(catalog)
        [show] = ledger.shows()
        assert show.name == "Rehearsal"
        assert [p.name for p in (tmp_path / "videos").iterdir()] == [  # its report
            f"rehearsal-{show.started_at.astimezone().date().isoformat()}-report"
        ]
        assert [i.product_id for i in ledger.featured_intervals(show.id)] == ["mug", "lamp"]
