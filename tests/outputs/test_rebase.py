"""An output's timestamps start at its first packet, in each stream's own time base."""

from __future__ import annotations

from fractions import Fraction

from studio.media import EncodedPacket
from studio.outputs.rebase import Rebase


def packet(media: str, pts: int, time_base: Fraction) -> EncodedPacket:
    return EncodedPacket(media=media, data=b"x", pts=pts, dts=pts, duration=1,  # type: ignore[arg-type]
                         time_base=time_base, is_keyframe=True)  # fmt: skip


def test_every_time_base_is_shifted_by_the_first_packet_s_instant() -> None:
    rebase = Rebase()
    assert rebase.base_s is None
    assert rebase.shift(packet("video", 90, Fraction(1, 30))) == 90  # 3 s
    assert rebase.base_s == 3.0
    assert rebase.shift(packet("audio", 150_000, Fraction(1, 48_000))) == 144_000
    assert rebase.shift(packet("video", 120, Fraction(1, 30))) == 90  # the same for later ones
