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
        return BlockLevel.of(samples).reading()


@dataclass(frozen=True, slots=True)
class BlockLevel:
    """A block's peak and mean power as plain numbers: what the audio thread keeps per block
    (a few array reductions); decibels are worked out only when someone reads the meters."""

    peak: float = 0.0
    power: float = 0.0  # mean of the squared samples

    @staticmethod
    def of(samples: np.ndarray) -> BlockLevel:
        if samples.size == 0:
            return SILENT_BLOCK
        flat = samples.reshape(-1)
        peak = max(float(flat.max()), -float(flat.min()))
        wide = flat.astype(np.float64)  # a float32 sum of squares drifts on long blocks
        power = float(np.dot(wide, wide)) / flat.size
        return BlockLevel(peak, power)

    def reading(self) -> LevelReading:
        rms = math.sqrt(self.power)
        return LevelReading(to_dbfs(self.peak), to_dbfs(rms), clipped=self.peak >= 1.0)


SILENT_BLOCK = BlockLevel()


def combine_blocks(blocks: Iterable[BlockLevel]) -> LevelReading:
    """One reading for several equal-length blocks: the highest peak, the RMS of them all."""
    blocks = list(blocks)
    if not blocks:
        return LevelReading()
    power = sum(b.power for b in blocks) / len(blocks)
    return BlockLevel(max(b.peak for b in blocks), power).reading()
