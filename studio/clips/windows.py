"""``--max-seconds N``: the N seconds of a featured span around the moments that sold most.

The sales of the span (claims and sales taken, by units) are weighed in every N-second window
that starts or ends at one of them; the window holding the most units wins (the earliest on a
tie) and is then centred on those sales, so the pitch before them and the reaction after both
stay in. A span without sales gives its first N seconds: the product's introduction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sale:
    at_us: int  # in the recording's time
    units: int


def best_window(start_us: int, end_us: int, sales: Sequence[Sale], max_us: int) -> tuple[int, int]:
    """The part of ``[start_us, end_us)`` to keep: all of it when it is no longer than
    ``max_us``, else the ``max_us`` around its best-selling moments."""
    if max_us <= 0:
        raise ValueError("the longest clip must be a positive number of seconds")
    if end_us - start_us <= max_us:
        return start_us, end_us
    inside = sorted((s for s in sales if start_us <= s.at_us < end_us), key=lambda s: s.at_us)
    if not inside:
        return start_us, start_us + max_us
    best: tuple[int, list[Sale]] = (0, [])
    for anchor in inside:
        for low in (anchor.at_us, anchor.at_us - max_us + 1):
            covered = [s for s in inside if low <= s.at_us < low + max_us]
            units = sum(s.units for s in covered)
            if units > best[0]:
                best = (units, covered)
    covered = best[1]
    middle = (covered[0].at_us + covered[-1].at_us) // 2
    low = min(max(middle - max_us // 2, start_us), end_us - max_us)
    return low, low + max_us
