"""The standard shopping scene, as a scene collection for us and as PNG overlays for ffmpeg.

A 30 fps testsrc2 "camera" (yuv420p, canvas-sized, so neither side scales it), a product card
(product image, QR code, title, price), a 6-line chat whose text changes every 10 frames and a
sales ticker that changes every 30 frames. Every position and size scales with the canvas's
short side, so landscape and vertical canvases carry the same overlays.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from studio.bench.images import write_png

FPS = 30
CANVAS_NAME = "bench"
CHAT_LINES = 6
CHAT_EVERY_FRAMES = 10
TICKER_EVERY_FRAMES = 30
# The ffmpeg side's ``sine`` source plays at 1/8 of full scale; ours plays the same signal
# (the AAC encoder's work depends on the level: at -20 dBFS it took twice as long).
TONE_LEVEL_DBFS = 20 * math.log10(1 / 8)
FEATURED_ITEM = "featured"
FEATURED_RGB = (255, 0, 255)  # a colour nothing else in the scene has, for the latency probe
PRODUCT_URL = "https://shop.example/p/denim-jacket-1234"

_NAMES = ("maria", "tom_k", "shopper88", "lea", "jay", "nina.b", "omar", "sam")
_PHRASES = (
    "is the blue one still in stock?",
    "what size is she wearing?",
    "just ordered two!",
    "does it ship to Canada?",
    "love this colour",
    "price for the bundle?",
    "how long is the sale on?",
    "can you show the back?",
)


def even(value: float) -> int:
    return int(value) & ~1


def chat_text(change: int) -> str:
    """The chat after ``change`` updates: six lines scrolling by one message each time."""
    lines = []
    for i in range(change, change + CHAT_LINES):
        lines.append(f"{_NAMES[i % len(_NAMES)]}: {_PHRASES[(i * 3) % len(_PHRASES)]} #{i}")
    return "\n".join(lines)


def ticker_text(change: int) -> str:
    sold = 12 + change * 3
    return f"SOLD {sold} today  |  Denim jacket  |  {max(0, 40 - change)} left  |  EUR {sold * 59}"


@dataclass(frozen=True, slots=True)
class TimedText:
    """A text overlay whose content changes every ``every_frames`` frames."""

    item_id: str
    x: int
    y: int
    every_frames: int
    style: dict[str, Any]  # TextSettings fields except kind, name and text

    def text_at(self, change: int) -> str:
        return chat_text(change) if self.item_id == "chat" else ticker_text(change)

    def changes(self, frames: int) -> int:
        """How many different texts ``frames`` frames show."""
        return (frames - 1) // self.every_frames + 1


@dataclass(frozen=True, slots=True)
class StillText:
    item_id: str
    x: int
    y: int
    text: str
    style: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StillImage:
    item_id: str
    x: int
    y: int
    path: Path


@dataclass(slots=True)
class BenchScene:
    width: int
    height: int
    frames: int
    folder: Path
    images: list[StillImage] = field(default_factory=list)
    texts: list[StillText] = field(default_factory=list)
    timed: list[TimedText] = field(default_factory=list)
    featured: StillImage | None = None
    fps: int = FPS

    @property
    def label(self) -> str:
        return f"{self.width}x{self.height}"

    @property
    def scene_path(self) -> Path:
        return self.folder / "scene.json"

    def document(self) -> dict[str, Any]:
        items: list[dict[str, Any]] = [
            {
                "id": "camera",
                "source": {"kind": "test_pattern", "name": "camera", "pattern": "testsrc2",
                           "width": self.width, "height": self.height, "fps": self.fps},
                "transform": {"fit": "cover"},
            },
            {"id": "tone", "source": {"kind": "tone", "name": "tone", "frequency_hz": 440,
                                      "level_dbfs": TONE_LEVEL_DBFS}},
        ]  # fmt: skip
        for image in self.images:
            items.append(_image_item(image))
        for text in self.texts:
            items.append(_text_item(text.item_id, text.x, text.y, text.text, text.style))
        for timed in self.timed:
            items.append(_text_item(timed.item_id, timed.x, timed.y, timed.text_at(0), timed.style))
        if self.featured is not None:
            items.append({**_image_item(self.featured), "visible": False})
        return {
            "format_version": 1,
            "name": f"bench {self.label}",
            "canvases": [{"name": CANVAS_NAME, "width": self.width, "height": self.height,
                          "fps": self.fps, "scene": "shop"}],
            "scenes": [{"name": "shop", "items": items}],
        }  # fmt: skip

    def write(self) -> Path:
        self.scene_path.write_text(json.dumps(self.document(), indent=2))
        return self.scene_path


def _image_item(image: StillImage) -> dict[str, Any]:
    return {
        "id": image.item_id,
        "source": {"kind": "image", "name": image.item_id, "path": str(image.path)},
        "transform": {"x": image.x, "y": image.y},
    }


def _text_item(item_id: str, x: int, y: int, text: str, style: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item_id,
        "source": {"kind": "text", "name": item_id, "text": text, **style},
        "transform": {"x": x, "y": y},
    }


def product_image(size: int) -> np.ndarray:
    """A stand-in product photo: a shaded jacket-blue card with rounded corners (RGBA)."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / max(1, size - 1)
    rgba = np.empty((size, size, 4), np.uint8)
    rgba[..., 0] = (40 + 60 * xx).astype(np.uint8)
    rgba[..., 1] = (70 + 80 * yy).astype(np.uint8)
    rgba[..., 2] = (150 + 90 * (1 - yy)).astype(np.uint8)
    radius = size * 0.08
    dx = np.maximum(0, np.maximum(radius - xx * (size - 1), xx * (size - 1) - (size - 1 - radius)))
    dy = np.maximum(0, np.maximum(radius - yy * (size - 1), yy * (size - 1) - (size - 1 - radius)))
    inside = np.clip(radius - np.hypot(dx, dy) + 0.5, 0, 1) if radius > 0 else np.ones_like(xx)
    rgba[..., 3] = (inside * 255).astype(np.uint8)
    return rgba


