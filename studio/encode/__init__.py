"""Encoders: one video and one audio encode feed every output."""

from __future__ import annotations

from studio.encode.audio import AudioEncoder
from studio.encode.hardware import probe_video_encoders, try_open_video_encoder
from studio.encode.settings import AudioEncoderSettings, VideoEncoderSettings
from studio.encode.video import VideoEncoder
from studio.media import StreamSpec


def build_stream_spec(video: VideoEncoder, audio: AudioEncoder) -> StreamSpec:
    """What outputs need to create their streams, taken from the two opened encoders."""
    return StreamSpec(
        video_template=video.stream,
        audio_template=audio.stream,
        width=video.width,
        height=video.height,
        fps=video.fps,
        audio_rate_hz=audio.sample_rate_hz,
        video_bitrate_kbps=video.settings.bitrate_kbps,
        audio_bitrate_kbps=audio.settings.bitrate_kbps,
        encoder_name=video.encoder_name,
    )


__all__ = [
    "AudioEncoder",
    "AudioEncoderSettings",
    "VideoEncoder",
    "VideoEncoderSettings",
    "build_stream_spec",
    "probe_video_encoders",
    "try_open_video_encoder",
]
