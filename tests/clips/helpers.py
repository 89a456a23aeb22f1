"""A small show to record and cut: three products with pictures of one colour each, a
320x180 scene with a product card, and reading clips back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from studio.shop import Catalog, Money, Product
from tests.support.scenes import collection, solid_png, write_collection

WIDTH, HEIGHT, FPS = 320, 180, 30
# The card at the lower right, wider than a 9:16 crop of 180 rows (102 px): cut by the crop.
CARD_X, CARD_Y, CARD_W, CARD_H = 110, 110, 200, 60
# The vertical canvas, recorded too: its own card, across its middle.
V_WIDTH, V_HEIGHT = 180, 320
V_CARD_X, V_CARD_Y, V_CARD_W, V_CARD_H = 10, 130, 160, 60
RED, GREEN, BLUE = (230, 20, 20), (20, 200, 40), (30, 60, 230)
CARD = {
    "kind": "product_card", "width_px": CARD_W, "height_px": CARD_H, "layout": "landscape",
    "font_size_px": 12, "padding_px": 4, "background": "#202020", "show_qr": True,
}  # fmt: skip
HOSTILE_TITLE = "../../etc/passwd\\ CON\x07\n" + "Very long " * 40


def products(folder: Path) -> list[Product]:
    """Three products, codes 11, 22 and 33, each with a 800 px picture of its own colour."""
    pictures = [solid_png(folder / f"{name}.png", 800, 600, rgb)
                for name, rgb in (("red", RED), ("green", GREEN), ("blue", BLUE))]  # fmt: skip

    def usd(amount: str) -> Money:
        return Money.of(amount, "USD")

    return [
        Product(id="mug", code="11", title="Enamel Mug", price=usd("14.50"), stock=10,
                image=str(pictures[0]), url="https://shop.example/mug"),
        Product(id="lamp", code="22", title="Desk Lamp", price=usd("39.00"), stock=10,
                image=str(pictures[1]), url="https://shop.example/lamp"),
        Product(id="odd", code="33", title=HOSTILE_TITLE, price=usd("5.00"), stock=10,
                image=str(pictures[2]), url="https://shop.example/odd"),
    ]  # fmt: skip


def show_folder(folder: Path) -> Path:
    """``catalog.sqlite`` and ``scene.json`` for tests.clips.recorded_show."""
    folder.mkdir(parents=True, exist_ok=True)
    with Catalog.open(folder / "catalog.sqlite") as catalog:
        for product in products(folder):
            catalog.add(product)
    vertical_card = {**CARD, "width_px": V_CARD_W, "height_px": V_CARD_H, "canvas": "vertical"}
    document = collection(
        [{"name": "main", "width": WIDTH, "height": HEIGHT, "fps": FPS, "scene": "Live"},
         {"name": "vertical", "width": V_WIDTH, "height": V_HEIGHT, "fps": FPS,
          "scene": "Phone"}],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "color", "color": "#404040", "width": WIDTH,
                                "height": HEIGHT}},
                    {"source": {"kind": "tone", "frequency_hz": 440, "level_dbfs": -30}},
                    {"source": CARD, "transform": {"x": CARD_X, "y": CARD_Y}},
                ],
            },
            {
                "name": "Phone",
                "items": [
                    {"source": {"kind": "color", "color": "#604020", "width": V_WIDTH,
                                "height": V_HEIGHT}},
                    {"source": {"kind": "tone", "frequency_hz": 440, "level_dbfs": -30}},
                    {"source": vertical_card, "transform": {"x": V_CARD_X, "y": V_CARD_Y}},
                ],
            },
        ],
    )  # fmt: skip
    write_collection(folder / "scene.json", document)
    return folder


def ffprobe(path: Path, *entries: str) -> dict[str, Any]:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", *entries, str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)
