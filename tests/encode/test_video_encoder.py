from __future__ import annotations

from fractions import Fraction

import pytest

from studio.encode import VideoEncoder, VideoEncoderSettings, probe_video_encoders
from tests.support.encoded_media import EncodedMedia, make_frame


@pytest.fixture(scope="module")
def media() -> EncodedMedia:
    return EncodedMedia(duration_s=6.0, video=VideoEncoderSettings(bitrate_kbps=600))


def test_keyframe_every_two_seconds_exactly(media: EncodedMedia) -> None:
    keyframes = [p.pts_s for p in media.video_packets if p.is_keyframe]
    assert keyframes == pytest.approx([0.0, 2.0, 4.0])


def test_no_b_frames_so_pts_equals_dts(media: EncodedMedia) -> None:
    assert all(p.pts == p.dts for p in media.video_packets)
    assert [p.pts for p in media.video_packets] == list(range(180))


def test_stream_template_is_h264_high_yuv420p(media: EncodedMedia) -> None:
    template = media.spec.video_template
    assert template.codec_context.name == "libx264"
    sps = bytes(template.codec_context.extradata).split(b"\x00\x00\x01")[1]  # Annex B
    assert (sps[0] & 0x1F, sps[1]) == (7, 100)  # an SPS with profile_idc 100 = High
    assert template.codec_context.pix_fmt == "yuv420p"
    assert (template.codec_context.width, template.codec_context.height) == (320, 240)
    assert template.codec_context.extradata  # SPS/PPS for FLV/MKV headers
    assert media.spec.fps == Fraction(30)


def test_bitrate_roughly_honoured(media: EncodedMedia) -> None:
    total_bits = sum(len(p.data) for p in media.video_packets) * 8
    kbps = total_bits / 6.0 / 1000
    assert 600 * 0.5 < kbps < 600 * 1.5


def test_clock_time_follows_packets(media: EncodedMedia) -> None:
    assert media.video_packets[30].clock_ns == 10**9


def test_probe_finds_only_working_encoders() -> None:
    encoders = probe_video_encoders()
    assert encoders[-1] == "libx264"
    assert probe_video_encoders() is encoders  # cached


def test_missing_hardware_encoder_falls_back_to_x264() -> None:
    if "h264_nvenc" in probe_video_encoders():
        pytest.skip("this machine really has NVENC")
    encoder = VideoEncoder(320, 240, Fraction(30), VideoEncoderSettings(encoder="h264_nvenc"))
    assert encoder.encoder_name == "libx264"
    assert "h264_nvenc" in encoder.fallback_message
    assert "libx264" in encoder.fallback_message
    assert encoder.encode(make_frame(0, 320, 240), 0)[0].is_keyframe


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError):
        VideoEncoderSettings(bitrate_kbps=0)
