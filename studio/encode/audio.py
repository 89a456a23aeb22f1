"""The AAC-LC audio encoder: float32 stereo blocks in, :class:`EncodedPacket` values out."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np

from studio.clock import AUDIO_RATE_HZ
from studio.encode.settings import AudioEncoderSettings
from studio.media import AUDIO_FRAME_SAMPLES, EncodedPacket


class AudioEncoder:
    """Encodes float32 (samples, 2) arrays of the 48 kHz mix whose pts count mix samples.

    The stream is encoded at ``settings.sample_rate_hz`` (44.1 kHz resampled from the mix,
    so the mixer and every source keep one 48 kHz timeline); packet timestamps are in the
    stream's own time base. AAC frames are 1024 samples; any block size is accepted (PyAV's
    resampler re-frames). The first packet carries the encoder priming and has a negative pts,
    as FFmpeg does; outputs rebase their timestamps on the first video keyframe.
    """

    def __init__(self, settings: AudioEncoderSettings | None = None) -> None:
        self.settings = settings or AudioEncoderSettings()
        self.sample_rate_hz = self.settings.sample_rate_hz
        self.time_base = Fraction(1, self.sample_rate_hz)
        self._mix_time_base = Fraction(1, AUDIO_RATE_HZ)
        self._resampler = (
            av.AudioResampler(format="fltp", layout="stereo", rate=self.sample_rate_hz)
            if self.sample_rate_hz != AUDIO_RATE_HZ
            else None
        )
        self._clock_by_pts: dict[int, int] = {}
        self._container = av.open(io.BytesIO(), "w", format="nut")
        stream = self._container.add_stream(
            self.settings.encoder, rate=self.sample_rate_hz, layout="stereo"
        )
        stream.bit_rate = self.settings.bitrate_kbps * 1000
        stream.time_base = self.time_base
        self._container.start_encoding()
        self.stream: av.audio.stream.AudioStream = stream
        self.encoder_name = self.settings.encoder

    def encode(self, samples: np.ndarray, pts: int, clock_ns: int = 0) -> list[EncodedPacket]:
        """Encode ``samples`` (float32, shape (n, 2)) starting at mix sample ``pts``."""
        block = np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(block, format="flt", layout="stereo")
        frame.sample_rate = AUDIO_RATE_HZ
        frame.pts = pts
        frame.time_base = self._mix_time_base
        self._clock_by_pts[pts * self.sample_rate_hz // AUDIO_RATE_HZ] = clock_ns
        if self._resampler is None:
            return self._convert(self.stream.encode(frame))
        packets = []
        for resampled in self._resampler.resample(frame):  # pts rescaled to the stream's rate
            packets.extend(self.stream.encode(resampled))
        return self._convert(packets)

    def flush(self) -> list[EncodedPacket]:
        packets = []
        if self._resampler is not None:
            for resampled in self._resampler.resample(None):
                packets.extend(self.stream.encode(resampled))
        packets.extend(self.stream.encode(None))
        return self._convert(packets)

    def _clock_for(self, pts: int) -> int:
        # The packet carries the block that started at or before its pts.
        starts = [p for p in self._clock_by_pts if p <= pts + AUDIO_FRAME_SAMPLES]
        if not starts:
            return 0
        start = max(starts)
        for p in [p for p in self._clock_by_pts if p < start]:
            del self._clock_by_pts[p]
        clock_ns = self._clock_by_pts[start]
        return clock_ns + (pts - start) * 1_000_000_000 // self.sample_rate_hz

    def _convert(self, packets: list[av.Packet]) -> list[EncodedPacket]:
        out = []
        for packet in packets:
            if packet.pts is None:
                continue
            out.append(
                EncodedPacket(
                    media="audio",
                    data=bytes(packet),
                    pts=packet.pts,
                    dts=packet.dts if packet.dts is not None else packet.pts,
                    duration=packet.duration or AUDIO_FRAME_SAMPLES,
                    time_base=self.time_base,
                    is_keyframe=True,
                    clock_ns=self._clock_for(packet.pts),
                )
            )
        return out

    def close(self) -> None:
        self._container.close()
