"""Media file source: pacing, looping, A/V alignment, files without one of the tracks."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.capture.base import SourceState
from studio.capture.media_file import MediaFileSettings, MediaFileSource
from studio.clock import AUDIO_RATE_HZ, NS_PER_S, ManualClock, ns_to_audio_position
from studio.media import VideoPicture
from tests.capture.waiting import wait_for
from tests.support.media_files import BEEP_HZ, MEDIA_FPS

FRAME_NS = NS_PER_S // MEDIA_FPS
STEP_NS = 10_000_000  # a mixer-sized step: 10 ms


def _start(path: Path, clock: ManualClock) -> MediaFileSource:
    source = MediaFileSource(MediaFileSettings(path=path), clock)
    source.retry_interval_s = 0.05
    source.start()
    wait_for(lambda: source.play_start_ns is not None)
    # Nothing is shown before the first frame is due: step from just before it.
    clock.set_ns((source.play_start_ns or 0) - STEP_NS)
    return source


def _picture_at(source: MediaFileSource, now_ns: int) -> VideoPicture:
    """The picture shown at ``now_ns``, once the decoder has caught up with the clock."""
    picture = wait_for(
        lambda: (
            (p := source.current_picture()) is not None and p.captured_ns > now_ns - FRAME_NS and p
        )
    )
    assert isinstance(picture, VideoPicture)
    return picture


def _brightness(picture: VideoPicture) -> float:
    return float(picture.frame.to_ndarray(format="gray").mean())


def test_flash_and_beep_line_up(flash_beep_mp4: Path) -> None:
    clock = ManualClock()
    source = _start(flash_beep_mp4, clock)
    try:
        assert source.natural_size() == (64, 48)
        window = STEP_NS * AUDIO_RATE_HZ // NS_PER_S
        for _ in range(200):
            clock.advance_ns(STEP_NS)
            now_ns = clock.now_ns()
            picture = _picture_at(source, now_ns)
            end = ns_to_audio_position(now_ns)
            # The picture for now is decoded, so the sound up to now is too (None = silence).
            block = source.read_audio(end - window, window)
            if block is not None and np.abs(block).max() > 0.2:  # the mixer hears the beep now...
                assert _brightness(picture) > 200  # ...and the compositor shows the flash
                spectrum = np.abs(np.fft.rfft(block[:, 0]))
                assert abs(np.argmax(spectrum) * AUDIO_RATE_HZ / window - BEEP_HZ) <= 100
                break
        else:
            raise AssertionError("the beep never played")
    finally:
        source.stop()


def test_flash_starts_within_a_frame_of_the_beep(flash_beep_mp4: Path) -> None:
    clock = ManualClock()
    source = _start(flash_beep_mp4, clock)
    try:
        flash_ns = None
        while flash_ns is None and clock.now_ns() < 2 * NS_PER_S:
            clock.advance_ns(STEP_NS)
            picture = _picture_at(source, clock.now_ns())
            if _brightness(picture) > 200:
                flash_ns = picture.captured_ns
        assert flash_ns is not None
        audio = source.read_audio(0, 2 * AUDIO_RATE_HZ)  # held on the timeline, not consumed
        assert audio is not None
        beep_ns = int(np.flatnonzero(np.abs(audio[:, 0]) > 0.2)[0]) * NS_PER_S // AUDIO_RATE_HZ
        assert abs(beep_ns - flash_ns) <= FRAME_NS
    finally:
        source.stop()


def test_media_loops_seamlessly(video_only_mp4: Path) -> None:
    clock = ManualClock()
    source = _start(video_only_mp4, clock)  # 1 s long
    try:
        seqs, stamps = [], []
        while clock.now_ns() < 2_500_000_000:
            clock.advance_ns(FRAME_NS)
            picture = _picture_at(source, clock.now_ns())
            seqs.append(picture.seq)
            stamps.append(picture.captured_ns)
        assert seqs == sorted(seqs) and seqs[-1] >= 55  # more frames than one pass holds
        assert np.diff(np.unique(stamps)).max() <= FRAME_NS + 1_000_000  # no gap at the seam
        assert source.read_audio(0, 4800) is None  # no sound track, no sound
    finally:
        source.stop()


def test_audio_only_file_plays_sound_without_picture(audio_only_m4a: Path) -> None:
    clock = ManualClock()
    source = _start(audio_only_m4a, clock)
    try:
        clock.advance_ns(300_000_000)
        start = ns_to_audio_position(source.play_start_ns or 0)
        block = wait_for(lambda: source.read_audio(start + 2400, 4800))
        assert np.abs(block).max() > 0.05  # ffmpeg's sine is at 1/8 full scale
        assert source.current_picture() is None
        assert source.health.state is SourceState.OK
    finally:
        source.stop()


def test_missing_media_file_is_an_error_then_recovers(tmp_path: Path, media_mp4: Path) -> None:
    target = tmp_path / "clip.mp4"
    target.write_bytes(media_mp4.read_bytes())
    settings = MediaFileSettings(path=target)
    target.unlink()
    source = MediaFileSource(settings, ManualClock())
    source.retry_interval_s = 0.05
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        assert source.health.message == f"Media file '{target}' was not found."
        target.write_bytes(media_mp4.read_bytes())
        wait_for(lambda: source.health.state is SourceState.OK)
    finally:
        source.stop()
