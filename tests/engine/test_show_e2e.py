"""End to end: a scene goes live to a real nginx-rtmp server on loopback, and what the server
received is read back with PyAV and checked as a viewer would see and hear it."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from studio.capture.base import SourceEvent, SourceState
from studio.compositor.colorspace import rgb_to_yuv709
from studio.engine.session import Session
from studio.scene import load_collection
from tests.support.analysis import dominant_frequency_hz, onsets_s, read_audio, read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.support.scenes import collection, flash_and_beep_movie, solid_png, write_collection

pytestmark = pytest.mark.e2e

MAGENTA = (230, 20, 200)


def run_show(session: Session, seconds: float) -> None:
    session.start()
    try:
        time.sleep(seconds)
    finally:
        session.stop()


def canvas(name: str, width: int, height: int, scene: str) -> dict[str, object]:
    return {"name": name, "width": width, "height": height, "fps": 30, "scene": scene}


def test_stream_carries_the_scene_overlay_and_tone_with_platform_safe_settings(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    logo = solid_png(tmp_path / "logo.png", 64, 48, MAGENTA)
    document = collection(
        [canvas("main", 320, 240, "Live")],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "test_pattern", "width": 320, "height": 240}},
                    {"source": {"kind": "tone", "frequency_hz": 1000, "level_dbfs": -12}},
                    {
                        "source": {"kind": "image", "path": str(logo)},
                        "transform": {"x": 224, "y": 16},
                    },
                ],
            }
        ],
    )
    show = load_collection(write_collection(tmp_path / "show.json", document))
    session = Session(show)
    session.add_destination(rtmp_server.url("main"))
    run_show(session, 5.5)

    [received] = rtmp_server.recordings("main")
    video = read_video(received)
    assert (video.codec, video.width, video.height, video.pix_fmt) == ("h264", 320, 240, "yuv420p")
    assert video.profile == "High"
    assert len(video.frame_times_s) >= 4.5 * 30
    intervals = np.diff(video.keyframe_times_s)
    assert len(intervals) >= 2 and np.allclose(intervals, 2.0, atol=0.04), video.keyframe_times_s

    # The overlay's pixels are where the scene puts them (inside its edges, away from blur).
    y, u, v = video.planes[len(video.planes) // 2]
    expected = rgb_to_yuv709(*MAGENTA)
    assert abs(float(y[20:60, 228:284].mean()) - expected[0]) < 8
    assert abs(float(u[10:30, 114:142].mean()) - expected[1]) < 8
    assert abs(float(v[10:30, 114:142].mean()) - expected[2]) < 8
    assert abs(float(y[100:140, 20:60].mean()) - expected[0]) > 20  # the pattern is elsewhere

    audio = read_audio(received)
    assert (audio.codec, audio.rate_hz, audio.channels) == ("aac", 48_000, 2)
    assert audio.profile == "LC"
    middle = audio.samples[48_000 : 48_000 * 3]
    assert abs(dominant_frequency_hz(middle) - 1000) < 5
    level_dbfs = 20 * np.log10(np.sqrt(np.mean(middle**2)) * np.sqrt(2))
    assert abs(level_dbfs - -12) < 1.5

    stats = session.stats()[0]
    assert stats.video.encoded_frames >= 150
    assert stats.outputs[0].bytes_sent > 0


def test_audio_and_video_stay_within_one_frame(rtmp_server: RtmpServer, tmp_path: Path) -> None:
    movie = flash_and_beep_movie(tmp_path / "flash-beep.mp4")
    document = collection(
        [canvas("main", 320, 240, "Sync")],
        [
            {
                "name": "Sync",
                "items": [
                    {
                        "source": {"kind": "media", "path": str(movie), "loop": True},
                        "transform": {"fit": "stretch"},
                    }
                ],
            }
        ],
    )
    session = Session(load_collection(write_collection(tmp_path / "sync.json", document)))
    session.add_destination(rtmp_server.url("sync"))
    run_show(session, 7.5)

    [received] = rtmp_server.recordings("sync")
    video = read_video(received)
    brightness = np.array([planes[0].mean() for planes in video.planes])
    flashes = onsets_s(brightness, np.array(video.frame_times_s), threshold=125)
    audio = read_audio(received)
    window = 240  # 5 ms
    usable = audio.samples[: audio.samples.size // window * window].reshape(-1, window)
    envelope = np.sqrt(np.mean(usable**2, axis=1))
    times = audio.start_s + np.arange(envelope.size) * window / 48_000
    beeps = onsets_s(envelope, times, threshold=0.1)
    assert len(flashes) >= 2, flashes
    assert len(beeps) >= 2, beeps
    for flash in flashes:
        nearest = min(beeps, key=lambda beep: abs(beep - flash))
        assert abs(nearest - flash) <= 1 / 30 + 0.005, (flashes, beeps)


def test_landscape_and_vertical_canvases_stream_side_by_side(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    pattern = {"kind": "test_pattern", "name": "camera", "width": 320, "height": 180}
    tone = {"kind": "tone", "name": "music", "frequency_hz": 660}
    document = collection(
        [canvas("landscape", 320, 180, "Wide"), canvas("vertical", 180, 320, "Tall")],
        [
            {"name": "Wide", "items": [{"source": pattern}, {"source": tone}]},
            {
                "name": "Tall",
                "items": [{"source": pattern, "transform": {"fit": "cover"}}, {"source": tone}],
            },
        ],
    )
    show = load_collection(write_collection(tmp_path / "two.json", document))
    session = Session(show)
    session.add_destination(rtmp_server.url("wide"), "landscape")
    session.add_destination(rtmp_server.url("tall"), "vertical")
    session.add_recording(tmp_path / "tall.mkv", "vertical")
    run_show(session, 4.0)

    assert len(session.sources.sources()) == 0  # all released at stop
    for key, size in (("wide", (320, 180)), ("tall", (180, 320))):
        [received] = rtmp_server.recordings(key)
        video = read_video(received, keep_planes=False)
        assert (video.width, video.height) == size
        assert len(video.frame_times_s) >= 90
    recorded = read_video(tmp_path / "tall.mkv", keep_planes=False)
    assert (recorded.width, recorded.height) == (180, 320)


def test_a_failing_source_shows_a_placeholder_and_the_show_goes_on(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    document = collection(
        [canvas("main", 320, 240, "Live")],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "color", "color": "#000000", "width": 320, "height": 240}},
                    {
                        "source": {
                            "kind": "camera",
                            "name": "Desk cam",
                            "device": "/dev/video-gone",
                        },
                        "transform": {"x": 80, "y": 60, "width": 160, "height": 120},
                    },
                ],
            }
        ],
    )
    events: list[SourceEvent] = []
    session = Session(
        load_collection(write_collection(tmp_path / "cam.json", document)),
        on_event=lambda e: events.append(e) if isinstance(e, SourceEvent) else None,
    )
    session.add_destination(rtmp_server.url("cam"))
    run_show(session, 3.0)

    assert any(e.health.state == SourceState.ERROR and e.source_name == "Desk cam" for e in events)
    [received] = rtmp_server.recordings("cam")
    video = read_video(received)
    assert len(video.frame_times_s) >= 60
    y = video.planes[-10][0]
    inside, outside = float(y[70:170, 90:230].mean()), float(y[0:50, 0:50].mean())
    assert inside > outside + 10, (inside, outside)  # something visible where the camera was
