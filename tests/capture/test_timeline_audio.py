"""The timeline audio buffer that media and microphone sources share with mixers."""

from __future__ import annotations

import numpy as np

from studio.capture.timeline_audio import TimelineAudioBuffer


def _ramp(start: int, count: int) -> np.ndarray:
    values = np.arange(start, start + count, dtype=np.float32)
    return np.stack([values, -values], axis=1)


def test_reads_do_not_consume_and_gaps_are_silent() -> None:
    buffer = TimelineAudioBuffer(capacity_s=0.1)  # 4800 frames
    assert buffer.read(0, 10) is None
    buffer.write(100, _ramp(100, 50))
    buffer.write(200, _ramp(200, 50))  # a jump forward: silence in between
    first = buffer.read(90, 200)
    second = buffer.read(90, 200)
    np.testing.assert_array_equal(first, second)
    assert first is not None
    assert not first[:10].any() and not first[60:110].any()
    np.testing.assert_array_equal(first[10:60], _ramp(100, 50))
    np.testing.assert_array_equal(first[110:160], _ramp(200, 50))


def test_wraps_around_and_forgets_the_oldest() -> None:
    buffer = TimelineAudioBuffer(capacity_s=0.1)
    for start in range(0, 12_000, 1000):
        buffer.write(start, _ramp(start, 1000))
    assert buffer.read(0, 1000) is None  # overwritten long ago
    np.testing.assert_array_equal(buffer.read(8000, 4000), _ramp(8000, 4000))
    assert buffer.end_position == 12_000
