"""`studio report SHOW` writes into the recordings folder of the app settings by default, and
`studio stream --show` writes the report at the end when the show recorded sales."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.cli.main import main
from studio.cli.show_autopilot import plan_show, report_parent
from studio.scene import load_collection
from studio.settings import AppSettings, RecordingSettings, SettingsFile
from studio.shop import Catalog, Ledger, Money, Product
from tests.support.nginx_rtmp import BlackHoleServer
from tests.support.scenes import collection, write_collection

REPO = Path(__file__).resolve().parents[2]
REPORT_FILES = {"ledger.csv", "totals.csv", "sales.png", "report.pdf", "summary.html"}
CARD = {"kind": "product_card", "width_px": 200, "height_px": 80, "show_qr": False}


def make_catalog(path: Path) -> Path:
    with Catalog.open(path) as catalog:
        catalog.add(Product(id="mug", code="12", title="Mug", price=Money.of("14.50", "USD"),
                            stock=10))  # fmt: skip
        catalog.add(Product(id="tee", code="15", title="Tee", price=Money.of("20.00", "USD"),
                            stock=10))  # fmt: skip
    return path


def settings_with_recordings(folder: Path, videos: Path) -> Path:
    SettingsFile(folder).save(AppSettings(recording=RecordingSettings(folder=videos)))
    return folder


def totals_of(folder: Path) -> dict[str, tuple[str, str]]:
    with (folder / "totals.csv").open() as handle:
        return {r["product_id"]: (r["units_sold"], r["revenue"]) for r in csv.DictReader(handle)}


def test_report_goes_to_the_recordings_folder_of_the_settings_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_catalog(tmp_path / "catalog.sqlite")
    with Catalog.open(db) as catalog:
        ledger = Ledger(catalog)
        show = ledger.start_show("Friday Night", "USD")
        ledger.record_sale(show.id, "mug", 2)
        ledger.record_sale(show.id, "tee", 1)
    videos = tmp_path / "videos"
    config = settings_with_recordings(tmp_path / "config", videos)
    args = ["report", "friday night", "--catalog", str(db), "--settings-folder", str(config)]

    assert main(args) == 0

    [folder] = videos.iterdir()
    date = show.started_at.astimezone().date().isoformat()
    assert folder.name == f"friday-night-{date}-report"
    assert {p.name for p in folder.iterdir()} == REPORT_FILES
    assert totals_of(folder) == {
        "mug": ("2", "29.00"), "tee": ("1", "20.00"), "TOTAL": ("3", "49.00"),
    }  # fmt: skip
    printed = capsys.readouterr().out
    assert "Friday Night: 3 unit(s)" in printed
    for name in REPORT_FILES:
        assert str(folder / name) in printed  # every path written

    assert main(args) == 0  # again: a new folder, the first one stays
    assert sorted(p.name for p in videos.iterdir()) == [folder.name, f"{folder.name}-2"]

    out = tmp_path / "elsewhere"
    assert main([*args, "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == [folder.name]


def test_report_to_a_folder_that_cannot_be_written_names_it_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_catalog(tmp_path / "catalog.sqlite")
    with Catalog.open(db) as catalog:
        Ledger(catalog).start_show("Friday Night", "USD")
    blocked = tmp_path / "videos"
    blocked.write_text("not a folder")
    config = settings_with_recordings(tmp_path / "config", blocked)

    code = main(["report", "Friday Night", "--catalog", str(db), "--settings-folder", str(config)])

    assert code == 1
    error = capsys.readouterr().err
    assert f"cannot write the report to {blocked}" in error


def shop_scene(tmp_path: Path) -> Path:
    document = collection(
        [{"name": "main", "width": 320, "height": 180, "fps": 30, "scene": "Live"}],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "color", "color": "#000000", "width": 320, "height": 180}},
                    {"source": {"kind": "tone", "frequency_hz": 440, "level_dbfs": -30}},
                    {"source": CARD},
                ],
            }
        ],
    )
    return write_collection(tmp_path / "shop.json", document)


def run_of_show(tmp_path: Path) -> Path:
    path = tmp_path / "run.json"
    segments = [{"product": "12", "planned_minutes": 1}, {"product": "tee", "planned_minutes": 1}]
    path.write_text(json.dumps({"format_version": 1, "name": "Rehearsal", "segments": segments}))
    return path


def test_a_headless_show_reports_only_when_it_recorded_sales(tmp_path: Path) -> None:
    db = make_catalog(tmp_path / "catalog.sqlite")
    scene = load_collection(shop_scene(tmp_path))
    plan = plan_show(run_of_show(tmp_path), db, scene, [])
    try:
        assert plan.write_report(tmp_path / "videos") is None  # nothing sold: no report
        assert not (tmp_path / "videos").exists()
        plan.shop.record_sale("mug", 3)
        files = plan.write_report(tmp_path / "videos")
    finally:
        plan.close()
    assert files is not None and files.folder.parent == tmp_path / "videos"
    assert files.folder.name.startswith("rehearsal-") and files.folder.name.endswith("-report")
    assert totals_of(files.folder)["TOTAL"] == ("3", "43.50")


def test_a_headless_report_goes_beside_the_recording_else_to_the_settings_folder(
    tmp_path: Path,
) -> None:
    config = settings_with_recordings(tmp_path / "config", tmp_path / "videos")
    recording = tmp_path / "shows" / "friday.mkv"
    assert report_parent([str(recording)], config) == recording.resolve().parent
    assert report_parent([], config) == tmp_path / "videos"


@pytest.mark.e2e
def test_stream_with_a_show_writes_the_report_beside_the_recording(
    tmp_path: Path, black_hole: BlackHoleServer
) -> None:
    """A store order reaches the show's ledger from another process while it streams (as
    `studio catalog sync --show` does); the report is written when the show ends."""
    db = make_catalog(tmp_path / "catalog.sqlite")
    recording = tmp_path / "shows" / "rehearsal.mkv"
    recording.parent.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "studio", "stream", "--scene", str(shop_scene(tmp_path)),
         "--show", str(run_of_show(tmp_path)), "--catalog", str(db),
         "--to", black_hole.url("key"), "--record", str(recording), "--duration", "4",
         "--quiet", "--settings-folder", str(tmp_path / "config")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env,
    )  # fmt: skip
    try:
        with Catalog.open(db) as catalog:
            ledger = Ledger(catalog)
            deadline = time.monotonic() + 60
            while not ledger.shows() and time.monotonic() < deadline:
                time.sleep(0.05)
            [show] = ledger.shows()
            ledger.record_sale(show.id, "tee", 2)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert "Show report in" in out, (out, err)
    [folder] = [p for p in recording.parent.iterdir() if p.is_dir()]
    assert {p.name for p in folder.iterdir()} == REPORT_FILES
    assert totals_of(folder)["TOTAL"] == ("2", "40.00")
