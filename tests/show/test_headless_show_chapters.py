"""`studio stream --show RUN --record FILE` with no window: the recording notes its start in the
ledger and carries one chapter per product the run of show featured, titled "CODE — Title",
starting where the ledger says the product came on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.shop import Catalog, Ledger, Money, Product
from tests.show.test_headless_show_e2e import shop_scene
from tests.support.nginx_rtmp import RtmpServer

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
PRODUCTS = (("A1", "Mug"), ("B2", "Scarf"), ("C3", "Tote bag"))
SEGMENT_S = 3.0
FRAME_S = 1 / 30


def three_products(path: Path) -> Path:
    with Catalog.open(path) as catalog:
        for code, title in PRODUCTS:
            catalog.add(Product(id=code.lower(), code=code, title=title,
                                price=Money.of("9.00", "USD"), stock=5))  # fmt: skip
    return path


def run_of_show(path: Path) -> Path:
    segments = [{"product": code, "planned_minutes": SEGMENT_S / 60} for code, _ in PRODUCTS]
    path.write_text(json.dumps({"format_version": 1, "name": "Three", "segments": segments}))
    return path


def chapters(path: Path) -> list[tuple[float, str]]:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
        capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    return [
        (float(c["start_time"]), c["tags"]["title"]) for c in json.loads(result.stdout)["chapters"]
    ]


def test_the_recording_carries_a_chapter_per_featured_product(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    db = three_products(tmp_path / "catalog.sqlite")
    recording = tmp_path / "show.mkv"
    result = subprocess.run(
        [sys.executable, "-m", "studio", "stream", "--scene", str(shop_scene(tmp_path)),
         "--show", str(run_of_show(tmp_path / "run.json")), "--catalog", str(db),
         "--to", rtmp_server.url("x"), "--record", str(recording),
         "--duration", str(SEGMENT_S * 3 + 2), "--quiet",
         "--settings-folder", str(tmp_path / "config")],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr

    with Catalog.open(db) as catalog:
        ledger = Ledger(catalog)
        (show,) = ledger.shows()
        (noted,) = ledger.recordings(show.id)
        intervals = ledger.featured_intervals(show.id)
    assert Path(noted.path) == recording.resolve()
    assert [i.product.code for i in intervals if i.product] == [c for c, _ in PRODUCTS]

    found = chapters(recording)
    assert [title for _, title in found] == [f"{code} — {title}" for code, title in PRODUCTS]
    for (start_s, _), interval in zip(found, intervals, strict=True):
        expected_s = (interval.start - noted.started_at).total_seconds()
        assert abs(start_s - max(0.0, expected_s)) <= FRAME_S + 1e-3, (start_s, expected_s)


def test_studio_clips_cuts_into_the_report_folder_and_the_report_links_them(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    db = three_products(tmp_path / "catalog.sqlite")
    recording = tmp_path / "show.mkv"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    config = ["--settings-folder", str(tmp_path / "config")]
    streamed = subprocess.run(
        [sys.executable, "-m", "studio", "stream", "--scene", str(shop_scene(tmp_path)),
         "--show", str(run_of_show(tmp_path / "run.json")), "--catalog", str(db),
         "--to", rtmp_server.url("x"), "--record", str(recording),
         "--duration", str(SEGMENT_S * 3 + 2), "--quiet", *config],
        capture_output=True, text=True, cwd=REPO, timeout=120, env=env,
    )  # fmt: skip
    assert streamed.returncode == 0, streamed.stderr
    (report,) = [p.parent for p in tmp_path.glob("*/summary.html")]
    assert '.mp4"' not in (report / "summary.html").read_text()  # no clip yet: no link

    cut = subprocess.run(
        [sys.executable, "-m", "studio", "clips", "Three", "--recording", str(recording),
         "--catalog", str(db), *config],
        capture_output=True, text=True, cwd=REPO, timeout=180, env=env,
    )  # fmt: skip
    assert cut.returncode == 0, cut.stdout + cut.stderr
    clips = sorted(p.name for p in report.glob("*.mp4"))
    assert clips == ["a1-mug.mp4", "b2-scarf.mp4", "c3-tote-bag.mp4"]
    page = (report / "summary.html").read_text()
    for name in clips:
        assert f'href="{name}"' in page
    assert "now links the clips" in cut.stdout
