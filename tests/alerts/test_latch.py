"""The hysteresis every alert shares, on a fake clock (seconds passed in by the test)."""

from __future__ import annotations

from studio.alerts.latch import Latch


def test_raises_only_once_the_cause_has_held_long_enough() -> None:
    latch = Latch(raise_after_s=5.0, clear_after_s=2.0)
    assert latch.update(0.0, True) is False
    assert latch.update(4.9, True) is False
    assert latch.update(5.0, True) is True
    assert latch.since_s == 0.0  # when the cause began, not when it was raised


def test_a_cause_that_stops_before_the_wait_starts_over() -> None:
    latch = Latch(raise_after_s=5.0, clear_after_s=2.0)
    latch.update(0.0, True)
    latch.update(4.0, False)
    assert latch.update(8.0, True) is False  # the new streak began at 8
    assert latch.update(13.0, True) is True
    assert latch.since_s == 8.0


def test_clears_only_once_the_cause_has_stayed_gone() -> None:
    latch = Latch(raise_after_s=0.0, clear_after_s=2.0)
    assert latch.update(0.0, True) is True
    assert latch.update(1.0, False) is True
    assert latch.update(2.0, True) is True  # back within the wait: still up, no flicker
    assert latch.update(3.0, False) is True
    assert latch.update(4.9, False) is True
    assert latch.update(5.0, False) is False


def test_between_the_limits_nothing_changes_but_both_waits_restart() -> None:
    latch = Latch(raise_after_s=3.0, clear_after_s=3.0)
    latch.update(0.0, True)
    assert latch.update(2.0, None) is False
    assert latch.update(4.0, True) is False  # the cause streak restarted at 4
    assert latch.update(7.0, True) is True
    latch.update(8.0, False)
    assert latch.update(10.0, None) is True  # hovering at the limit keeps it up
    assert latch.update(12.0, False) is True
    assert latch.update(15.0, False) is False
