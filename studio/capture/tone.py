"""Tone generator: a sine, continuous or as beeps.

Every sample is computed from its timeline position, so the tone is sample-exact, needs no
thread, and every mixer reading the same positions hears exactly the same samples.
"""

from __future__ import annotations

import functools
import math
from typing import Literal

import numpy as np
from pydantic import Field

from studio.capture.base import AudioMixSettings, Source, SourceSettings, SourceState
from studio.capture.registry import register_source
from studio.clock import AUDIO_RATE_HZ


class ToneSettings(SourceSettings, AudioMixSettings):
    kind: Literal["tone"] = "tone"
    frequency_hz: float = Field(default=440.0, gt=0, le=20_000)
    level_dbfs: float = Field(default=-20.0, ge=-96, le=0)
    beep_period_s: float | None = Field(default=None, gt=0, description="None = continuous")
    beep_length_s: float = Field(default=0.1, gt=0)


def tone_samples(settings: ToneSettings, position: int, frames: int) -> np.ndarray:
    """Mono float64 samples for timeline positions ``[position, position + frames)``."""
    amplitude = 10.0 ** (settings.level_dbfs / 20.0)
    positions = np.arange(position, position + frames, dtype=np.int64)
    freq = settings.frequency_hz
    if settings.beep_period_s is None:
        # Split into whole seconds and the rest so the phase stays exact after hours.
        whole_s, rest = np.divmod(positions, AUDIO_RATE_HZ)
        cycles = np.mod(whole_s * freq, 1.0) + rest * (freq / AUDIO_RATE_HZ)
        return amplitude * np.sin(2.0 * math.pi * cycles)
    period = settings.beep_period_s * AUDIO_RATE_HZ  # samples, maybe fractional
    length = round(settings.beep_length_s * AUDIO_RATE_HZ)
    beep = np.floor(positions / period).astype(np.int64)
    starts = np.round(beep * period).astype(np.int64)  # beep k starts at time k * period
    early = positions < starts  # rounding can put a position before its own beep's start
    beep[early] -= 1
    starts = np.round(beep * period).astype(np.int64)
    into_beep = positions - starts
    audible = (into_beep < length) & (positions >= 0)
    # Each beep starts at phase zero: a clean onset, identical for every beep.
    wave = np.sin(2.0 * math.pi * freq * into_beep / AUDIO_RATE_HZ)
    return np.where(audible, amplitude * wave, 0.0)


@register_source
class ToneSource(Source):
    kind = "tone"
    settings_type = ToneSettings
    has_audio = True

    def start(self) -> None:
        self._set_health(SourceState.OK)

    def stop(self) -> None:
        self._set_health(SourceState.STOPPED)

    def read_audio(self, position: int, frames: int) -> np.ndarray | None:
        s: ToneSettings = self.settings
        if s.beep_period_s is None and float(s.frequency_hz).is_integer():
            # A whole number of cycles per second: every second sounds the same, so each
            # block is read from one second computed once (the audio thread asks ~47×/s).
            second = _one_second_stereo(s.frequency_hz, s.level_dbfs)
            at = np.arange(position, position + frames, dtype=np.int64) % AUDIO_RATE_HZ
            return second[at]
        mono = tone_samples(s, position, frames).astype(np.float32)
        return np.repeat(mono[:, None], 2, axis=1)


@functools.lru_cache(maxsize=4)
def _one_second_stereo(frequency_hz: float, level_dbfs: float) -> np.ndarray:
    settings = ToneSettings(frequency_hz=frequency_hz, level_dbfs=level_dbfs)
    mono = tone_samples(settings, 0, AUDIO_RATE_HZ).astype(np.float32)
    second = np.repeat(mono[:, None], 2, axis=1)
    second.flags.writeable = False  # shared by every reader: blocks are copies taken from it
    return second
