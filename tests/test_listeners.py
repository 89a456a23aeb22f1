"""The shared listener list: order, removal, and one broken listener not silencing others."""

from __future__ import annotations

import pytest

from studio.listeners import Listeners


def test_listeners_are_called_in_order_and_stop_when_removed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    heard: list[str] = []
    listeners: Listeners[int] = Listeners("test")

    def broken(value: int) -> None:
        raise RuntimeError("panel closed")

    stop_first = listeners.add(lambda v: heard.append(f"a{v}"))
    listeners.add(broken)
    listeners.add(lambda v: heard.append(f"b{v}"))
    listeners.notify(1)
    assert heard == ["a1", "b1"]
    assert "test listener" in caplog.text
    stop_first()
    stop_first()  # twice is harmless
    listeners.remove(broken)
    listeners.notify(2)
    assert heard == ["a1", "b1", "b2"]
