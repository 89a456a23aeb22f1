from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from studio.encode import AudioEncoder, AudioEncoderSettings
from tests.support.encoded_media import tone


def test_aac_lc_48k_stereo_frames() -> None:
    encoder = AudioEncoder()
    packets = []
    for start in range(0, 48_000, 960):  # blocks that are not AAC-sized are re-framed
        packets += encoder.encode(tone(start, 960), start, clock_ns=start * 10**9 // 48_000)
    packets += encoder.flush()
    context = encoder.stream.codec_context
    assert context.name == "aac"
    assert context.profile == "LC"
    assert context.sample_rate == 48_000
    assert context.layout.nb_channels == 2
    assert all(p.duration == 1024 for p in packets[:-1])  # the last one is partial
    steps = {b.pts - a.pts for a, b in itertools.pairwise(packets)}
    assert steps == {1024}
    assert packets[-1].pts_s > 0.95
    kbps = sum(len(p.data) for p in packets) * 8 / 1000
    assert 40 < kbps < 240


@pytest.mark.parametrize("kbps", [32, 400])
def test_bitrate_outside_range_is_refused(kbps: int) -> None:
    with pytest.raises(ValueError):
        AudioEncoderSettings(bitrate_kbps=kbps)


def test_a_44_1_khz_stream_is_resampled_from_the_48_khz_mix() -> None:
    encoder = AudioEncoder(AudioEncoderSettings(sample_rate_hz=44_100))
    packets = []
    for start in range(0, 48_000, 960):
        packets += encoder.encode(tone(start, 960), start, clock_ns=start * 10**9 // 48_000)
    packets += encoder.flush()
    assert encoder.stream.codec_context.sample_rate == 44_100
    assert all(p.time_base == Fraction(1, 44_100) for p in packets)
    steps = {b.pts - a.pts for a, b in itertools.pairwise(packets)}
    assert steps == {1024}
    # One second of mix is one second of stream, and the clock stamps follow the pts.
    assert 0.95 < packets[-1].pts_s < 1.05
    for packet in packets[2:]:
        assert abs(packet.clock_ns - packet.pts * 10**9 // 44_100) < 2_000_000


def test_only_44_1_and_48_khz_are_accepted() -> None:
    with pytest.raises(ValueError):
        AudioEncoderSettings(sample_rate_hz=32_000)  # type: ignore[arg-type]
