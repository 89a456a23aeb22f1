"""Timestamps that start at zero: an output's file or stream begins at its first packet, which
its queue makes a video keyframe."""

from __future__ import annotations

from fractions import Fraction

from studio.media import EncodedPacket


class Rebase:
    """The ticks to take off each packet's timestamps so the first packet starts at 0: one
    integer per time base, worked out once (a Fraction per packet costs more)."""

    def __init__(self) -> None:
        self.base_s: float | None = None  # the first packet's time, once one came
        self._shifts: dict[Fraction, int] = {}

    def shift(self, packet: EncodedPacket) -> int:
        if self.base_s is None:
            self.base_s = packet.pts_s
        shift = self._shifts.get(packet.time_base)
        if shift is None:
            shift = self._shifts[packet.time_base] = round(self.base_s / packet.time_base)
        return shift
