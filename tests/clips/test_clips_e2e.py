"""End to end: a show recorded for real (tests.clips.recorded_show: the show core and the
engine, no window) features three products in turn; its recording carries their chapters,
and `studio clips` cuts them into landscape and vertical clips a seller can post, even for a
product deleted since, a hostile title, or a recording cut short by SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import av
import numpy as np
import pytest

from studio.clip_names import clip_stem
from studio.clips import ClipsRequest, export_clips, ledger_chapters, write_ledger_chapters
from studio.clips.vertical_frame import Rect, vertical_frame
from studio.outputs.chapters import ChaptersError
from studio.shop import Catalog, Ledger
from studio.shop.ledger_model import FeaturedInterval, ShowRecording
from tests.clips.helpers import (
    BLUE,
    CARD_H,
    CARD_W,
    CARD_X,
    CARD_Y,
    FPS,
    GREEN,
    HEIGHT,
    HOSTILE_TITLE,
    RED,
    V_CARD_H,
    V_CARD_W,
    V_CARD_X,
    V_CARD_Y,
    V_HEIGHT,
    V_WIDTH,
    WIDTH,
    ffprobe,
    show_folder,
)
from tests.clips.recorded_show import KEYFRAME_INTERVAL_S, SHOW_NAME

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
FRAME_S = 1 / FPS
COLOURS = [RED, GREEN, BLUE]  # the pictures of products 11, 22, 33
STEMS = ["11-enamel-mug", "22-desk-lamp", clip_stem("33", HOSTILE_TITLE)]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def record_show(folder: Path, *, hang: bool = False) -> Path:
    """Record the show into ``folder``; with ``hang``, SIGKILL it 1.5 s into the third
    product, as a crash would end it."""
    show_folder(folder)
    command = [sys.executable, "-m", "tests.clips.recorded_show", str(folder)]
    with subprocess.Popen([*command, *(["--hang"] if hang else [])], cwd=REPO, env=ENV,
                          stdout=subprocess.PIPE, text=True) as child:  # fmt: skip
        try:
            assert child.stdout is not None
            for line in child.stdout:
                if line.startswith("hanging"):
                    threading.Event().wait(1.5)  # the third product on air for a moment
                    child.send_signal(signal.SIGKILL)
                    break
            assert child.wait(timeout=60) == (-signal.SIGKILL if hang else 0)
        finally:
            child.kill()
    return folder


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return record_show(tmp_path_factory.mktemp("recorded") / "show")


@pytest.fixture
def show(recorded: Path, tmp_path: Path) -> Path:
    """A copy of the recorded show this test may change."""
    return Path(shutil.copytree(recorded, tmp_path / "show"))


def ledger_of(folder: Path) -> tuple[list[FeaturedInterval], list[ShowRecording]]:
    with Catalog.open(folder / "catalog.sqlite") as catalog:
        ledger = Ledger(catalog)
        [show] = ledger.shows()
        return ledger.featured_intervals(show.id), ledger.recordings(show.id)


def run_clips(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", "clips", SHOW_NAME, "--catalog",
         str(folder / "catalog.sqlite"), "--settings-folder", str(folder / "settings"),
         *options],
        cwd=folder, env=ENV, capture_output=True, text=True, timeout=240,
    )  # fmt: skip


def chapters(path: Path) -> list[tuple[float, float, str]]:
    found = ffprobe(path, "-show_chapters")["chapters"]
    return [(float(c["start_time"]), float(c["end_time"]), c["tags"]["title"]) for c in found]


def streams(path: Path) -> dict[str, dict[str, object]]:
    probed = ffprobe(path, "-show_streams", "-show_format")
    found: dict[str, dict[str, object]] = {s["codec_type"]: s for s in probed["streams"]}
    found["format"] = probed["format"]
    return found


def duration_s(path: Path) -> float:
    return float(streams(path)["video"]["duration"])  # type: ignore[arg-type]


def moov_before_mdat(path: Path) -> bool:
    """Faststart: the index comes before the media data."""
    data = path.read_bytes()
    return 0 <= data.find(b"moov") < data.find(b"mdat")


def colour_pixels(rgb: np.ndarray, colour: tuple[int, int, int]) -> int:
    return int((np.abs(rgb.astype(int) - np.array(colour)).max(axis=2) < 50).sum())


def frame_at(path: Path, fraction: float) -> np.ndarray:
    """The picture ``fraction`` of the way through the clip, as RGB."""
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return frames[int(len(frames) * fraction)]


def product_shown(rgb: np.ndarray, box: tuple[int, int, int, int]) -> int | None:
    """Which product's picture the card in ``box`` (x, y, w, h) shows: 0, 1, 2 or None."""
    x, y, w, h = box
    region = rgb[y : y + h, x : x + w]
    counts = [colour_pixels(region, colour) for colour in COLOURS]
    best = int(np.argmax(counts))
    return best if counts[best] > region.shape[0] * region.shape[1] // 20 else None


