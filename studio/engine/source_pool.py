"""One running instance per source, shared by every scene and canvas that shows it."""

from __future__ import annotations

import logging
import threading

from studio.capture.base import Services, Source, SourceEventHandler, SourceSettings
from studio.capture.registry import source_class_for
from studio.clock import Clock

log = logging.getLogger(__name__)


def source_identity(settings: SourceSettings) -> str:
    """Named sources are shared by name; unnamed ones by their exact settings."""
    if settings.name:
        return f"name:{settings.name}"
    return "settings:" + settings.model_dump_json()


class SourcePool:
    def __init__(
        self,
        clock: Clock,
        on_event: SourceEventHandler | None = None,
        services: Services | None = None,
    ) -> None:
        self._clock = clock
        self._on_event = on_event
        self.services = services or Services()
        self._sources: dict[str, Source] = {}
        self._users: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, settings: SourceSettings) -> Source:
        identity = source_identity(settings)
        with self._lock:
            source = self._sources.get(identity)
            if source is not None and source.settings != settings:
                # Same name, new settings (edited in the UI): restart it with the new ones.
                source.stop()
                source = None
            if source is None:
                source = source_class_for(settings)(settings, self._clock, self._on_event)
                source.services = self.services
                self._sources[identity] = source
                source.start()
            self._users[identity] = self._users.get(identity, 0) + 1
            return source

    def release(self, settings: SourceSettings) -> None:
        identity = source_identity(settings)
        with self._lock:
            remaining = self._users.get(identity, 0) - 1
            if remaining > 0:
                self._users[identity] = remaining
                return
            self._users.pop(identity, None)
            source = self._sources.pop(identity, None)
        if source is not None:
            source.stop()

    def sources(self) -> list[Source]:
        with self._lock:
            return list(self._sources.values())

    def stop_all(self) -> None:
        with self._lock:
            sources = list(self._sources.values())
            self._sources.clear()
            self._users.clear()
        for source in sources:
            try:
                source.stop()
            except Exception:
                log.exception("stopping source %s failed", source.display_name)
