"""Sources that make their content from settings: colour, tone, test pattern."""

from __future__ import annotations

import numpy as np
import pytest

from studio.capture.base import SourceState
from studio.capture.color import ColorSettings, ColorSource
from studio.capture.registry import source_class_for, source_kinds
from studio.capture.test_pattern import TestPatternSettings as PatternSettings
from studio.capture.test_pattern import TestPatternSource as PatternSource
from studio.capture.tone import ToneSettings, ToneSource
from studio.clock import AUDIO_RATE_HZ, ManualClock
from studio.media import OverlayPicture, VideoPicture
from tests.capture.waiting import wait_for


def test_every_kind_is_registered() -> None:
    assert set(source_kinds()) >= {
        "camera", "color", "image", "media", "microphone", "test_pattern", "text", "tone",
    }  # fmt: skip
    assert source_class_for(ToneSettings()) is ToneSource


def test_color_is_a_premultiplied_fill() -> None:
    source = ColorSource(ColorSettings(color="#FF800080", width=4, height=2), ManualClock())
    source.start()
    picture = source.current_picture()
    assert isinstance(picture, OverlayPicture)
    assert picture.size == (4, 2) and not picture.opaque
    assert picture.bgra[0, 0].tolist() == [0, 64, 128, 128]  # B, G, R premultiplied, A
    assert source.current_picture() is picture  # same seq: nothing to reconvert
    assert source.health.state is SourceState.OK
    opaque = ColorSource(ColorSettings(color="#102030", width=2, height=2), ManualClock())
    opaque.start()
    assert opaque.current_picture().opaque  # type: ignore[union-attr]


def _dominant_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * AUDIO_RATE_HZ / len(samples))


def test_tone_frequency_and_level() -> None:
    source = ToneSource(ToneSettings(frequency_hz=1000, level_dbfs=-6), ManualClock())
    block = source.read_audio(123_456, AUDIO_RATE_HZ)
    assert block is not None and block.shape == (AUDIO_RATE_HZ, 2) and block.dtype == np.float32
    assert _dominant_hz(block[:, 0]) == pytest.approx(1000, abs=1)
    assert np.abs(block).max() == pytest.approx(10 ** (-6 / 20), rel=1e-3)
    # Any reader, any block size, same samples: computed from the position alone.
    halves = np.concatenate([source.read_audio(123_456, 1000), source.read_audio(124_456, 47_000)])
    np.testing.assert_array_equal(halves, block)


def test_beeps_start_exactly_on_their_period() -> None:
    settings = ToneSettings(frequency_hz=1000, beep_period_s=0.25, beep_length_s=0.05)
    block = ToneSource(settings, ManualClock()).read_audio(0, AUDIO_RATE_HZ)
    assert block is not None
    amplitude = 10 ** (-20 / 20)
    expected = np.zeros(AUDIO_RATE_HZ)
    for start in (0, 12_000, 24_000, 36_000):  # beep k starts at k × 0.25 s, at phase zero
        n = np.arange(2400)
        expected[start : start + 2400] = amplitude * np.sin(2 * np.pi * 1000 * n / AUDIO_RATE_HZ)
    np.testing.assert_allclose(block[:, 0], expected, atol=1e-6)
    assert not block[2400:12_000].any()  # silent between beeps


def test_test_pattern_publishes_frames_paced_by_the_clock() -> None:
    clock = ManualClock()
    source = PatternSource(PatternSettings(width=64, height=48, fps=10), clock)
    source.start()
    try:
        first = wait_for(source.current_picture)
        assert isinstance(first, VideoPicture) and first.size == (64, 48)
        assert source.health.state is SourceState.OK
        clock.advance_ns(100_000_000)  # one frame period later: one new frame
        second = wait_for(lambda: (p := source.current_picture()) is not first and p)
        assert second.seq > first.seq
        assert second.captured_ns == 100_000_000
        assert source.natural_size() == (64, 48)
    finally:
        source.stop()
    assert source.health.state is SourceState.STOPPED