def spans_s(folder: Path) -> list[tuple[float, float | None]]:
    """Each featured interval in the main recording's time, in seconds (the end None: still
    featured when the show stopped writing)."""
    intervals, recordings = ledger_of(folder)
    [main] = [r for r in recordings if r.canvas == "main"]
    return [
        ((i.start - main.started_at).total_seconds(),
         None if i.end is None else (i.end - main.started_at).total_seconds())
        for i in intervals
    ]  # fmt: skip


def test_the_recording_has_a_chapter_per_featured_product(recorded: Path) -> None:
    intervals, recordings = ledger_of(recorded)
    assert sorted(r.canvas for r in recordings) == ["main", "vertical"]
    titles = ["11 — Enamel Mug", "22 — Desk Lamp", "33 — ../../etc/passwd\\ CON Very long"]
    for recording in recordings:
        found = chapters(Path(recording.path))
        assert [
            title[: len(want)] for (_, _, title), want in zip(found, titles, strict=True)
        ] == titles
        for (start, end, _), interval in zip(found, intervals, strict=True):
            assert interval.end is not None
            assert start == pytest.approx((interval.start - recording.started_at).total_seconds(),
                                          abs=FRAME_S)  # fmt: skip
            assert end == pytest.approx((interval.end - recording.started_at).total_seconds(),
                                        abs=FRAME_S)  # fmt: skip
    # Where a viewer sees each product come on: just after its chapter starts (the card
    # is drawn anew on its own thread), never before.
    shown_from: dict[int, float] = {}
    with av.open(str(recorded / "show.mkv")) as container:
        for frame in container.decode(video=0):
            product = product_shown(frame.to_ndarray(format="rgb24"),
                                    (CARD_X, CARD_Y, CARD_W, CARD_H))  # fmt: skip
            if product is not None and product not in shown_from:
                shown_from[product] = float(frame.pts * frame.time_base)
    starts = [start for start, _, _ in chapters(recorded / "show.mkv")]
    assert sorted(shown_from) == [0, 1, 2]
    for product, start in enumerate(starts):
        assert start - FRAME_S <= shown_from[product] <= start + 0.5, (shown_from, starts)


def test_clips_of_every_product_even_one_deleted_since(show: Path) -> None:
    with Catalog.open(show / "catalog.sqlite") as catalog:
        assert catalog.delete("lamp")
    (show / "green.png").unlink()
    result = run_clips(show, "--recording", "show.mkv", "--vertical", "--scene", "scene.json")
    assert result.returncode == 0, result.stderr
    [out] = [p for p in show.iterdir() if p.is_dir() and p.name.endswith("-report")]
    assert out.name.startswith("clip-night-")  # the show's report folder, beside it
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{s}.mp4" for s in STEMS] + [f"{s}-vertical.mp4" for s in STEMS])

    frame = vertical_frame(WIDTH, HEIGHT, Rect(CARD_X, CARD_Y, CARD_W, CARD_H))
    assert frame.card is not None  # the crop cut the card: drawn again from the ledger
    card = frame.card
    for number, (stem, (start, end)) in enumerate(zip(STEMS, spans_s(show), strict=True)):
        assert end is not None
        landscape, vertical = out / f"{stem}.mp4", out / f"{stem}-vertical.mp4"
        probed = streams(landscape)
        assert (probed["video"]["codec_name"], probed["audio"]["codec_name"]) == ("h264", "aac")
        assert (probed["video"]["width"], probed["video"]["height"]) == (WIDTH, HEIGHT)
        # From the keyframe at or before the product came on, to when it went off.
        assert end - start - FRAME_S <= duration_s(landscape) <= end - start + KEYFRAME_INTERVAL_S
        assert moov_before_mdat(landscape)
        tags = probed["format"]["tags"]
        assert tags["title"].startswith(f"{('11', '22', '33')[number]} — ")  # type: ignore[index]
        unit = "unit" if number == 0 else "units"
        assert tags["comment"].startswith(f"Sold during this clip: {number + 1} {unit} for")  # type: ignore[index]

        probed = streams(vertical)
        assert (probed["video"]["codec_name"], probed["audio"]["codec_name"]) == ("h264", "aac")
        assert (probed["video"]["width"], probed["video"]["height"]) == (1080, 1920)
        assert duration_s(vertical) == pytest.approx(end - start, abs=2 * FRAME_S)
        assert moov_before_mdat(vertical)
        picture = frame_at(vertical, 0.5)
        assert product_shown(picture, (card.x, card.y, card.width, card.height)) == number
        above = picture[: card.y - 40]  # the crop of the recording's background, scaled up
        assert np.abs(above.astype(int) - 0x40).max() < 24
    lamp = streams(out / "22-desk-lamp.mp4")["format"]["tags"]
    assert lamp["title"] == "22 — Desk Lamp"  # type: ignore[index]


