"""The collection a first run starts with: it works with no camera and no microphone."""

from __future__ import annotations

from fractions import Fraction

from studio.capture.base import SourceSettings
from studio.capture.camera import CameraSettings
from studio.capture.microphone import MicrophoneSettings
from studio.capture.test_pattern import TestPatternSettings
from studio.capture.text import TextSettings
from studio.capture.tone import ToneSettings
from studio.scene.model import Canvas, Scene, SceneCollection, SceneItem, Transform


def default_collection(
    *, vertical: bool = False, camera: str | None = None, microphone: str | None = None
) -> SceneCollection:
    """A 1920×1080@30 landscape show; with ``vertical`` also a 1080×1920 canvas that shows
    the same (shared) sources, as a phone-first shop would stream them side by side.

    ``camera``/``microphone`` are device ids found on this computer: the show uses them
    instead of the test pattern and the tone, so a first run shows the host at once."""
    pattern: SourceSettings = TestPatternSettings(
        name="Test pattern", width=1920, height=1080, fps=30.0
    )
    if camera is not None:
        pattern = CameraSettings(name="Camera", device=camera)
    # Beeps rather than a continuous tone: audible proof of the audio path, easy to bear.
    tone: SourceSettings = ToneSettings(
        name="Tone", frequency_hz=440.0, level_dbfs=-20.0, beep_period_s=1.0
    )
    if microphone is not None:
        tone = MicrophoneSettings(name="Microphone", device=microphone)
    title = TextSettings(
        name="Title",
        text="Welcome to LiveShop Studio",
        font_size_px=64,
        bold=True,
        outline_color="#000000",
        outline_px=3,
    )
    canvases = [Canvas(name="Landscape", width=1920, height=1080, fps=Fraction(30), scene="Main")]
    scenes = [
        Scene(
            name="Main",
            items=[
                SceneItem(id="video", source=pattern, transform=Transform(fit="cover")),
                SceneItem(id="sound", source=tone),
                SceneItem(id="title", source=title, transform=Transform(x=64, y=940)),
            ],
        )
    ]
    if vertical:
        canvases.append(
            Canvas(name="Vertical", width=1080, height=1920, fps=Fraction(30), scene="Vertical")
        )
        scenes.append(
            Scene(
                name="Vertical",
                items=[
                    SceneItem(id="video", source=pattern, transform=Transform(fit="cover")),
                    SceneItem(id="sound", source=tone),
                    SceneItem(id="title", source=title, transform=Transform(x=48, y=1700)),
                ],
            )
        )
    return SceneCollection(name="My show", canvases=canvases, scenes=scenes)
