"""A canvas's fixed properties."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class CanvasConfig:
    name: str
    width: int
    height: int
    fps: Fraction
