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

An overlay that lays itself out (``lays_out_at_box``: a product card whose text must stay
whole) is also drawn at the size of each box the compositor shows it in, instead of having
its natural picture stretched: the compositor asks :meth:`LiveOverlaySource.picture_for_box`
each frame (a dictionary look-up), and the source's thread draws a new size once, when it is
first asked for, and again only when the view changes.
"""

from __future__ import annotations

import threading
import time
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
BOX_FORGET_S = 2.0  # a box nobody asked for this long is not drawn again (the item went away)
MAX_BOXES = 4  # sizes drawn per view: items of several sizes, e.g. two scenes mid-fade

Size = tuple[int, int]
# Sizes guessed before an overlay has drawn anything (where a new item is placed): a line of
# text is about 1.3 times its font size tall, an average glyph about 0.6 times it wide.
LINE_HEIGHT_FACTOR = 1.3
AVERAGE_GLYPH_FACTOR = 0.6


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
    lays_out_at_box: ClassVar[bool] = False  # drawn again at each item's box size

    def __init__(
        self, settings: Any, clock: Clock, on_event: SourceEventHandler | None = None
    ) -> None:
        super().__init__(settings, clock, on_event)
        self._changed = threading.Event()
        self._pending_settings = settings
        self._pending_lock = threading.Lock()
        self.renders = 0  # rasters drawn: tests and stats see that nothing is redrawn for nothing
        self.seen_version = -1  # the service version the current picture reflects
        self._boxes_lock = threading.Lock()
        self._box_requests: dict[object, tuple[Size, float]] = {}  # requester → size, when
        self._box_pictures: dict[Size, OverlayPicture] = {}  # for the view on screen
        self._natural_seq = -1  # the seq of the natural picture the box pictures go with
        self.box_renders = 0  # rasters drawn at a box size (tests: never once per frame)

    def picture_for_box(
        self, requester: object, width: int, height: int, natural_seq: int
    ) -> OverlayPicture | None:
        """The picture laid out at ``width`` × ``height`` for the natural picture
        ``natural_seq``, or None while it is being drawn (the compositor scales the natural
        one meanwhile). Called by the compositor for each frame: cheap, never draws."""
        size = (width, height)
        with self._boxes_lock:
            previous = self._box_requests.get(requester)
            self._box_requests[requester] = (size, time.monotonic())
            picture = self._box_pictures.get(size)
            current = self._natural_seq == natural_seq
        if previous is None or previous[0] != size:
            self._changed.set()  # a new size: the thread draws it
        return picture if current else None

    def _wanted_boxes(self, natural: Size | None) -> frozenset[Size]:
        now = time.monotonic()
        with self._boxes_lock:
            fresh = {
                key: entry for key, entry in self._box_requests.items()
                if now - entry[1] <= BOX_FORGET_S
            }  # fmt: skip
            self._box_requests = fresh
            newest = sorted(fresh.values(), key=lambda entry: entry[1], reverse=True)
        sizes: list[Size] = []
        for size, _ in newest:
            if size != natural and size not in sizes and len(sizes) < MAX_BOXES:
                sizes.append(size)
        return frozenset(sizes)

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

    def _draw_at(self, view: Any, width: int, height: int, natural: Size) -> np.ndarray:
        """The BGRA raster of a view laid out for a ``width`` × ``height`` box (overlays with
        ``lays_out_at_box``); ``natural`` is the size of its natural picture, by which a
        bigger box scales the text up."""
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
                elif view is not None and self.lays_out_at_box:
                    self._draw_boxes(view, fresh=False)
                self.seen_version = snapshot.version
                self._set_health(SourceState.OK)
                self._changed.wait(self._wait_s(service, snapshot))
        finally:
            unsubscribe()

    def _show(self, view: object | None) -> None:
        if view is None:
            with self._boxes_lock:
                self._box_pictures = {}
            self._slot.put(None)
            return
        bgra = self._draw(view)
        self.renders += 1
        picture = OverlayPicture(bgra, self._next_seq(), opaque=False)
        if self.lays_out_at_box:
            # The boxes first, so the compositor never pairs the new natural picture with
            # the old view's boxes.
            self._draw_boxes(view, fresh=True, natural=picture)
        self._publish(picture)

    def _draw_boxes(
        self, view: object, *, fresh: bool, natural: OverlayPicture | None = None
    ) -> None:
        """Draw the sizes asked for: all of them for a new view, else only the new ones."""
        if natural is None:
            current = self._slot.get()
            if not isinstance(current, OverlayPicture):
                return
            natural = current
        wanted = self._wanted_boxes(natural.size)
        with self._boxes_lock:
            kept = {} if fresh else dict(self._box_pictures)
        kept = {size: picture for size, picture in kept.items() if size in wanted}
        missing = [size for size in wanted if size not in kept]
        if not missing and not fresh and len(kept) == len(self._box_pictures):
            return
        for width, height in missing:
            bgra = self._draw_at(view, width, height, natural.size)
            self.box_renders += 1
            kept[(width, height)] = OverlayPicture(bgra, self._next_seq(), opaque=False)
        with self._boxes_lock:
            self._box_pictures = kept
            self._natural_seq = natural.seq

    def _on_change(self, version: int) -> None:
        self._changed.set()

    def _describe_error(self, exc: BaseException) -> str:
        if isinstance(exc, ServiceMissingError):
            return f"'{self.display_name}' cannot be shown: {exc}"
        return f"'{self.display_name}' could not be drawn: {exception_reason(exc)}"
