"""A template laid out for another canvas size: the host who set 1280×720 in Settings → Video
before their first show gets the template scaled to it, not items placed off the canvas.

Positions and sizes scale by one factor (the smaller of the two, centred when the aspect
differs). An item drawn at its natural size (text, overlays) has its pixel settings scaled
instead (font size, padding, widths), so it draws itself smaller and stays sharp; a box would
be measured from the text as written (``{host.name}``), not as shown.
"""

from __future__ import annotations

from fractions import Fraction

from studio.capture.base import SourceSettings
from studio.capture.registry import source_class_for
from studio.scene import Scene, SceneCollection, SceneItem


def fitted_to_canvas(
    collection: SceneCollection, width: int, height: int, fps: int | Fraction
) -> SceneCollection:
    """``collection`` with its main (first) canvas of ``width`` × ``height`` at ``fps``, and
    the scenes it shows (every scene no other canvas shows) scaled to match."""
    main = collection.canvases[0]
    canvas = main.model_copy(update={"width": width, "height": height, "fps": Fraction(fps)})
    canvases = [canvas, *collection.canvases[1:]]
    if (width, height) == (main.width, main.height):
        return collection.model_copy(update={"canvases": canvases})
    scale = min(Fraction(width, main.width), Fraction(height, main.height))
    offset = ((width - main.width * scale) / 2, (height - main.height * scale) / 2)
    others = {c.scene for c in collection.canvases[1:]} - {main.scene}
    shared = {
        item.source.name
        for scene in collection.scenes
        if scene.name in others
        for item in scene.items
        if item.source.name
    }
    scenes = [
        scene if scene.name in others else _scaled_scene(scene, scale, offset, shared)
        for scene in collection.scenes
    ]
    return collection.model_copy(update={"canvases": canvases, "scenes": scenes})


def _scaled_scene(
    scene: Scene, scale: Fraction, offset: tuple[Fraction, Fraction], shared: set[str]
) -> Scene:
    return scene.model_copy(
        update={"items": [_scaled_item(item, scale, offset, shared) for item in scene.items]}
    )


def _scaled_item(
    item: SceneItem, scale: Fraction, offset: tuple[Fraction, Fraction], shared: set[str]
) -> SceneItem:
    transform = item.transform
    if transform.fit != "none":
        return item  # fills the canvas whatever its size
    updates: dict[str, object] = {
        "x": round(transform.x * scale + offset[0]),
        "y": round(transform.y * scale + offset[1]),
    }
    source = item.source
    box: tuple[int, int] | None = None
    if transform.width is not None and transform.height is not None:
        box = (transform.width, transform.height)
    elif (source.name and source.name in shared) or not _pixel_settings(source):
        # Shown unscaled on another canvas too (one shared source cannot have two sizes), or
        # sized by plain width and height (a colour): a box of its natural size, scaled.
        box = source_class_for(source).expected_size(source)
    else:
        source = _scaled_pixels(source, scale)
    if box is not None:
        updates["width"] = max(1, round(box[0] * scale))
        updates["height"] = max(1, round(box[1] * scale))
    return item.model_copy(
        update={"source": source, "transform": transform.model_copy(update=updates)}
    )


def _pixel_settings(source: SourceSettings) -> list[str]:
    return [
        name
        for name in type(source).model_fields
        if name.endswith("_px")
        and isinstance(getattr(source, name), int)
        and not isinstance(getattr(source, name), bool)
    ]


def _scaled_pixels(source: SourceSettings, scale: Fraction) -> SourceSettings:
    """Every ``…_px`` setting (font size, padding, widths, outline) scaled, within its limits:
    the source draws itself at the new size, as sharp as at the old one."""
    updates: dict[str, int] = {}
    for name in _pixel_settings(source):
        info = type(source).model_fields[name]
        value = getattr(source, name)
        scaled = max(1, round(value * scale))
        for limit in info.metadata:
            low, high = getattr(limit, "ge", None), getattr(limit, "le", None)
            if isinstance(low, int):
                scaled = max(scaled, low)
            if isinstance(high, int):
                scaled = min(scaled, high)
        updates[name] = scaled
    return source.model_copy(update=updates) if updates else source
