"""What every source is: settings, lifecycle, health, and the newest picture or audio.

Live media wants the newest frame, not a queue: video sources overwrite one slot
(:class:`LatestSlot`) that any number of canvases read. Audio sources are read by position on
the show's 48 kHz timeline (:func:`studio.clock.ns_to_audio_position`), so two canvases can mix
the same microphone without stealing samples from each other.
"""

from __future__ import annotations

import threading
import time
from abc import ABC
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar

import numpy as np
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from studio.clock import Clock
from studio.media import Picture


class SourceState(StrEnum):
    STARTING = "starting"
    OK = "ok"
    ERROR = "error"  # shows a placeholder; the source keeps trying to recover
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class SourceHealth:
    state: SourceState
    message: str = ""  # a sentence for the host, e.g. "Camera 'C920' was unplugged"


@dataclass(frozen=True, slots=True)
class SourceEvent:
    source_name: str
    health: SourceHealth


SourceEventHandler = Callable[[SourceEvent], None]


def _resolve_existing_file(value: Path, info: ValidationInfo) -> Path:
    base_dir = (info.context or {}).get("base_dir") if info.context is not None else None
    path = value.expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    try:
        exists = path.is_file()
    except OSError as error:  # e.g. a name too long for the file system
        raise ValueError(f"cannot check the file: {error.strerror or error}") from None
    if not exists:
        raise ValueError("file not found")
    return path


# A path to a file that must exist when the document is loaded; relative paths are resolved
# against the document's folder (validation context ``base_dir``).
ExistingFile = Annotated[Path, AfterValidator(_resolve_existing_file)]

HexColor = Annotated[
    str,
    Field(pattern=r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$", description="#RRGGBB or #RRGGBBAA"),
]


class SourceSettings(BaseModel):
    """Base of every source kind's settings; subclasses add ``kind: Literal[...]``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(
        default=None,
        description="Sources with the same name are one source shared by every scene and canvas.",
    )


class AudioMixSettings(BaseModel):
    """Mixer settings carried by every source that makes sound."""

    gain_db: float = Field(default=0.0, ge=-96.0, le=24.0)
    muted: bool = False


class Services:
    """Live data that some sources show (the shop's featured product, the chat…), looked up
    by name. The session owns one and hands it to every source it creates; a source that
    needs a service it cannot find reports ERROR with a sentence instead of failing."""

    def __init__(self, **services: object) -> None:
        self._services = dict(services)

    def get(self, name: str) -> object | None:
        return self._services.get(name)

    def add(self, name: str, service: object) -> None:
        self._services[name] = service


class LatestSlot:
    """Holds only the newest picture: writers overwrite, live readers never wait (only an
    offline render waits, for the frame of its clock's instant)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._picture: Picture | None = None
        self.next_due_ns: int | None = None  # when the writer's next picture is due, if known

    def put(self, picture: Picture | None) -> None:
        with self._changed:
            self._picture = picture
            self._changed.notify_all()

    def expect(self, next_due_ns: int) -> None:
        """The writer waits for clock time ``next_due_ns``: nothing newer comes before it."""
        with self._changed:
            self.next_due_ns = next_due_ns
            self._changed.notify_all()

    def get(self) -> Picture | None:
        with self._changed:
            return self._picture

    def wait_for(
        self, ready: Callable[[Picture | None], bool], timeout_s: float, recheck_s: float = 0.005
    ) -> bool:
        """Until ``ready(picture)`` holds for the newest picture (True) or time runs out;
        rechecked at each new picture and every ``recheck_s`` (``ready`` may read more than
        the picture, e.g. the source's health)."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while not ready(self._picture):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, recheck_s))
            return True


class Source(ABC):
    """A capture source. Subclasses set ``kind``, ``settings_type``, ``has_video``/``has_audio``.

    ``start()`` returns at once; opening devices and files happens on the source's own thread.
    A source that fails reports ERROR through ``health``/``on_event`` and keeps retrying where
    retrying makes sense (a camera that comes back is picked up again); it never raises into
    the compositor or the mixer.
    """

    kind: ClassVar[str]
    settings_type: ClassVar[type[SourceSettings]]
    has_video: ClassVar[bool] = False
    has_audio: ClassVar[bool] = False

    def __init__(
        self,
        settings: Any,
        clock: Clock,
        on_event: SourceEventHandler | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._on_event = on_event
        self._health = SourceHealth(SourceState.STARTING)
        self._health_lock = threading.Lock()
        self.services = Services()  # replaced by the session's before start()

    @property
    def display_name(self) -> str:
        return self.settings.name or self.kind

    @property
    def health(self) -> SourceHealth:
        with self._health_lock:
            return self._health

    def _set_health(self, state: SourceState, message: str = "") -> None:
        health = SourceHealth(state, message)
        with self._health_lock:
            if health == self._health:
                return
            self._health = health
        if self._on_event is not None:
            self._on_event(SourceEvent(self.display_name, health))

    def start(self) -> None:
        """Begin producing; must not block."""

    def stop(self) -> None:
        """Stop threads and release devices; must return within about a second."""

    # -- video -----------------------------------------------------------------------------
    def current_picture(self) -> Picture | None:
        """The newest picture, or None while there is nothing to show (the compositor then
        draws a placeholder if ``health`` is ERROR)."""
        return None

    def natural_size(self) -> tuple[int, int] | None:
        """Width and height the source would like, once known."""
        return None

    @classmethod
    def expected_size(cls, settings: Any) -> tuple[int, int] | None:
        """The size a source of these settings will have on the canvas, known before it runs
        (a new item is placed where it fits); None when only the running source can tell (a
        camera's resolution). By default the settings' own size fields, where it has them."""
        for width_name, height_name in (("width", "height"), ("width_px", "height_px")):
            width = getattr(settings, width_name, None)
            height = getattr(settings, height_name, None)
            if isinstance(width, int) and isinstance(height, int):
                return width, height
        return None

    def frame_grid_ns(self) -> int | None:
        """An exact instant of the source's own frame grid, for sources that make their frames
        on a clock grid; None for those (cameras) whose frames come when they come."""
        return None

    def wait_for_frame(self, due_ns: int, timeout_s: float) -> None:
        """Offline rendering: return once the source shows its frame for clock time ``due_ns``
        (the clock has been set past it), has nothing timed to wait for, or fails. A source
        whose pictures follow the clock overrides this; the others return at once."""

    # -- audio -----------------------------------------------------------------------------
    def read_audio(self, position: int, frames: int) -> np.ndarray | None:
        """Samples ``[position, position + frames)`` of the show's 48 kHz timeline as float32
        of shape (frames, 2), or None for silence. Called by every mixer that uses the source,
        possibly from several threads; must not block on devices."""
        return None
