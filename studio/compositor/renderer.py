"""Draws one scene into a canvas buffer from the newest picture of each source.

Moving video is scaled with swscale (which releases the GIL) into yuv420p and copied in place;
stills are converted to premultiplied YUV once per change and blended over their own rectangle.
A source in trouble is drawn as a placeholder so the host sees what is wrong, and the stream
goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import av
import numpy as np
from av.video.reformatter import Interpolation, VideoReformatter

from studio.capture.base import SourceHealth, SourceState
from studio.capture.live_overlay import LiveOverlaySource
from studio.compositor.blend import PreparedOverlay, blend_overlay, place_video, prepare_overlay
from studio.compositor.layout import Crop, Placement, RenderItem, place
from studio.compositor.planes import CanvasBuffer, plane_view
from studio.media import OverlayPicture, Picture, VideoPicture

log = logging.getLogger(__name__)

_PLACEHOLDER_SIZE = (640, 360)


@dataclass(slots=True)
class _VideoCacheEntry:
    signature: tuple[object, ...]
    frame: av.VideoFrame | None  # keeps the planes' memory alive
    planes: tuple[np.ndarray, np.ndarray, np.ndarray] | None
    reformatter: VideoReformatter


@dataclass(slots=True)
class _OverlayCacheEntry:
    signature: tuple[object, ...]
    prepared: PreparedOverlay | None
    # Kept from change to change: building a scaler costs as much as scaling a text strip.
    scaler: VideoReformatter | None = None


def _crop_video(frame: av.VideoFrame, crop: Crop, reformatter: VideoReformatter) -> av.VideoFrame:
    """Cut ``crop`` (rounded to even pixels) from a frame, via one contiguous yuv420p copy."""
    if frame.format.name != "yuv420p":
        frame = reformatter.reformat(frame, format="yuv420p")
    left, top = crop.left & ~1, crop.top & ~1
    width = (frame.width - left - crop.right) & ~1
    height = (frame.height - top - crop.bottom) & ~1
    out = np.empty((height * 3 // 2, width), dtype=np.uint8)
    flat = out.reshape(-1)
    luma = width * height
    flat[:luma].reshape(height, width)[...] = plane_view(frame.planes[0])[
        top : top + height, left : left + width
    ]
    for index, start in ((1, luma), (2, luma + luma // 4)):
        view = flat[start : start + luma // 4].reshape(height // 2, width // 2)
        view[...] = plane_view(frame.planes[index])[
            top // 2 : (top + height) // 2, left // 2 : (left + width) // 2
        ]
    return av.VideoFrame.from_numpy_buffer(out, format="yuv420p")


def _scale_bgra(
    bgra: np.ndarray, width: int, height: int, scaler: VideoReformatter | None = None
) -> np.ndarray:
    src_h, src_w = bgra.shape[:2]
    if (src_w, src_h) == (width, height):
        return bgra
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(bgra), format="bgra")
    # Area averaging when shrinking keeps text legible; bilinear when growing.
    interpolation = Interpolation.AREA if width < src_w else Interpolation.BILINEAR
    scaler = scaler or VideoReformatter()
    scaled = scaler.reformat(frame, width=width, height=height, interpolation=interpolation)
    return scaled.to_ndarray()


def _fallback_placeholder(width: int, height: int) -> np.ndarray:
    """A grey box with a red frame, for when Qt text rendering is unavailable."""
    image = np.empty((height, width, 4), dtype=np.uint8)
    image[...] = (48, 48, 48, 255)
    border = max(2, min(width, height) // 40)
    image[:border], image[-border:] = (40, 40, 220, 255), (40, 40, 220, 255)
    image[:, :border], image[:, -border:] = (40, 40, 220, 255), (40, 40, 220, 255)
    return image


def render_placeholder_bgra(width: int, height: int, title: str, message: str) -> np.ndarray:
    try:
        from studio.render.text import render_placeholder

        return render_placeholder(width, height, title, message)
    except Exception:  # Qt missing or broken: still show something
        log.debug("placeholder text rendering failed", exc_info=True)
        return _fallback_placeholder(width, height)


class SceneRenderer:
    """Renders item lists for one canvas. Not thread-safe: one per canvas thread."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self._video: dict[str, _VideoCacheEntry] = {}
        self._overlays: dict[str, _OverlayCacheEntry] = {}
        self._last_natural: dict[str, tuple[int, int]] = {}
        # The last placement worked out per item key, with the item and natural size it was
        # for: items and pictures change rarely, and each frame would otherwise place every
        # item again.
        self._placements: dict[str, tuple[RenderItem, tuple[int, int], Placement | None]] = {}

    def render(self, items: Sequence[RenderItem], buffer: CanvasBuffer) -> None:
        # Health and picture are read once per frame, so the decision below and the drawing
        # agree even when a source changes meanwhile.
        pictures = {
            id(item): (item.source.health, item.source.current_picture())
            for item in items
            if item.visible
        }
        if not self._first_item_covers_canvas(items, pictures):
            buffer.fill_black()
        seen: set[str] = set()
        for item in items:
            if not item.visible or item.opacity <= 0.0:
                continue
            seen.add(item.key)
            try:
                self._draw_item(item, *pictures[id(item)], buffer)
            except Exception:
                # One broken item must not take the show down; the source reports its health.
                log.exception("could not draw item %s", item.key)
        for cache in (self._video, self._overlays, self._placements):
            for key in [key for key in cache if key not in seen]:
                del cache[key]

    def _first_item_covers_canvas(
        self, items: Sequence[RenderItem], pictures: dict[int, tuple[SourceHealth, Picture | None]]
    ) -> bool:
        """Whether the bottom item will overwrite every pixel (a full-screen camera), so the
        black background need not be painted first."""
        item = next((i for i in items if i.visible and i.opacity > 0.0), None)
        if item is None or item.opacity < 1.0:
            return False
        health, picture = pictures[id(item)]
        if health.state == SourceState.ERROR:
            return False
        if not isinstance(picture, VideoPicture):
            return False
        placement = self._place(item, picture.size)
        return placement is not None and (
            placement.x <= 0
            and placement.y <= 0
            and placement.x + placement.width >= self.width
            and placement.y + placement.height >= self.height
        )

    def _draw_item(
        self,
        item: RenderItem,
        health: SourceHealth,
        picture: Picture | None,
        buffer: CanvasBuffer,
    ) -> None:
        if health.state == SourceState.ERROR:
            self._draw_placeholder(item, buffer, health.message)
            return
        if picture is None:
            return
        self._last_natural[item.key] = picture.size
        placement = self._place(item, picture.size)
        if placement is None:
            return
        if isinstance(picture, VideoPicture):
            planes = self._scaled_video(item.key, picture, placement)
            if planes is not None:
                place_video(buffer, planes, placement.x, placement.y, item.opacity)
        elif isinstance(picture, OverlayPicture):
            picture = self._laid_out_at_box(item, picture, placement)
            prepared = self._prepared_overlay(
                item.key, picture.seq, picture.bgra, placement, item.opacity
            )
            if prepared is not None:
                blend_overlay(buffer, prepared, placement.x, placement.y)

    def _place(self, item: RenderItem, natural_size: tuple[int, int]) -> Placement | None:
        known = self._placements.get(item.key)
        if known is not None and known[0] is item and known[1] == natural_size:
            return known[2]
        placement = place(item, natural_size, (self.width, self.height))
        self._placements[item.key] = (item, natural_size, placement)
        return placement

    def _laid_out_at_box(
        self, item: RenderItem, picture: OverlayPicture, placement: Placement
    ) -> OverlayPicture:
        """A card that lays itself out is drawn at the item's box, not stretched (the
        natural picture, scaled, stands in until the source has drawn that size)."""
        source = item.source
        if not (isinstance(source, LiveOverlaySource) and source.lays_out_at_box):
            return picture
        if not placement.crop.is_empty or picture.size == (placement.width, placement.height):
            return picture
        boxed = source.picture_for_box(
            (id(self), item.key), placement.width, placement.height, picture.seq
        )
        return boxed if boxed is not None else picture

    def _draw_placeholder(self, item: RenderItem, buffer: CanvasBuffer, message: str) -> None:
        natural = self._last_natural.get(item.key) or source_natural(item) or _PLACEHOLDER_SIZE
        placement = place(item, natural, (self.width, self.height))
        if placement is None:
            return
        width, height = placement.width, placement.height
        signature = ("placeholder", message, width, height, item.opacity)
        entry = self._overlays.get(item.key)
        if entry is None or entry.signature != signature:
            title = f"{item.source.display_name} unavailable"
            bgra = render_placeholder_bgra(width, height, title, message)
            entry = _OverlayCacheEntry(signature, prepare_overlay(bgra, item.opacity))
            self._overlays[item.key] = entry
        if entry.prepared is not None:
            blend_overlay(buffer, entry.prepared, placement.x, placement.y)

    def _scaled_video(
        self, key: str, picture: VideoPicture, placement: Placement
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        signature = (picture.seq, id(picture.frame), placement.width, placement.height,
                     placement.crop)  # fmt: skip
        entry = self._video.get(key)
        if entry is not None and entry.signature == signature:
            return entry.planes
        reformatter = entry.reformatter if entry is not None else VideoReformatter()
        frame = picture.frame
        if not placement.crop.is_empty:
            frame = _crop_video(frame, placement.crop, reformatter)
        frame = reformatter.reformat(
            frame,
            width=placement.width,
            height=placement.height,
            format="yuv420p",
            interpolation=Interpolation.BILINEAR,
        )
        planes = (plane_view(frame.planes[0]), plane_view(frame.planes[1]),
                  plane_view(frame.planes[2]))  # fmt: skip
        self._video[key] = _VideoCacheEntry(signature, frame, planes, reformatter)
        return planes

    def _prepared_overlay(
        self, key: str, seq: int, bgra: np.ndarray, placement: Placement, opacity: float
    ) -> PreparedOverlay | None:
        signature = (seq, id(bgra), placement.width, placement.height, placement.crop, opacity)
        entry = self._overlays.get(key)
        if entry is not None and entry.signature == signature:
            return entry.prepared
        scaler = entry.scaler if entry is not None and entry.scaler else VideoReformatter()
        crop = placement.crop
        height, width = bgra.shape[:2]
        cropped = bgra[crop.top : height - crop.bottom, crop.left : width - crop.right]
        scaled = _scale_bgra(cropped, placement.width, placement.height, scaler)
        prepared = prepare_overlay(scaled, opacity)
        self._overlays[key] = _OverlayCacheEntry(signature, prepared, scaler)
        return prepared


def source_natural(item: RenderItem) -> tuple[int, int] | None:
    try:
        return item.source.natural_size()
    except Exception:
        return None
