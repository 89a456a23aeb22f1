"""A recording made elsewhere with B-frames (OBS's and ffmpeg's x264 defaults): Matroska
stores no decode times, so the packets read first after the start or a seek come without one.
The copy still begins on the keyframe at or before the span, not a keyframe interval later."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import pytest

from studio.clips.copy_cut import cut_copy


@pytest.fixture(scope="module")
def b_frame_recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bframes") / "elsewhere.mkv"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
         "-f", "lavfi", "-i", "sine", "-t", "6", "-c:v", "libx264", "-bf", "3", "-g", "30",
         "-c:a", "aac", str(path)],
        check=True, timeout=120,
    )  # fmt: skip
    with av.open(str(path)) as container:
        first = next(container.demux(container.streams.video[0]))
        assert first.is_keyframe and first.dts is None  # what the cut has to cope with
    return path


def video_span_s(path: Path) -> tuple[int, float, float]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        times = [float(frame.pts * stream.time_base) for frame in container.decode(stream)]
    return len(times), min(times), max(times)


@pytest.mark.parametrize(("start_s", "end_s"), [(0.2, 3.2), (2.2, 4.2)])
def test_the_copy_starts_on_the_keyframe_before_the_span(
    b_frame_recording: Path, tmp_path: Path, start_s: float, end_s: float
) -> None:
    clip = tmp_path / "clip.mp4"
    begin_us, _ = cut_copy(
        b_frame_recording, clip, int(start_s * 1e6), int(end_s * 1e6), {"comment": "test"}
    )
    assert start_s - 1.05 <= begin_us / 1e6 <= start_s  # keyframes every second

    frames, first_s, last_s = video_span_s(clip)
    assert first_s == 0.0
    wanted_s = end_s - begin_us / 1e6
    assert wanted_s - 0.1 <= last_s <= wanted_s + 0.2  # B-frames decoded before the end stay
    assert frames >= round(wanted_s * 30) - 3
