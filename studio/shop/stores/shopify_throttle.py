"""Shopify's cost-based rate limit, seen from the client: a leaky bucket of query points.

Every GraphQL answer carries ``extensions.cost``: ``requestedQueryCost``, ``actualQueryCost``
and ``throttleStatus {maximumAvailable, currentlyAvailable, restoreRate}`` (points per second).
Before a call we project what is available now (it refills at ``restoreRate`` since the last
answer) and wait until the call's expected cost fits, instead of being refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class ThrottleStatus:
    maximum_available: float
    currently_available: float
    restore_rate: float  # points per second


@dataclass(frozen=True, slots=True)
class QueryCost:
    requested: float | None
    actual: float | None
    throttle: ThrottleStatus | None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return float(value)  # query points, not money


def read_cost(body: Any) -> QueryCost:
    """The cost block of an answer; missing or odd fields come back as None."""
    cost = body.get("extensions", {}).get("cost", {}) if isinstance(body, dict) else {}
    if not isinstance(cost, dict):
        cost = {}
    status = cost.get("throttleStatus")
    throttle = None
    if isinstance(status, dict):
        maximum = _number(status.get("maximumAvailable"))
        available = _number(status.get("currentlyAvailable"))
        rate = _number(status.get("restoreRate"))
        if maximum is not None and available is not None and rate is not None and rate > 0:
            throttle = ThrottleStatus(maximum, available, rate)
    return QueryCost(
        _number(cost.get("requestedQueryCost")), _number(cost.get("actualQueryCost")), throttle
    )


class CostThrottle:
    """Remembers the bucket from the last answer and each query's requested cost."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.status: ThrottleStatus | None = None
        self.seen_at = 0.0
        self.requested_cost: dict[str, float] = {}

    def available_now(self) -> float | None:
        if self.status is None:
            return None
        refilled = self.status.restore_rate * max(0.0, self.clock() - self.seen_at)
        return min(self.status.maximum_available, self.status.currently_available + refilled)

    def wait_before_s(self, query_name: str) -> float:
        """How long to wait before sending ``query_name`` so that its cost fits."""
        expected = self.requested_cost.get(query_name)
        available = self.available_now()
        if expected is None or available is None or self.status is None:
            return 0.0
        expected = min(expected, self.status.maximum_available)
        if expected <= available:
            return 0.0
        return (expected - available) / self.status.restore_rate

    def wait_after_throttled_s(self, query_name: str, fallback_s: float) -> float:
        """After a THROTTLED answer: until the requested cost is restored."""
        wait_s = self.wait_before_s(query_name)
        return wait_s if wait_s > 0 else fallback_s

    def update(self, query_name: str, cost: QueryCost) -> None:
        if cost.requested is not None:
            self.requested_cost[query_name] = cost.requested
        if cost.throttle is not None:
            self.status = cost.throttle
            self.seen_at = self.clock()
