"""Offline rendering (a ManualClock): as fast as the encoder goes, every source frame once."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from studio.clock import ManualClock
from studio.encode import AudioEncoderSettings, VideoEncoderSettings
from studio.engine.session import Session
from studio.scene import load_collection
from tests.support.analysis import dominant_frequency_hz, read_audio, read_video
from tests.support.scenes import collection, write_collection

PATTERN = {"kind": "test_pattern", "width": 160, "height": 96}


def render_offline(
    folder: Path, sources: list[dict[str, object]], frames: int, **session_options: object
) -> Path:
    """Record ``frames`` frames of a 160×96 scene of ``sources`` offline; the file's path."""
    document = collection(
        [{"name": "main", "width": 160, "height": 96, "fps": 30, "scene": "S"}],
        [{"name": "S", "items": [{"source": source} for source in sources]}],
    )
    session = Session(
        load_collection(write_collection(folder / "s.json", document)),
        clock=ManualClock(),
        **session_options,  # type: ignore[arg-type]
    )
    session.add_recording(folder / "out.mkv")
    session.start(frame_limit=frames)
    assert session.wait_finished(timeout_s=60)
    session.stop()
    return folder / "out.mkv"


def test_offline_render_encodes_exactly_the_frames_asked_for(tmp_path: Path) -> None:
    path = render_offline(tmp_path, [PATTERN, {"kind": "tone", "frequency_hz": 500}], 90)
    video = read_video(path)
    assert len(video.frame_times_s) == 90
    assert np.allclose(np.diff(video.frame_times_s), 1 / 30, atol=0.002)
    # Every frame is a new source frame: testsrc2 moves, so no two neighbours are equal.
    lumas = [planes[0].astype(np.int16) for planes in video.planes]
    assert all(np.abs(a - b).mean() > 0.5 for a, b in itertools.pairwise(lumas))
    audio = read_audio(path)
    assert abs(audio.samples.size / 48_000 - 3.0) < 0.1


def test_the_sound_can_be_encoded_at_44_1_khz(tmp_path: Path) -> None:
    path = render_offline(
        tmp_path,
        [{"kind": "tone", "frequency_hz": 1000}],
        60,
        audio_settings=AudioEncoderSettings(sample_rate_hz=44_100),
    )
    audio = read_audio(path)  # decoded and brought back to 48 kHz
    assert audio.rate_hz == 44_100
    assert abs(audio.samples.size / 48_000 - 2.0) < 0.1
    assert abs(dominant_frequency_hz(audio.samples[4800:-4800]) - 1000) < 5


def test_the_output_can_be_scaled_down_from_the_canvas(tmp_path: Path) -> None:
    path = render_offline(
        tmp_path, [PATTERN], 15, video_settings=VideoEncoderSettings(output_scale=0.5)
    )
    video = read_video(path)
    assert len(video.frame_times_s) == 15
    assert video.planes[0][0].shape == (48, 80)  # luma plane of the first frame