def qr_image(url: str, target_px: int) -> np.ndarray:
    """The QR code of ``url``, black on white with a quiet zone, even-sized (RGBA)."""
    import segno

    matrix = np.array(segno.make(url, error="m").matrix, dtype=bool)
    modules = matrix.shape[0] + 4  # 2-module quiet zone
    scale = max(2, target_px // modules)
    padded = np.zeros((modules, modules), dtype=bool)
    padded[2:-2, 2:-2] = matrix
    pixels = np.kron(padded, np.ones((scale, scale), dtype=bool))
    side = even(pixels.shape[0] + 1)
    rgba = np.full((side, side, 4), 255, np.uint8)
    rgba[: pixels.shape[0], : pixels.shape[1], :3][pixels] = 0
    return rgba


def build_scene(
    folder: Path, width: int, height: int, frames: int, *, featured: bool = False
) -> BenchScene:
    """Lay the scene out for a canvas and write its image assets and scene.json to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    s = min(width, height) / 1080.0
    card_x, card_y = even(width - 400 * s), even(40 * s)
    product_px = even(360 * s)
    product = write_png(folder / "product.png", product_image(product_px))
    qr = write_png(folder / "qr.png", qr_image(PRODUCT_URL, even(170 * s)))
    scene = BenchScene(width, height, frames, folder)
    scene.images = [
        StillImage("product", card_x, card_y, product),
        StillImage("qr", card_x, even(card_y + product_px + 20 * s), qr),
    ]
    title_style = {"font_size_px": max(8, round(34 * s)), "bold": True, "color": "#FFFFFF",
                   "outline_color": "#000000", "outline_px": max(1, round(2 * s)),
                   "padding_px": max(2, round(6 * s))}  # fmt: skip
    price_style = {"font_size_px": max(8, round(48 * s)), "bold": True, "color": "#FFD400",
                   "background": "#000000AA", "padding_px": max(2, round(10 * s))}  # fmt: skip
    scene.texts = [
        StillText("title", card_x, even(640 * s), "Denim jacket, unisex", title_style),
        StillText("price", card_x, even(700 * s), "EUR 59.00  (-25%)", price_style),
    ]
    chat_style = {"font_size_px": max(8, round(26 * s)), "color": "#FFFFFF",
                  "background": "#00000099", "padding_px": max(2, round(12 * s)),
                  "wrap_width_px": max(16, even(640 * s))}  # fmt: skip
    ticker_style = {"font_size_px": max(8, round(32 * s)), "bold": True, "color": "#FFFFFF",
                    "background": "#C8102ECC", "padding_px": max(2, round(10 * s))}  # fmt: skip
    scene.timed = [
        TimedText("chat", even(40 * s), even(height - 430 * s), CHAT_EVERY_FRAMES, chat_style),
        TimedText("ticker", even(40 * s), even(height - 100 * s), TICKER_EVERY_FRAMES,
                  ticker_style),
    ]  # fmt: skip
    if featured:
        badge = np.empty((even(80 * s) or 2, even(240 * s) or 2, 4), np.uint8)
        badge[...] = (*FEATURED_RGB, 255)
        path = write_png(folder / "featured.png", badge)
        scene.featured = StillImage(FEATURED_ITEM, even(40 * s), even(40 * s), path)
    scene.write()
    return scene
