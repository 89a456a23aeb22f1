"""The canvas's audio clock: mixes one AAC frame of the 48 kHz timeline at a time, once the
sources have had time to deliver it, for the meters always and for the encoder while an
encoding run is active."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from studio.audio.mixer import AudioMixer, MixerInput
from studio.clock import AUDIO_RATE_HZ, Clock, audio_position_to_ns, ns_to_audio_position
from studio.engine.encoding_run import EncodingRun
from studio.media import AUDIO_FRAME_SAMPLES
from studio.thread_priority import lower_current_thread_priority

log = logging.getLogger(__name__)

# Samples mixed per block: four AAC frames (85 ms). Each block costs the thread a fixed
# amount of Python and a wake-up (sources, meters, the encoder call) whatever its length: the
# audio thread of a 720p show used 0.82 s of CPU per 20 s at two frames a block and 0.63 s at
# four. The meters still get 12 readings a second (the window polls 4 times), and a scene
# change still switches the sound at its own sample (see _mix), not at a block's start.
MIX_BLOCK_SAMPLES = 4 * AUDIO_FRAME_SAMPLES

# Wait this long past the end of a block before mixing it, so a microphone's samples (which
# arrive after the fact, in device-sized bursts) are in the ring buffer.
DEFAULT_MIX_DELAY_NS = 60_000_000


class AudioThread:
    def __init__(
        self,
        *,
        clock: Clock,
        mixer: AudioMixer,
        name: str = "canvas",
        realtime: bool = True,
        mix_delay_ns: int = DEFAULT_MIX_DELAY_NS,
    ) -> None:
        self._clock = clock
        self.mixer = mixer
        self._name = name
        # Offline, nothing arrives late: mix as soon as the driven clock reaches the block.
        self._mix_delay_ns = mix_delay_ns if realtime else 0
        self._inputs: Sequence[MixerInput] = ()
        self._fade: _AudioFade | None = None
        self._switch: _Switch | None = None  # the next inputs, waiting for their instant
        self._switch_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.run: EncodingRun | None = None
        self.start_position = 0
        self.blocks = 0
        self.block_limit: int | None = None
        self.finished = threading.Event()
        self.error: BaseException | None = None

    def set_inputs(self, inputs: Sequence[MixerInput], fade_ms: float = 0.0) -> None:
        """Mix these sources from the clock's present instant on (the mixer works a little
        behind the clock, so the sound changes with the picture, not before it); with
        ``fade_ms`` the previous ones fade out while these fade in."""
        at_position = ns_to_audio_position(self._clock.now_ns())
        with self._switch_lock:
            self._switch = _Switch(tuple(inputs), fade_ms, at_position)

    def start(self, start_ns: int) -> None:
        self.start_position = ns_to_audio_position(start_ns)
        self._thread = threading.Thread(target=self._loop, name=f"{self._name}-audio", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        lower_current_thread_priority()  # the video encoder gets the cores first
        try:
            while not self._stop.is_set():
                if self.block_limit is not None and self.blocks >= self.block_limit:
                    break
                position = self.start_position + self.blocks * MIX_BLOCK_SAMPLES
                block_end_ns = audio_position_to_ns(position + MIX_BLOCK_SAMPLES)
                if not self._clock.sleep_until_ns(block_end_ns + self._mix_delay_ns, self._stop):
                    break
                samples = self._mix(position)
                run = self.run
                if run is not None:
                    run.encode_audio(samples, position, audio_position_to_ns(position))
                self.blocks += 1
        except Exception as error:
            log.exception("%s: audio stopped", self._name)
            self.error = error
        finally:
            self.finished.set()

    def _mix(self, position: int) -> np.ndarray:
        with self._switch_lock:
            switch = self._switch
            if switch is not None and position + MIX_BLOCK_SAMPLES > switch.at_position:
                self._switch = None
            else:
                switch = None
        if switch is not None:
            frames = round(switch.fade_ms * AUDIO_RATE_HZ / 1000)
            # From the switch's own sample on, whatever the block: a cut is a fade of no
            # length. Nothing was playing before: the new sources may start with the block.
            fading = bool(self._inputs)
            self._fade = _AudioFade(self._inputs, frames, switch.at_position) if fading else None
            self._inputs = switch.inputs
        inputs, fade = self._inputs, self._fade
        if fade is None:
            return self.mixer.mix(inputs, position, MIX_BLOCK_SAMPLES)
        done = position + np.arange(MIX_BLOCK_SAMPLES, dtype=np.float32) - fade.start_position
        if fade.frames > 0:
            weight = np.clip(done / np.float32(fade.frames), 0.0, 1.0).astype(np.float32)
        else:
            weight = (done >= 0).astype(np.float32)
        if weight[0] >= 1.0:
            self._fade = None
            return self.mixer.mix(inputs, position, MIX_BLOCK_SAMPLES)
        return self.mixer.mix(inputs, position, MIX_BLOCK_SAMPLES, fade.outgoing, weight)


@dataclass
class _AudioFade:
    outgoing: Sequence[MixerInput]
    frames: int  # length of the fade in samples (0: a cut)
    start_position: int  # the timeline sample where the new sources start


@dataclass(frozen=True)
class _Switch:
    inputs: tuple[MixerInput, ...]
    fade_ms: float
    at_position: int  # the timeline position from which they play
