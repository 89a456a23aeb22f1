"""The be-right-back slate: which source is a canvas's main camera, and when its slate shows.

A canvas may name a slate scene (``"slate_scene": "BRB"``). The slate goes on air instead of
the program when the program's main camera is lost, or while the host takes a break (the be
right back hotkey), and the program comes back when the camera has been healthy again for a
short settle time, so a camera that flaps does not make the picture flicker.

The main camera is the bottom-most visible item of the program scene that shows moving video:
a camera, a media file or a test pattern (the kinds that make a frame for each instant of the
clock). Images, colours, texts and overlays are not cameras: they do not get lost.

:class:`SlateWatcher` is the decision alone (no threads, times passed in);
:mod:`studio.engine.slate_guard` runs one per canvas inside the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from studio.capture.base import SourceSettings, SourceState
from studio.capture.registry import source_class_for
from studio.scene.model import Scene, SceneItem

# Healthy again for this long before the program returns: a loose cable that flaps every
# half second keeps the slate up instead of flickering between the two.
SETTLE_S = 1.0
# A camera still opening after this long counts as lost (a device that hangs while opening).
START_GRACE_S = 5.0


class SlateReason(StrEnum):
    CAMERA_LOST = "camera_lost"
    MANUAL = "manual"  # the host's break: stays until they press the key again


class NoSlateSceneError(ValueError):
    """Be right back was asked for where no canvas has a slate scene."""


def no_slate_scene_error(canvas: str | None = None) -> NoSlateSceneError:
    missing = (
        f"The canvas '{canvas}' has no be-right-back slate scene"
        if canvas
        else "No canvas has a be-right-back slate scene"
    )
    return NoSlateSceneError(
        f'{missing}: choose one in Slate scene (be right back), or set "slate_scene" on '
        "the canvas in the show's file."
    )


@dataclass(frozen=True, slots=True)
class SlateEvent:
    """The slate went on or off air on a canvas (or stays on for another reason)."""

    canvas: str
    active: bool  # the slate is on air
    reason: SlateReason  # why it is on (active) or why it was (not active)
    slate_scene: str
    program_scene: str
    camera: str = ""  # the main camera's name
    detail: str = ""  # the camera's own sentence when lost; why the slate ended otherwise

    @property
    def message(self) -> str:
        """A line for the host: "Camera lost — showing BRB on main (…)", "Camera back — …"."""
        where = f"on {self.canvas}"
        if self.active and self.reason is SlateReason.CAMERA_LOST:
            why = f" ({self.detail})" if self.detail else ""
            return f"Camera lost — showing {self.slate_scene} {where}{why}"
        if self.active:
            return f"Be right back — showing {self.slate_scene} {where}"
        if self.detail:
            return f"Showing {self.program_scene} {where} again: {self.detail}"
        if self.reason is SlateReason.CAMERA_LOST:
            return f"Camera back — showing {self.program_scene} {where}"
        return f"Back from the break — showing {self.program_scene} {where}"


def is_video_source(settings: SourceSettings) -> bool:
    """Moving pictures from a device or a file (camera, media file, test pattern)."""
    try:
        kind = source_class_for(settings)
    except ValueError:
        return False
    return kind.has_video and bool(getattr(kind, "follows_clock", False))


def main_camera(scene: Scene) -> SceneItem | None:
    """The bottom-most visible item showing moving video: what viewers watch the host on."""
    for item in scene.items_in_z_order():
        if item.visible and is_video_source(item.source):
            return item
    return None


@dataclass(slots=True)
class SlateWatcher:
    """One canvas's decision: is the slate on, and why. Fed the main camera's health."""

    settle_s: float = SETTLE_S
    start_grace_s: float = START_GRACE_S
    manual: bool = False
    camera_lost: bool = False
    _ok_since_s: float | None = None
    _starting_since_s: float | None = None

    @property
    def reason(self) -> SlateReason | None:
        """None while the program is on air; the host's break wins over a lost camera."""
        if self.manual:
            return SlateReason.MANUAL
        return SlateReason.CAMERA_LOST if self.camera_lost else None

    def camera_changed(self) -> None:
        """Another source is the main camera now (the program changed): judged afresh, so a
        healthy one is shown at once and a failing one is not shown at all."""
        self.camera_lost = False
        self._ok_since_s = self._starting_since_s = None

    def observe(self, now_s: float, state: SourceState | None) -> None:
        """The main camera's health at ``now_s`` (None: the program has no camera)."""
        if state is None:
            self.camera_changed()
            return
        if state is SourceState.OK:
            self._starting_since_s = None
            if self.camera_lost:
                if self._ok_since_s is None:
                    self._ok_since_s = now_s
                if now_s - self._ok_since_s >= self.settle_s:
                    self.camera_lost = False
                    self._ok_since_s = None
            return
        self._ok_since_s = None
        if state is SourceState.STARTING:
            if self._starting_since_s is None:
                self._starting_since_s = now_s
            if now_s - self._starting_since_s >= self.start_grace_s:
                self.camera_lost = True
            return
        self._starting_since_s = None
        self.camera_lost = True  # ERROR (it keeps retrying) or STOPPED
