"""Numbers in alerts, as a host reads them."""

from __future__ import annotations

from studio.alerts.wording import duration_text, percent_text, size_text, window_text


def test_durations_sizes_and_shares() -> None:
    assert [duration_text(s) for s in (4.6, 119, 120, 600, 7260)] == [
        "5 s", "119 s", "2 min", "10 min", "2 h 1 min"
    ]  # fmt: skip
    assert [size_text(b) for b in (23_400_000, 999_000_000, 1_250_000_000)] == [
        "23 MB", "999 MB", "1.2 GB"
    ]  # fmt: skip
    assert [percent_text(f) for f in (0.014, 0.097, 0.33)] == ["1.4 %", "9.7 %", "33 %"]
    assert [window_text(s) for s in (60.0, 10.0)] == ["the last minute", "the last 10 s"]
