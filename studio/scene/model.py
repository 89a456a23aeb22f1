"""The scene collection document: canvases showing scenes, scenes stacking items of sources.

Every model is frozen: the engine and the UI share one collection, and an edit makes a new one
(``model_copy(update=...)``) instead of changing what another thread is drawing.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from studio.capture.base import SourceSettings
from studio.numbered_names import first_free_name
from studio.scene.checks import document_problems, shared_source_problems
from studio.scene.problems import SceneDocumentError
from studio.scene.sources import AnySource, source_key
from studio.scene.template_info import TemplateInfo
from studio.scene.versions import CURRENT_FORMAT_VERSION

# Validation context key: the loader has already run the cross-document checks on the raw
# data (together with the type checks), so the models must not report them a second time.
REFERENCES_CHECKED = "references_checked"

_FROZEN = ConfigDict(extra="forbid", frozen=True)

Name = Annotated[str, Field(min_length=1, max_length=200)]


def _even_size(value: int) -> int:
    if value % 2:
        raise ValueError("must be an even number (video encoders need even sizes)")
    return value


CanvasSize = Annotated[int, Field(ge=64, le=7680), AfterValidator(_even_size)]

# Rates written as decimals mean the NTSC rates everyone means by them.
_NTSC_RATES = {
    Fraction(decimal): Fraction(base * 1000, 1001)
    for decimal, base in (("23.976", 24), ("29.97", 30), ("47.952", 48), ("59.94", 60))
} | {Fraction("119.88"): Fraction(120000, 1001)}

_FPS_HELP = 'must be a number like 30 or a fraction like "30000/1001"'


def _parse_frame_rate(value: object) -> Fraction:
    if isinstance(value, bool):
        raise ValueError(_FPS_HELP)
    try:
        if isinstance(value, Fraction | int):
            rate = Fraction(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError(_FPS_HELP)
            rate = Fraction(repr(value))  # the decimal that was written, not the binary float
        elif isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?(\s*/\s*\d+)?\s*", value):
            rate = Fraction(value.replace(" ", ""))
        else:
            raise ValueError(_FPS_HELP)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise ValueError(_FPS_HELP) from None
    rate = _NTSC_RATES.get(rate, rate)
    if not 1 <= rate <= 240:
        raise ValueError("must be between 1 and 240 frames per second")
    return rate


def _frame_rate_to_json(rate: Fraction) -> int | str:
    return rate.numerator if rate.denominator == 1 else f"{rate.numerator}/{rate.denominator}"


# Exact, because 29.97 as a float drifts: timestamps are computed from this Fraction.
FrameRate = Annotated[
    Fraction,
    PlainValidator(_parse_frame_rate),
    PlainSerializer(_frame_rate_to_json),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string"}]}),
]


class Canvas(BaseModel):
    """One video output of the show (landscape for the shop page, vertical for phones…)."""

    model_config = _FROZEN

    name: Name
    width: CanvasSize
    height: CanvasSize
    fps: FrameRate
    scene: Name  # the name of the scene it shows
    # The scene shown instead of the program while its main camera is lost or the host is on
    # a break (studio.engine.slate). Left out of the file when unset, so a show without one
    # stays readable by releases from before the slate.
    slate_scene: Name | None = Field(default=None, exclude_if=lambda value: value is None)

    @property
    def frame_duration_s(self) -> Fraction:
        return 1 / self.fps


class Crop(BaseModel):
    """Pixels cut from each edge of the source, in source pixels."""

    model_config = _FROZEN

    left: int = Field(default=0, ge=0, le=16384)
    top: int = Field(default=0, ge=0, le=16384)
    right: int = Field(default=0, ge=0, le=16384)
    bottom: int = Field(default=0, ge=0, le=16384)


def _unit_interval(value: float) -> float:
    if not 0.0 <= value <= 1.0:  # also rejects NaN
        raise ValueError("must be between 0 and 1")
    return value


Fit = Literal["none", "contain", "cover", "stretch"]


class Transform(BaseModel):
    """Where an item sits on the canvas, in canvas pixels.

    With ``fit="none"`` the (cropped) source is drawn at ``x, y`` in ``width`` × ``height``
    (None = the source's natural size). Any other ``fit`` fills the whole canvas: ``contain``
    letterboxes, ``cover`` fills and cuts the overflow, ``stretch`` ignores the aspect ratio;
    ``x, y, width, height`` are then not used.
    """

    model_config = _FROZEN

    x: int = Field(default=0, ge=-100_000, le=100_000)  # off-canvas positions are allowed
    y: int = Field(default=0, ge=-100_000, le=100_000)
    width: int | None = Field(default=None, ge=1, le=16384)
    height: int | None = Field(default=None, ge=1, le=16384)
    fit: Fit = "none"
    crop: Crop = Crop()
    opacity: Annotated[float, AfterValidator(_unit_interval)] = 1.0


def new_item_id() -> str:
    return f"item-{uuid.uuid4().hex[:8]}"


class SceneItem(BaseModel):
    model_config = _FROZEN

    # Stable for the life of the item so the UI can select and edit it across saves.
    id: Name = Field(default_factory=new_item_id)
    source: AnySource
    transform: Transform = Transform()
    z_order: int | None = None  # sorts before list order when set; None counts as 0
    visible: bool = True
    locked: bool = False  # the UI does not let the host drag a locked item
    # Set by the agency that made the template: the host cannot move, resize, delete or
    # unlock it (their own ``locked`` toggle is separate and stays theirs).
    template_locked: bool = False

    @property
    def fixed(self) -> bool:
        """The host may not move or resize it (locked by them or by the template)."""
        return self.locked or self.template_locked


class Scene(BaseModel):
    """Items stacked bottom to top: the first item is drawn first."""

    model_config = _FROZEN

    name: Name
    items: list[SceneItem] = []

    @model_validator(mode="before")
    @classmethod
    def _give_items_ids(cls, data: Any) -> Any:
        # Readable ids derived from the source ("logo", "text-2") instead of random ones: a
        # hand-written file loads the same way every time, and saving makes the ids permanent.
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            return data
        items = data["items"]
        taken: set[str] = {item.id for item in items if isinstance(item, SceneItem)}
        taken |= {
            item["id"]
            for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
        filled: list[Any] = []
        for item in items:
            if isinstance(item, dict) and "id" not in item:
                item = {"id": first_free_name(_id_stem(item.get("source")), taken), **item}
                taken.add(item["id"])
            filled.append(item)
        return {**data, "items": filled}

    def items_in_z_order(self) -> list[SceneItem]:
        """Bottom to top: by ``z_order`` (None = 0), ties kept in list order."""
        return sorted(self.items, key=lambda item: item.z_order or 0)

    def item(self, item_id: str) -> SceneItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"scene {self.name!r} has no item {item_id!r}")


def _id_stem(source: Any) -> str:
    raw = ""
    if isinstance(source, dict):
        for key in ("name", "kind"):
            if isinstance(source.get(key), str):
                raw = source[key]
                break
    stem = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    return stem[:40] or "item"


class SceneCollection(BaseModel):
    """A whole show: its canvases and the scenes they can show."""

    model_config = _FROZEN

    format_version: Literal[2] = CURRENT_FORMAT_VERSION
    name: Name
    canvases: list[Canvas] = Field(min_length=1)
    scenes: list[Scene] = Field(min_length=1)
    template: TemplateInfo | None = None  # the template it was made from, with its open fields

    @model_validator(mode="after")
    def _check_references(self, info: ValidationInfo) -> SceneCollection:
        if info.context and info.context.get(REFERENCES_CHECKED):
            return self
        problems = document_problems(self.model_dump(mode="json"))
        problems += shared_source_problems(self._named_sources())
        # Raised as is (not as a ValueError) so that code building a collection gets the same
        # path-named report as a file being loaded.
        if problems:
            raise SceneDocumentError(None, problems)
        return self

    def _named_sources(self) -> list[tuple[str, SourceSettings]]:
        return [
            (f"scenes[{s}].items[{i}].source", item.source)
            for s, scene in enumerate(self.scenes)
            for i, item in enumerate(scene.items)
        ]

    def canvas(self, name: str) -> Canvas:
        for canvas in self.canvases:
            if canvas.name == name:
                return canvas
        raise KeyError(f"no canvas named {name!r}")

    def scene(self, name: str) -> Scene:
        for scene in self.scenes:
            if scene.name == name:
                return scene
        raise KeyError(f"no scene named {name!r}")

    def scene_on(self, canvas_name: str) -> Scene:
        """The scene a canvas is showing."""
        return self.scene(self.canvas(canvas_name).scene)

    def with_sources(self, change: Callable[[SourceSettings], SourceSettings]) -> SceneCollection:
        """Every item's source passed through ``change``; items, scenes and the collection
        a change leaves alone stay the same objects (itself when nothing changes)."""
        scenes = []
        for scene in self.scenes:
            items = []
            for item in scene.items:
                source = change(item.source)
                changed = source is not item.source
                items.append(item.model_copy(update={"source": source}) if changed else item)
            same = all(new is old for new, old in zip(items, scene.items, strict=True))
            scenes.append(scene if same else scene.model_copy(update={"items": items}))
        if all(new is old for new, old in zip(scenes, self.scenes, strict=True)):
            return self
        return self.model_copy(update={"scenes": scenes})

    def sources(self) -> dict[str, SourceSettings]:
        """Every distinct source by :func:`source_key`, in order of first appearance; the
        engine starts each one once however many items, scenes and canvases show it."""
        unique: dict[str, SourceSettings] = {}
        for scene in self.scenes:
            for item in scene.items:
                unique.setdefault(source_key(item.source), item.source)
        return unique
