"""Peak and RMS levels in dBFS, as the mixer's meters show them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

SILENCE_DBFS = -120.0


def to_dbfs(amplitude: float) -> float:
    if amplitude <= 1e-6:
        return SILENCE_DBFS
    return max(SILENCE_DBFS, 20.0 * math.log10(amplitude))


def db_to_gain(gain_db: float) -> float:
    return float(10.0 ** (gain_db / 20.0))


@dataclass(frozen=True, slots=True)
class LevelReading:
    peak_dbfs: float = SILENCE_DBFS
    rms_dbfs: float = SILENCE_DBFS
    clipped: bool = False  # the signal reached full scale in this block

    @staticmethod
    def of(samples: np.ndarray) -> LevelReading:
        if samples.size == 0:
            return LevelReading()
        peak = float(np.max(np.abs(samples)))
        rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
        return LevelReading(to_dbfs(peak), to_dbfs(rms), clipped=peak >= 1.0)


def combine(readings: Iterable[LevelReading]) -> LevelReading:
    """One reading for several equal-length blocks: the highest peak, the RMS of them all."""
    readings = list(readings)
    if not readings:
        return LevelReading()
    power = sum(10.0 ** (r.rms_dbfs / 10.0) for r in readings) / len(readings)
    return LevelReading(
        peak_dbfs=max(r.peak_dbfs for r in readings),
        rms_dbfs=to_dbfs(math.sqrt(power)),
        clipped=any(r.clipped for r in readings),
    )
