"""Polling helpers: sources work on their own threads, so tests wait for a condition."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(probe: Callable[[], T], timeout_s: float = 5.0, interval_s: float = 0.01) -> T:
    """Return the first result of ``probe`` that is not None or False (arrays count as
    results); fail the test after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = probe()
        if result is not None and result is not False:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s: {probe}")
        time.sleep(interval_s)
