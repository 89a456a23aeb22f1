"""`studio report SHOW` writes into the recordings folder of the app settings by default, and
`studio stream --show` writes the show's report when it ends, sales or not."""

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
from studio.cli.stream_show import finish_show, go_live, open_stream_show, report_parent
from studio.clock import MonotonicClock
from studio.scene import load_collection
from studio.settings import AppSettings, RecordingSettings, SettingsFile
from studio.shop import Catalog, Ledger, Money, Product
from studio.show.events import ShowPhase
from studio.show.show import Show
from tests.support.nginx_rtmp import BlackHoleServer, RtmpServer
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


def open_headless_show(tmp_path: Path, db: Path) -> Show:
    return open_stream_show(
        run_of_show(tmp_path),
        catalog=db,
        chats=[],
        settings=SettingsFile(tmp_path / "config"),
        collection=load_collection(shop_scene(tmp_path)),
        targets=[],
        clock=MonotonicClock(),
    )


def test_a_headless_show_is_named_after_its_run_of_show_and_reports_what_it_sold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_catalog(tmp_path / "catalog.sqlite")
    show = open_headless_show(tmp_path, db)
    try:
        show.record_sale("mug", 1)  # practising: not in the report
        live = go_live(show, tmp_path / "run.json")
        assert live.name == "Rehearsal"
        show.record_sale("mug", 3)
        finish_show(show, tmp_path / "videos")
    finally:
        show.close()
    [folder] = (tmp_path / "videos").iterdir()
    assert folder.name.startswith("rehearsal-") and folder.name.endswith("-report")
    assert totals_of(folder)["TOTAL"] == ("3", "43.50")
    printed = capsys.readouterr().out
    assert f"Show report in {folder}:" in printed
    assert all(str(folder / name) in printed for name in REPORT_FILES)


def test_a_report_that_cannot_be_written_is_a_message_and_the_show_still_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_catalog(tmp_path / "catalog.sqlite")
    blocked = tmp_path / "videos"
    blocked.write_text("not a folder")
    show = open_headless_show(tmp_path, db)
    try:
        go_live(show, tmp_path / "run.json")
        show.record_sale("tee", 1)
        finish_show(show, blocked)  # never raises: it runs while the stream stops
        assert show.phase is ShowPhase.ENDED
    finally:
        show.close()
    captured = capsys.readouterr()
    assert f"the show report could not be written to {blocked}" in captured.err
    assert "Show report in" not in captured.out
    with Catalog.open(db) as catalog:
        [ended] = Ledger(catalog).shows()
    assert ended.ended_at is not None


def test_a_headless_report_goes_beside_the_recording_else_to_the_settings_folder(
    tmp_path: Path,
) -> None:
    config = SettingsFile(settings_with_recordings(tmp_path / "config", tmp_path / "videos"))
    recording = tmp_path / "shows" / "friday.mkv"
    assert report_parent([str(recording)], config) == recording.resolve().parent
    assert report_parent([], config) == tmp_path / "videos"


@pytest.mark.parametrize(
    ("chat", "named"),
    [("irc://", "'irc://'"), ("discord:shop", "'discord:shop'"), ("twitch:a", "'twitch:a'")],
)
def test_a_bad_chat_address_is_a_usage_error_naming_it_and_the_forms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chat: str, named: str
) -> None:
    db = make_catalog(tmp_path / "catalog.sqlite")
    code = main(
        ["stream", "--scene", str(shop_scene(tmp_path)), "--show", str(run_of_show(tmp_path)),
         "--catalog", str(db), "--chat", chat, "--to", "rtmp://127.0.0.1/live/x",
         "--settings-folder", str(tmp_path / "config")]
    )  # fmt: skip
    assert code == 2
    error = capsys.readouterr().err
    assert f"--chat {named} is not a chat address" in error
    assert "irc://host:port/#channel" in error and "twitch:CHANNEL" in error
    assert "youtube:LIVE_CHAT_ID" in error and "settings" in error
    with Catalog.open(db) as catalog:
        assert Ledger(catalog).shows() == []  # nothing started


def test_chat_without_a_show_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["stream", "--scene", str(shop_scene(tmp_path)), "--chat", "irc://127.0.0.1/#shop",
         "--to", "rtmp://127.0.0.1/live/x"]
    )  # fmt: skip
    assert code == 2
    assert "--chat and --nick need --show" in capsys.readouterr().err


def test_a_show_needs_a_product_card_in_the_scene(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = collection(
        [{"name": "main", "width": 320, "height": 180, "fps": 30, "scene": "Live"}],
        [{"name": "Live", "items": [{"source": {"kind": "color", "color": "#000000",
                                                 "width": 320, "height": 180}}]}],
    )  # fmt: skip
    code = main(
        ["stream", "--scene", str(write_collection(tmp_path / "plain.json", document)),
         "--show", str(run_of_show(tmp_path)), "--to", "rtmp://127.0.0.1/live/x"]
    )  # fmt: skip
    assert code == 2
    assert "--show needs a product_card item in the scene" in capsys.readouterr().err


@pytest.mark.e2e
def test_a_show_with_no_sales_still_writes_its_report_and_prints_its_folder(
    tmp_path: Path, rtmp_server: RtmpServer
) -> None:
    db = make_catalog(tmp_path / "catalog.sqlite")
    config = settings_with_recordings(tmp_path / "config", tmp_path / "videos")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "studio", "stream", "--scene", str(shop_scene(tmp_path)),
         "--show", str(run_of_show(tmp_path)), "--catalog", str(db),
         "--to", rtmp_server.url("quiet"), "--duration", "2", "--quiet",
         "--settings-folder", str(config)],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [folder] = (tmp_path / "videos").iterdir()  # no recording: the settings' recordings folder
    assert f"Show report in {folder}:" in result.stdout
    assert {p.name for p in folder.iterdir()} == REPORT_FILES
    assert totals_of(folder) == {"TOTAL": ("0", "0.00")}
    with (folder / "ledger.csv").open() as handle:
        assert list(csv.DictReader(handle)) == []
    assert "show 'Rehearsal': live" in result.stderr
    assert "show 'Rehearsal': ended" in result.stderr


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