def test_vertical_clips_from_the_vertical_canvas_recording(show: Path) -> None:
    out = show / "clips"
    result = run_clips(show, "--recording", "show.mkv", "--recording",
                       "vertical=show-vertical.mkv", "--vertical", "--max-seconds", "1",
                       "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    scale = 1920 / V_HEIGHT  # the vertical canvas, scaled up to 1080x1920
    card = tuple(round(v * scale) for v in (V_CARD_X, V_CARD_Y, V_CARD_W, V_CARD_H))
    assert V_WIDTH * scale == 1080
    for number, stem in enumerate(STEMS):
        vertical = out / f"{stem}-vertical.mp4"
        assert duration_s(vertical) == pytest.approx(1.0, abs=2 * FRAME_S)
        picture = frame_at(vertical, 0.5)
        assert product_shown(picture, card) == number  # type: ignore[arg-type]
        assert colour_pixels(picture[:200], (0x60, 0x40, 0x20)) > 200 * 1000  # its own scene
        assert 1.0 - FRAME_S <= duration_s(out / f"{stem}.mp4") <= 1.0 + KEYFRAME_INTERVAL_S


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return record_show(tmp_path_factory.mktemp("crashed") / "show", hang=True)


def test_a_recording_cut_short_by_sigkill_gets_its_chapters_and_clips(
    crashed: Path, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(crashed, tmp_path / "show"))
    recording = folder / "show.mkv"
    assert chapters(recording) == []  # nothing after the header survives the crash
    result = run_clips(folder, "--recording", "show.mkv", "--out", str(folder / "clips"))
    assert result.returncode == 0, result.stderr
    assert "Wrote 3 chapter(s)" in result.stderr
    spans = spans_s(folder)
    assert spans[2][1] is None  # the show never said the third product went off
    found = chapters(recording)
    assert [title[:14] for _, _, title in found] == ["11 — Enamel Mu", "22 — Desk Lamp",
                                                   "33 — ../../etc"]  # fmt: skip
    recorded_s = float(ffprobe(recording, "-show_format")["format"]["duration"])
    for (start, end, _), (want_start, want_end) in zip(found, spans, strict=True):
        assert start == pytest.approx(want_start, abs=FRAME_S)
        assert end == pytest.approx(recorded_s if want_end is None else want_end, abs=FRAME_S)
    clips = [folder / "clips" / f"{stem}.mp4" for stem in STEMS]
    assert all(clip.is_file() for clip in clips)
    third = found[2]
    assert third[1] - third[0] - FRAME_S <= duration_s(clips[2])
    assert duration_s(clips[2]) <= third[1] - third[0] + KEYFRAME_INTERVAL_S


def test_the_crash_recovery_puts_the_ledgers_chapters_in(crashed: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(crashed, tmp_path / "show"))
    recording = folder / "show-vertical.mkv"
    with Catalog.open(folder / "catalog.sqlite") as catalog:
        ledger = Ledger(catalog)
        [live] = ledger.shows()
        assert write_ledger_chapters(ledger, live.id, recording, "vertical") == 3
        assert write_ledger_chapters(ledger, live.id, recording, "vertical") == 0  # had them
        with pytest.raises(ChaptersError, match="does not say when"):
            write_ledger_chapters(ledger, live.id, folder / "elsewhere.mkv", "other")
    assert [title[:14] for _, _, title in chapters(recording)] == [
        "11 — Enamel Mu",
        "22 — Desk Lamp",
        "33 — ../../etc",
    ]


def test_a_failed_clip_names_the_product_and_the_others_are_written(show: Path) -> None:
    with Catalog.open(show / "catalog.sqlite") as catalog:
        ledger = Ledger(catalog)
        [live] = ledger.shows()
        ledger.feature(live.id, "mug")  # now: long after the recording ended
        ledger.clear_feature(live.id)
    result = run_clips(show, "--recording", "show.mkv", "--out", str(show / "clips"))
    assert result.returncode == 1
    assert "no clip of 11 — Enamel Mug: it was on screen from" in result.stderr
    assert "outside the recording" in result.stderr
    written = sorted(p.name for p in (show / "clips").iterdir())
    assert written == sorted(f"{stem}.mp4" for stem in STEMS)


def test_cutting_is_cancelled_between_and_within_clips(show: Path) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(update: object) -> None:
        seen.append(update.clip)  # type: ignore[attr-defined]
        if update.clip == 2:  # type: ignore[attr-defined]
            cancel.set()  # while the second clip is being cut

    out = show / "clips"
    with Catalog.open(show / "catalog.sqlite") as catalog:
        ledger = Ledger(catalog)
        [live] = ledger.shows()
        request = ClipsRequest(show_id=live.id, recording=show / "show.mkv", out=out,
                               vertical=True)  # fmt: skip
        result = export_clips(ledger, request, progress, cancel)
        assert ledger_chapters(ledger, live.id, ledger.recordings(live.id)[0].started_at)
    assert result.cancelled and not result.failures
    assert [clip.path.name for clip in result.clips] == [f"{STEMS[0]}.mp4",
                                                          f"{STEMS[0]}-vertical.mp4"]  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == sorted(c.path.name for c in result.clips)
    assert 3 not in seen
