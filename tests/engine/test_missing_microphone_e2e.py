"""A show whose only sound is a microphone that is not there (no sound card, a wrong name) still
goes out: nginx-rtmp receives the picture and a silent audio track that keeps growing, the
microphone reports its problem once, and swapping the music for a missing microphone mid-show
does not cut the stream.

A scene like that encodes to a few kilobits per second; these tests are where a stage that waits
for a full buffer before passing anything on shows itself."""

from __future__ import annotations

import itertools
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from studio.capture.base import SourceEvent, SourceState
from studio.capture.color import ColorSettings
from studio.capture.microphone import MicrophoneSettings
from studio.capture.tone import ToneSettings
from studio.engine.session import Session, SessionEvent
from studio.outputs.base import OutputState
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform
from tests.support.analysis import read_audio, read_video
from tests.support.nginx_rtmp import RtmpServer

pytestmark = pytest.mark.e2e

MISSING_DEVICE = "No Such Mic 3000"
SILENCE = 1e-4  # AAC of digital silence decodes to (near) exact zeros


def show(*items: SceneItem) -> SceneCollection:
    canvas = Canvas(name="main", width=160, height=96, fps=Fraction(30), scene="Main")
    return SceneCollection(name="t", canvases=[canvas], scenes=[Scene(name="Main", items=items)])


BACKGROUND = SceneItem(
    id="bg", source=ColorSettings(color="#2050A0"), transform=Transform(fit="stretch")
)
MISSING_MIC = SceneItem(id="mic", source=MicrophoneSettings(name="Mic", device=MISSING_DEVICE))
TONE = SceneItem(id="tone", source=ToneSettings(name="Music", frequency_hz=440))


def received_bytes(server: RtmpServer, key: str) -> int:
    return sum(path.stat().st_size for path in server.recordings(key))


def sizes_over(server: RtmpServer, key: str, seconds: int) -> list[int]:
    """What nginx has recorded of ``key``, once a second for ``seconds`` seconds."""
    sizes = []
    for _ in range(seconds):
        time.sleep(1.0)
        sizes.append(received_bytes(server, key))
    return sizes


def assert_keeps_growing(sizes: list[int]) -> None:
    assert sizes[0] > 0, f"nothing reached nginx: {sizes}"
    assert all(b > a for a, b in itertools.pairwise(sizes)), (
        f"the stream stopped growing at nginx (bytes, once a second): {sizes}"
    )


def test_a_scene_whose_only_sound_is_a_missing_microphone_goes_out_with_silence(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    events: list[SessionEvent] = []
    session = Session(show(BACKGROUND, MISSING_MIC), on_event=events.append)
    output = session.add_destination(rtmp_server.url("mic"))
    session.add_recording(tmp_path / "show.mkv")
    session.start()
    try:
        time.sleep(2.0)  # Go Live: connecting, publishing
        sizes = sizes_over(rtmp_server, "mic", 6)
        state = output.stats().state
        reconnects = output.stats().reconnects
    finally:
        session.stop()

    assert state is OutputState.LIVE
    assert_keeps_growing(sizes)
    assert reconnects == 0
    [received] = rtmp_server.recordings("mic")
    video = read_video(received, keep_planes=False)
    assert video.codec == "h264"
    assert len(video.frame_times_s) >= 6 * 30
    audio = read_audio(received)
    assert (audio.codec, audio.rate_hz, audio.channels) == ("aac", 48_000, 2)
    assert audio.samples.size >= 6 * 48_000  # the audio track runs with the picture
    assert float(np.max(np.abs(audio.samples))) < SILENCE
    recorded = read_audio(tmp_path / "show.mkv")  # the recording, too, has its silent track
    assert recorded.samples.size >= 7 * 48_000
    assert float(np.max(np.abs(recorded.samples))) < SILENCE

    # The missing device was reported once, by name, while the show went on.
    problems = [
        e.health
        for e in events
        if isinstance(e, SourceEvent) and e.source_name == "Mic"
        and e.health.state is SourceState.ERROR
    ]  # fmt: skip
    assert len(problems) == 1, problems
    assert f"'{MISSING_DEVICE}'" in problems[0].message


def test_a_scene_without_any_sound_source_streams_a_silent_track(rtmp_server: RtmpServer) -> None:
    session = Session(show(BACKGROUND))
    session.add_destination(rtmp_server.url("quiet"))
    session.start()
    try:
        time.sleep(2.0)
        sizes = sizes_over(rtmp_server, "quiet", 5)
    finally:
        session.stop()

    assert_keeps_growing(sizes)
    [received] = rtmp_server.recordings("quiet")
    audio = read_audio(received)
    assert audio.codec == "aac"
    assert audio.samples.size >= 5 * 48_000
    assert float(np.max(np.abs(audio.samples))) < SILENCE


def test_swapping_the_music_for_a_missing_microphone_mid_show_keeps_the_stream_going(
    rtmp_server: RtmpServer,
) -> None:
    session = Session(show(BACKGROUND, TONE))
    output = session.add_destination(rtmp_server.url("swap"))
    session.start()
    try:
        time.sleep(3.0)
        assert output.stats().state is OutputState.LIVE
        session.update_collection(show(BACKGROUND, MISSING_MIC))  # tone out, microphone in
        at_swap = received_bytes(rtmp_server, "swap")
        sizes = sizes_over(rtmp_server, "swap", 7)
        stats = output.stats()
    finally:
        session.stop()

    assert_keeps_growing([at_swap, *sizes])
    assert stats.state is OutputState.LIVE
    assert stats.reconnects == 0
    [received] = rtmp_server.recordings("swap")  # one publish from start to end: no reconnect
    audio = read_audio(received)
    # The tone played, then silence; the track lasts for the whole show.
    assert audio.samples.size >= 9 * 48_000
    assert float(np.max(np.abs(audio.samples[48_000 : 2 * 48_000]))) > 0.1
    assert float(np.max(np.abs(audio.samples[-2 * 48_000 :]))) < SILENCE
