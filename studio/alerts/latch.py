"""Hysteresis for one alert: on once its cause has held for a while, off once the cause has
stayed gone for a while. A reading between the raise and the clear limits changes nothing (a
level hovering at the limit keeps the alert as it is) but restarts both waits."""

from __future__ import annotations


class Latch:
    def __init__(self, raise_after_s: float, clear_after_s: float) -> None:
        self.raise_after_s, self.clear_after_s = raise_after_s, clear_after_s
        self.active = False
        self.since_s = 0.0  # when the cause that raised it began
        self._cause_since: float | None = None
        self._gone_since: float | None = None

    def update(self, now_s: float, cause: bool | None) -> bool:
        """``cause`` True: present; False: gone; None: between the limits. Returns active."""
        if cause is True:
            self._gone_since = None
            if self._cause_since is None:
                self._cause_since = now_s
            if not self.active and now_s - self._cause_since >= self.raise_after_s:
                self.active, self.since_s = True, self._cause_since
        elif cause is False:
            self._cause_since = None
            if self._gone_since is None:
                self._gone_since = now_s
            if self.active and now_s - self._gone_since >= self.clear_after_s:
                self.active = False
        else:
            self._cause_since = self._gone_since = None
        return self.active

    @property
    def cause_since_s(self) -> float | None:
        """When the present streak of the cause began (None: not present now)."""
        return self._cause_since
