"""Polling helpers: sources work on their own threads, so tests wait for a condition."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(probe: Callable[[], T], timeout_s: float = 5.0, interval_s: float = 0.01) -> T:
    """Return the first truthy result of ``probe``; fail the test after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s: {probe}")
        time.sleep(interval_s)
