"""The desktop flow: the canvas previews first, goes live later, ends, goes live again."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from studio.engine.session import Session
from studio.scene import load_collection
from tests.support.analysis import onsets_s, read_audio, read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.support.scenes import collection, flash_and_beep_movie, write_collection

pytestmark = pytest.mark.e2e


def test_preview_then_live_twice_with_audio_and_video_aligned(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    movie = flash_and_beep_movie(tmp_path / "flash-beep.mp4")
    document = collection(
        [{"name": "main", "width": 320, "height": 240, "fps": 30, "scene": "Sync"}],
        [
            {
                "name": "Sync",
                "items": [
                    {
                        "source": {"kind": "media", "path": str(movie)},
                        "transform": {"fit": "stretch"},
                    }
                ],
            }
        ],
    )
    session = Session(load_collection(write_collection(tmp_path / "sync.json", document)))
    session.start(all_canvases=True)
    try:
        time.sleep(1.3)  # preview only: nothing is encoded yet
        preview = session.preview("main", 160, 160)
        assert preview is not None and preview.shape == (120, 160, 4)
        assert not session.pipeline("main").live
        for key in ("first", "second"):
            output = session.add_destination(rtmp_server.url(key))
            time.sleep(5.0)
            session.remove_output(output)
            assert not session.pipeline("main").live
            time.sleep(0.7)
    finally:
        session.stop()

    for key in ("first", "second"):
        [received] = rtmp_server.recordings(key)
        video = read_video(received)
        assert video.keyframe_times_s[0] == video.frame_times_s[0]
        assert len(video.frame_times_s) >= 120
        brightness = np.array([planes[0].mean() for planes in video.planes])
        flashes = onsets_s(brightness, np.array(video.frame_times_s), threshold=125)
        audio = read_audio(received)
        window = 240
        usable = audio.samples[: audio.samples.size // window * window].reshape(-1, window)
        envelope = np.sqrt(np.mean(usable**2, axis=1))
        beeps = onsets_s(envelope, audio.start_s + np.arange(envelope.size) * window / 48_000, 0.1)
        assert flashes and beeps, (key, flashes, beeps)
        for flash in flashes:
            nearest = min(beeps, key=lambda beep: abs(beep - flash))
            assert abs(nearest - flash) <= 1 / 30 + 0.005, (key, flashes, beeps)
