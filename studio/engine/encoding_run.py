"""One stretch of encoding on a canvas: from going live (or starting a recording) to the end.

The canvas renders and mixes all the time (the preview and the meters need it); a run turns
that into packets for the outputs. It starts on a video frame chosen by the render thread, and
its audio starts at exactly that frame's instant on the 48 kHz timeline, so both tracks begin
together whenever the host presses Go Live.
"""

from __future__ import annotations

import logging
import threading

import av
import numpy as np
from av.video.reformatter import Interpolation, VideoReformatter

from studio.clock import ns_to_audio_position
from studio.encode import (
    AudioEncoder,
    AudioEncoderSettings,
    VideoEncoder,
    VideoEncoderSettings,
    build_stream_spec,
)
from studio.engine.canvas_config import CanvasConfig
from studio.media import EncodedPacket, StreamSpec
from studio.outputs.fanout import Fanout

log = logging.getLogger(__name__)


class EncodingRun:
    def __init__(
        self,
        config: CanvasConfig,
        video_settings: VideoEncoderSettings,
        audio_settings: AudioEncoderSettings,
        fanout: Fanout,
        on_packet: object = None,
    ) -> None:
        width, height = video_settings.output_size(config.width, config.height)
        self.video_encoder = VideoEncoder(width, height, config.fps, video_settings)
        scaled = (width, height) != (config.width, config.height)
        self._scaler = VideoReformatter() if scaled else None
        self.audio_encoder = AudioEncoder(audio_settings)
        self.spec: StreamSpec = build_stream_spec(self.video_encoder, self.audio_encoder)
        self._fanout = fanout
        self._on_packet = on_packet
        self.first_frame_index: int | None = None
        self.audio_start_position: int | None = None
        self.first_packet_delivered = threading.Event()
        self._video_lock = threading.Lock()
        self._audio_lock = threading.Lock()
        self._closed = False

    # -- called by the render thread -----------------------------------------------------
    def claim_first_frame(self, index: int, due_ns: int) -> None:
        """The render thread names the run's first frame; audio starts at the same instant."""
        if self.first_frame_index is None:
            self.audio_start_position = ns_to_audio_position(due_ns)
            self.first_frame_index = index

    @property
    def accepting(self) -> bool:
        return not self._closed

    # -- called by the encode and audio threads ------------------------------------------
    def encode_video(self, frame: av.VideoFrame, index: int, due_ns: int) -> None:
        with self._video_lock:
            if self._closed or self.first_frame_index is None or index < self.first_frame_index:
                return
            if self._scaler is not None:  # swscale releases the GIL: the render thread goes on
                frame = self._scaler.reformat(
                    frame,
                    width=self.video_encoder.width,
                    height=self.video_encoder.height,
                    interpolation=Interpolation.AREA,
                )
            packets = self.video_encoder.encode(frame, index - self.first_frame_index, due_ns)
        self._deliver(packets)

    def encode_audio(self, samples: np.ndarray, position: int, block_start_ns: int) -> None:
        with self._audio_lock:
            start = self.audio_start_position
            if self._closed or start is None or position + len(samples) <= start:
                return
            if position < start:  # the block the run starts in: keep only its tail
                samples = samples[start - position :]
                position = start
            packets = self.audio_encoder.encode(samples, position - start, block_start_ns)
        self._deliver(packets)

    def _deliver(self, packets: list[EncodedPacket]) -> None:
        for packet in packets:
            self._fanout.send(packet)
            if callable(self._on_packet):
                self._on_packet(packet)
        if packets:
            self.first_packet_delivered.set()

    # -- called by the pipeline ------------------------------------------------------------
    def close(self) -> None:
        """Flush both encoders into the outputs; frames arriving later are ignored."""
        with self._video_lock, self._audio_lock:
            if self._closed:
                return
            self._closed = True
            packets = self.video_encoder.flush() + self.audio_encoder.flush()
        self._deliver(packets)
        for encoder in (self.video_encoder, self.audio_encoder):
            try:
                encoder.close()
            except Exception:
                log.exception("closing encoder failed")
