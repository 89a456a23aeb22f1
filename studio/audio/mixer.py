"""Sums the audio sources of a scene into one 48 kHz stereo block, with gain, mute, meters and
a limiter that keeps the sum from clipping."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from studio.audio.meters import SILENT_BLOCK, BlockLevel, LevelReading, combine_blocks, db_to_gain
from studio.capture.base import Source
from studio.media import AUDIO_CHANNELS

log = logging.getLogger(__name__)

MASTER = "master"
_CEILING = 0.98  # leave a little headroom under full scale for the AAC encoder
_RELEASE_PER_BLOCK = 0.08  # fraction of the way back to unity gain per block (~250 ms)
# Meters report the last ~300 ms, so a reader polling a few times a second sees every
# transient instead of whichever block happened to be last.
METER_WINDOW_SAMPLES = 14_336  # 14 AAC frames


@dataclass(frozen=True, slots=True)
class MixerInput:
    key: str  # the source's name: the mixer strip
    source: Source
    gain_db: float = 0.0
    muted: bool = False


class AudioMixer:
    """One per canvas. ``mix`` is called from the canvas's audio thread; ``levels`` from any."""

    def __init__(self) -> None:
        self._limiter_gain = 1.0
        self._levels: dict[str, deque[BlockLevel]] = {}
        self._levels_lock = threading.Lock()
        self._limited_blocks = 0

    @property
    def limited_blocks(self) -> int:
        """How many blocks the limiter had to turn down (the clipping guard acted)."""
        return self._limited_blocks

    def levels(self) -> dict[str, LevelReading]:
        """Peak and RMS of each strip (and ``MASTER``) over the last ~300 ms."""
        with self._levels_lock:
            return {key: combine_blocks(blocks) for key, blocks in self._levels.items()}

    def mix(
        self,
        inputs: Sequence[MixerInput],
        position: int,
        frames: int,
        outgoing: Sequence[MixerInput] = (),
        incoming_weight: np.ndarray | None = None,
    ) -> np.ndarray:
        """The block of ``frames`` samples at ``position``. During a cross-fade, ``inputs``
        are weighted by ``incoming_weight`` (one value per sample, 0→1) and ``outgoing`` by
        its complement; a source in both scenes plays on untouched."""
        total = np.zeros((frames, AUDIO_CHANNELS), dtype=np.float32)
        levels: dict[str, BlockLevel] = {}
        staying = {i.key for i in inputs} & {i.key for i in outgoing}
        weighted = [(i, incoming_weight) for i in inputs]
        if incoming_weight is not None:
            fading_out = 1.0 - incoming_weight
            weighted = [(i, None if i.key in staying else incoming_weight) for i in inputs]
            weighted += [(i, fading_out) for i in outgoing if i.key not in staying]
        for mixer_input, weight in weighted:
            samples = self._read(mixer_input.source, position, frames)
            if samples is None or mixer_input.muted:
                levels.setdefault(mixer_input.key, SILENT_BLOCK)
                continue
            gain = db_to_gain(mixer_input.gain_db)
            if gain != 1.0:
                samples = samples * np.float32(gain)
            if weight is not None:
                samples = samples * weight[:, None]
            levels[mixer_input.key] = BlockLevel.of(samples)
            total += samples
        summed = BlockLevel.of(total)
        total, limited = self._limit(total, summed.peak)
        levels[MASTER] = BlockLevel.of(total) if limited else summed
        with self._levels_lock:
            for key in [key for key in self._levels if key not in levels]:
                del self._levels[key]
            window = max(1, round(METER_WINDOW_SAMPLES / frames))  # blocks of this length
            for key, reading in levels.items():
                kept = self._levels.get(key)
                if kept is None or kept.maxlen != window:
                    kept = self._levels[key] = deque(kept or (), maxlen=window)
                kept.append(reading)
        return total

    @staticmethod
    def _read(source: Source, position: int, frames: int) -> np.ndarray | None:
        try:
            samples = source.read_audio(position, frames)
        except Exception:
            log.exception("audio source %s failed to deliver samples", source.display_name)
            return None
        if samples is None:
            return None
        if samples.shape != (frames, AUDIO_CHANNELS):
            log.warning(
                "audio source %s returned shape %s, expected %s",
                source.display_name,
                samples.shape,
                (frames, AUDIO_CHANNELS),
            )
            return None
        return samples.astype(np.float32, copy=False)

    def _limit(self, block: np.ndarray, peak: float) -> tuple[np.ndarray, bool]:
        """The block with the limiter's gain applied (``peak``: the block's own), and whether
        any gain was."""
        previous = self._limiter_gain
        wanted = min(1.0, _CEILING / peak) if peak > 0 else 1.0
        if wanted < previous:
            target = wanted  # attack at once: never let this block clip
            self._limited_blocks += 1
        else:
            target = min(wanted, previous + (1.0 - previous) * _RELEASE_PER_BLOCK)
        self._limiter_gain = target
        if previous == 1.0 and target == 1.0:
            return block, False
        # Ramp from the previous gain so the change makes no click; never above the target
        # where the block would clip.
        ramp = np.linspace(previous, target, num=block.shape[0], dtype=np.float32)
        ramp = np.minimum(ramp, np.float32(wanted))
        block *= ramp[:, None]
        np.clip(block, -1.0, 1.0, out=block)
        return block, True
