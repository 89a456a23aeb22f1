"""A recording's chapters: given before it closes, written when it closes (Matroska at once,
a fragmented MP4 by a remux); written into a finished file by a remux that replaces it whole
or not at all. And the recording says when its first frame was written."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import av
import pytest

from studio.outputs import OutputState, RecordingOutput
from studio.outputs.chapters import Cancelled, Chapter, container_chapters, remux_with_chapters
from tests.support.encoded_media import EncodedMedia

CHAPTERS = [
    Chapter(2_000_000, None, "22 — Desk Lamp"),  # given out of order: written in time order
    Chapter(500_000, 2_000_000, "11 — Enamel Mug"),
    Chapter(-1_000_000, 200_000, "7 — Featured before the recording began"),
    Chapter(9_000_000, 9_500_000, "9 — After it ended"),
]


@pytest.fixture(scope="module")
def media() -> EncodedMedia:
    return EncodedMedia(duration_s=3.0)


def probed_chapters(path: Path) -> list[tuple[float, float, str]]:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_chapters", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [
        (float(c["start_time"]), float(c["end_time"]), c["tags"]["title"])
        for c in json.loads(result.stdout)["chapters"]
    ]


def packet_count(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for packet in container.demux() if packet.dts is not None)


def test_chapters_in_time_order_within_the_recording() -> None:
    written = container_chapters(CHAPTERS, duration_us=3_000_000)
    assert [(c["id"], c["start"], c["end"], c["metadata"]["title"]) for c in written] == [
        (1, 0, 200_000, "7 — Featured before the recording began"),
        (2, 500_000, 2_000_000, "11 — Enamel Mug"),
        (3, 2_000_000, 3_000_000, "22 — Desk Lamp"),
    ]


def test_a_matroska_recording_closes_with_its_chapters(media: EncodedMedia, tmp_path: Path) -> None:
    started: list[int | None] = []
    path = tmp_path / "show.mkv"
    output = RecordingOutput(path, on_started=lambda o: started.append(o.started_clock_ns))
    output.start(media.spec)
    output.set_chapters([Chapter(0, 1_000_000, "placeholder")])  # replaced by the next call
    output.set_chapters(CHAPTERS)
    media.play(output.send, realtime=False)
    output.stop(5.0)
    assert output.stats().state == OutputState.STOPPED
    assert started == [0]  # once, with the show-clock time of its first frame
    chapters = probed_chapters(path)
    assert [title for _, _, title in chapters] == [
        "7 — Featured before the recording began",
        "11 — Enamel Mug",
        "22 — Desk Lamp",
    ]
    assert chapters[1][:2] == (0.5, 2.0)
    assert chapters[2][1] == pytest.approx(3.0, abs=0.05)  # "to the end": the last frame's


def test_a_fragmented_mp4_recording_gets_its_chapters_by_a_remux(
    media: EncodedMedia, tmp_path: Path
) -> None:
    path = tmp_path / "show.mp4"
    output = RecordingOutput(path)
    output.start(media.spec)
    output.set_chapters(CHAPTERS[:2])
    media.play(output.send, realtime=False)
    output.stop(10.0)
    assert output.stats().state == OutputState.STOPPED
    # QuickTime chapters run from one start to the next: the titles and the second start.
    chapters = probed_chapters(path)
    assert [title for _, _, title in chapters] == ["11 — Enamel Mug", "22 — Desk Lamp"]
    assert chapters[1][0] == pytest.approx(2.0)
    assert [p.name for p in tmp_path.iterdir()] == ["show.mp4"]  # no temporary file left


def test_a_finished_recording_gets_chapters_whole_or_not_at_all(
    media: EncodedMedia, tmp_path: Path
) -> None:
    path = tmp_path / "show.mkv"
    output = RecordingOutput(path)
    output.start(media.spec)
    media.play(output.send, realtime=False)
    output.stop(5.0)
    assert probed_chapters(path) == []
    before, packets = path.read_bytes(), packet_count(path)

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        remux_with_chapters(path, CHAPTERS, cancel)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["show.mkv"]

    remux_with_chapters(path, CHAPTERS)
    assert [title for _, _, title in probed_chapters(path)][1:] == [
        "11 — Enamel Mug",
        "22 — Desk Lamp",
    ]
    assert packet_count(path) == packets  # every packet copied, none re-encoded
    assert [p.name for p in tmp_path.iterdir()] == ["show.mkv"]
