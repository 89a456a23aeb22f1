"""Scene items turned into what the compositor draws and the mixer mixes."""

from __future__ import annotations

from dataclasses import dataclass

from studio.audio.mixer import MixerInput
from studio.capture.base import AudioMixSettings, Source
from studio.compositor.layout import Crop, RenderItem
from studio.scene.model import Scene, SceneItem


@dataclass(frozen=True, slots=True)
class AudioOverride:
    """The mixer's live gain or mute of a source, over what the document says (None: as
    the document says)."""

    gain_db: float | None = None
    muted: bool | None = None


def render_item(scene: Scene, item: SceneItem, source: Source) -> RenderItem:
    transform = item.transform
    crop = transform.crop
    whole_canvas = transform.fit != "none"
    return RenderItem(
        key=f"{scene.name}/{item.id}",
        source=source,
        x=0 if whole_canvas else transform.x,
        y=0 if whole_canvas else transform.y,
        width=None if whole_canvas else transform.width,
        height=None if whole_canvas else transform.height,
        fit=transform.fit,
        crop=Crop(crop.left, crop.top, crop.right, crop.bottom),
        opacity=transform.opacity,
        visible=item.visible and source.has_video,
    )


def mixer_input(item: SceneItem, source: Source, override: AudioOverride) -> MixerInput:
    settings = item.source
    gain_db, muted = 0.0, False
    if isinstance(settings, AudioMixSettings):
        gain_db, muted = settings.gain_db, settings.muted
    return MixerInput(
        key=source.display_name,
        source=source,
        gain_db=override.gain_db if override.gain_db is not None else gain_db,
        muted=override.muted if override.muted is not None else muted,
    )
