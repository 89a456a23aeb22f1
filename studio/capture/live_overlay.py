"""An overlay that follows a live service (the shop, the chat) and redraws when it changes.

The source's thread sleeps until the service tells it something changed (or its settings
did), turns the service's snapshot into a small frozen *view* (the plain data it would draw)
and rasterises only when that view differs from the one on screen: a change the overlay does
not show costs no raster. With nothing to show (view None) it publishes no picture, so the
item is simply not drawn. Overlays publish when they change, not at the clock's instants, so
they keep ``follows_clock`` False.

A family of overlays (shop, chat) says which service it reads and how to subscribe to it;
each overlay says what it shows (:meth:`LiveOverlaySource._view`) and how it looks
(:meth:`LiveOverlaySource._draw`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

import numpy as np

from studio.capture.base import SourceEventHandler, SourceState
from studio.capture.threaded import ThreadedSource, exception_reason
from studio.clock import Clock
from studio.media import OverlayPicture


class VersionedSnapshot(Protocol):
    @property
    def version(self) -> int: ...


class LiveService(Protocol):
    def snapshot(self) -> Any: ...


ServiceT = TypeVar("ServiceT", bound=LiveService)
SnapshotT = TypeVar("SnapshotT", bound=VersionedSnapshot)

_NOTHING_YET = object()  # differs from every view, None included: the first pass publishes


class ServiceMissingError(RuntimeError):
    """The session has no service of the kind the overlay reads."""


class LiveOverlaySource(ThreadedSource, Generic[ServiceT, SnapshotT]):
    """Families set the ``service_*`` class attributes and :meth:`_subscribe`; overlays
    implement :meth:`_view` and :meth:`_draw`."""

    has_video = True
    retry_interval_s = 1.0  # a service added late is picked up quickly
    service_name: ClassVar[str]  # the session service it reads ("shop", "chat")
    service_type: ClassVar[type[Any]]
    missing_service: ClassVar[str]  # why it shows nothing when the service is missing
    idle_wake_s: ClassVar[float] = 1.0  # a missed wake-up costs at most this long

    def __init__(
        self, settings: Any, clock: Clock, on_event: SourceEventHandler | None = None
    ) -> None:
        super().__init__(settings, clock, on_event)
        self._changed = threading.Event()
        self._pending_settings = settings
        self._pending_lock = threading.Lock()
        self.renders = 0  # rasters drawn: tests and stats see that nothing is redrawn for nothing
        self.seen_version = -1  # the service version the current picture reflects

    def update_settings(self, settings: Any) -> None:
        """New settings, taken by the thread on its next pass (redrawn if the view changes)."""
        with self._pending_lock:
            self._pending_settings = settings
        self._changed.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._changed.set()  # wakes the thread so it sees the stop
        super().stop()

    # -- what a family or an overlay says ----------------------------------------------------
    def _subscribe(self, service: ServiceT, on_change: Callable[[int], None]) -> Callable[[], None]:
        """Call ``on_change(version)`` after each change of ``service``; returns the function
        that unsubscribes."""
        raise NotImplementedError

    def _load_painter(self) -> None:
        """Import the renderer (Qt) before the first view, so the first picture appears in
        the next frame instead of waiting for the imports."""

    def _view(self, service: ServiceT, snapshot: SnapshotT) -> object | None:
        """What the overlay shows now, as comparable data (None: nothing)."""
        raise NotImplementedError

    def _draw(self, view: Any) -> np.ndarray:
        """The BGRA raster of a view."""
        raise NotImplementedError

    def _wait_s(self, service: ServiceT, snapshot: SnapshotT) -> float:
        """How long to sleep when nothing changes (a countdown wakes on the second)."""
        return self.idle_wake_s

    # -- the thread ----------------------------------------------------------------------------
    def _service(self) -> ServiceT:
        service = self.services.get(self.service_name)
        if not isinstance(service, self.service_type):
            raise ServiceMissingError(self.missing_service)
        return cast(ServiceT, service)

    def _run(self) -> None:
        service = self._service()
        self._load_painter()
        unsubscribe = self._subscribe(service, self._on_change)
        shown: object | None = _NOTHING_YET
        try:
            while not self.stopping:
                self._changed.clear()  # before reading: a change after this wakes the wait
                with self._pending_lock:
                    self.settings = self._pending_settings
                snapshot = cast(SnapshotT, service.snapshot())
                view = self._view(service, snapshot)
                if view != shown:
                    self._show(view)
                    shown = view
                self.seen_version = snapshot.version
                self._set_health(SourceState.OK)
                self._changed.wait(self._wait_s(service, snapshot))
        finally:
            unsubscribe()

    def _show(self, view: object | None) -> None:
        if view is None:
            self._slot.put(None)
            return
        bgra = self._draw(view)
        self.renders += 1
        self._publish(OverlayPicture(bgra, self._next_seq(), opaque=False))

    def _on_change(self, version: int) -> None:
        self._changed.set()

    def _describe_error(self, exc: BaseException) -> str:
        if isinstance(exc, ServiceMissingError):
            return f"'{self.display_name}' cannot be shown: {exc}"
        return f"'{self.display_name}' could not be drawn: {exception_reason(exc)}"
