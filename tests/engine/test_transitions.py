"""Scene changes: a fade blends the two scenes over its duration; studio mode's preview
renders the next scene without touching the program."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from studio.clock import ManualClock
from studio.engine.session import Session
from studio.scene import load_collection
from tests.support.analysis import read_audio, read_video
from tests.support.scenes import collection, write_collection


def two_scene_show(tmp_path: Path) -> Path:
    def solid(name: str, color: str) -> dict[str, object]:
        source = {"kind": "color", "name": name, "color": color, "width": 160, "height": 96}
        return {"name": name, "items": [{"source": source}]}

    document = collection(
        [{"name": "main", "width": 160, "height": 96, "fps": 30, "scene": "Black"}],
        [solid("Black", "#000000"), solid("White", "#FFFFFF")],
    )
    return write_collection(tmp_path / "two.json", document)


def test_a_fade_blends_from_one_scene_to_the_next(tmp_path: Path) -> None:
    clock = ManualClock()
    session = Session(load_collection(two_scene_show(tmp_path)), clock=clock)
    session.add_recording(tmp_path / "fade.mkv")
    session.start(frame_limit=60)
    # Frames render as fast as they encode: ask for the fade once frame 15 is due.
    while clock.now_ns() < 15 * 1_000_000_000 // 30:
        time.sleep(0.001)
    session.show_scene("main", "White", transition_ms=500)
    assert session.wait_finished(timeout_s=60)
    session.stop()

    luma = np.array([planes[0].mean() for planes in read_video(tmp_path / "fade.mkv").planes])
    assert luma[0] < 20 and luma[-1] > 230
    ramp = luma[(luma > 25) & (luma < 225)]
    assert 10 <= ramp.size <= 16, luma.round()  # ~15 frames in between, not a cut
    assert np.all(np.diff(ramp) > 0)  # brighter frame after frame


def test_studio_mode_previews_the_next_scene_while_the_program_stays(tmp_path: Path) -> None:
    session = Session(load_collection(two_scene_show(tmp_path)))
    session.start(all_canvases=True)
    try:
        session.set_preview_scene("main", "White")
        deadline = time.monotonic() + 5
        picture = session.preview_scene("main", 80, 80)
        while (picture is None or picture[..., :3].mean() < 200) and time.monotonic() < deadline:
            time.sleep(0.05)
            picture = session.preview_scene("main", 80, 80)
        assert picture is not None and picture.shape == (48, 80, 4)
        assert picture[..., :3].mean() > 200  # the next scene: white
        program = session.preview("main", 80, 80)
        while program is None and time.monotonic() < deadline:  # the program's first frame is
            time.sleep(0.05)  # rendered on the canvas's thread; the next scene's came at once
            program = session.preview("main", 80, 80)
        assert program is not None and program[..., :3].mean() < 30  # on air: still black
        session.set_preview_scene("main", None)
        assert session.preview_scene("main", 80, 80) is None
    finally:
        session.stop()


def _tone_levels(samples: np.ndarray, frequency_hz: float, window: int = 960) -> np.ndarray:
    """The amplitude of one frequency in each 20 ms window (a single-bin DFT)."""
    count = samples.size // window
    blocks = samples[: count * window].reshape(count, window)
    t = np.arange(window) / 48_000
    basis = np.exp(-2j * np.pi * frequency_hz * t)
    return np.abs(blocks @ basis) * 2 / window


def _render_scene_change(tmp_path: Path, transition_ms: float) -> np.ndarray:
    def tone(name: str, frequency_hz: int) -> dict[str, object]:
        source = {"kind": "tone", "name": name, "frequency_hz": frequency_hz, "level_dbfs": -6}
        return {"name": name, "items": [{"source": source}]}

    document = collection(
        [{"name": "main", "width": 160, "height": 96, "fps": 30, "scene": "Low"}],
        [tone("Low", 400), tone("High", 1000)],
    )
    # In real time, as a host meets it (offline, the audio thread may trail the pictures).
    session = Session(load_collection(write_collection(tmp_path / "tones.json", document)))
    session.add_recording(tmp_path / f"change-{transition_ms:g}.mkv")
    session.start(frame_limit=75)
    time.sleep(1.0)
    session.show_scene("main", "High", transition_ms=transition_ms)
    assert session.wait_finished(timeout_s=60)
    session.stop()
    return read_audio(tmp_path / f"change-{transition_ms:g}.mkv").samples


def test_a_fade_cross_fades_the_sound_too(tmp_path: Path) -> None:
    full = 10 ** (-6 / 20)
    samples = _render_scene_change(tmp_path, transition_ms=500)
    low, high = _tone_levels(samples, 400), _tone_levels(samples, 1000)
    assert low[5] > 0.9 * full and high[5] < 0.05 * full  # before: the first scene only
    assert high[-5] > 0.9 * full and low[-5] < 0.05 * full  # after: the second only
    # In between, both play: the first fading out while the second fades in, over ~500 ms.
    both = np.flatnonzero((low > 0.1 * full) & (high > 0.1 * full))
    assert 18 <= both.size <= 28, (low.round(2), high.round(2))
    assert np.all(np.diff(low[both]) < 0.02) and np.all(np.diff(high[both]) > -0.02)


def test_a_cut_switches_the_sound_at_once(tmp_path: Path) -> None:
    full = 10 ** (-6 / 20)
    samples = _render_scene_change(tmp_path, transition_ms=0)
    low, high = _tone_levels(samples, 400), _tone_levels(samples, 1000)
    both = np.flatnonzero((low > 0.1 * full) & (high > 0.1 * full))
    assert both.size <= 2


def test_a_cut_changes_the_sound_with_the_picture(tmp_path: Path) -> None:
    """The mixer works in blocks of several AAC frames, and a scene change lands inside one:
    the sound switches at the instant the picture does, not at the block's start."""

    def scene(name: str, color: str, frequency_hz: int) -> dict[str, object]:
        fill = {"kind": "color", "name": f"{name} fill", "color": color, "width": 160,
                "height": 96}  # fmt: skip
        tone = {"kind": "tone", "name": f"{name} tone", "frequency_hz": frequency_hz,
                "level_dbfs": -6}  # fmt: skip
        return {"name": name, "items": [{"source": fill}, {"source": tone}]}

    document = collection(
        [{"name": "main", "width": 160, "height": 96, "fps": 30, "scene": "Low"}],
        [scene("Low", "#000000", 400), scene("High", "#FFFFFF", 1000)],
    )
    path = tmp_path / "cut.mkv"
    session = Session(load_collection(write_collection(tmp_path / "cut.json", document)))
    session.add_recording(path)
    session.start(frame_limit=75)
    for delay_s in (0.83, 0.57):  # a cut to High, and back: each lands mid-block
        time.sleep(delay_s)
        session.show_scene("main", "High" if delay_s > 0.8 else "Low")
    assert session.wait_finished(timeout_s=60)
    session.stop()

    video = read_video(path)
    brightness = np.array([planes[0].mean() for planes in video.planes])
    times = np.array(video.frame_times_s)
    pictures = [float(times[i]) for i in np.flatnonzero(np.diff(brightness > 128)) + 1]
    audio = read_audio(path)
    window = 240  # 5 ms: two cycles of 400 Hz, five of 1000 Hz
    high = _tone_levels(audio.samples, 1000, window)
    low = _tone_levels(audio.samples, 400, window)
    sound_times = audio.start_s + np.arange(high.size) * window / 48_000
    sounds = [float(sound_times[i]) for i in np.flatnonzero(np.diff(high > low)) + 1]
    assert len(pictures) == 2 and len(sounds) == 2, (pictures, sounds)
    for picture, sound in zip(pictures, sounds, strict=True):
        assert abs(sound - picture) <= 1 / 30 + 0.01, (pictures, sounds)
