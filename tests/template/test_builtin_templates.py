"""The templates LiveShop Studio ships: up to date with their source folders, drawn as their
reference images show them, every placeholder resolved, and each a complete shopping show.

The rebuild after editing a template's folder is ``python scripts/build_templates.py``: it
packs the bundles, draws their thumbnails and the reference images these tests compare with.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, fields, is_dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel

import studio.render.chat
import studio.render.shop_overlays
import studio.render.text
from studio.capture.base import Services, SourceState
from studio.engine.session import Session
from studio.scene import SceneCollection
from studio.scene.placeholder_checks import placeholder_problems
from studio.shop.money import Money
from studio.shop.placeholders import KNOWN_PLACEHOLDERS, LiteralText, parse, placeholder_names
from studio.template import pack_folder
from studio.template.bundle import open_bundle
from studio.template.bundle_format import THUMBNAIL_ENTRY
from studio.template.export import THUMBNAIL_WIDTH
from studio.template.fit_canvas import fitted_to_canvas
from studio.template.library import (
    builtin_folder,
    first_run_template,
    list_templates,
)
from studio.template.new_show import cameras_as_stand_ins
from studio.template.render import render_still, sample_chat, sample_shop, scaled_to_width
from studio.template.scene_file import TEMPLATE_SUFFIX
from tests.template.pictures import difference, is_blank, read_png

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "template-sources"
REFERENCES = Path(__file__).parent / "reference"
REFERENCE_WIDTH = 960
REBUILD = "run `python scripts/build_templates.py` and commit what it changes"
SLUGS = sorted(folder.name for folder in SOURCES.iterdir() if folder.is_dir())

# Every function that turns words into pixels for a source: what they are asked to draw is
# what the viewer reads.
DRAWING_FUNCTIONS = {
    studio.render.text: ("render_text_image",),
    studio.render.shop_overlays: (
        "render_product_card",
        "render_pill",
        "render_goal_bar",
        "render_flash_deal",
    ),
    studio.render.chat: ("render_chat",),
}
DRAWN_BY = {  # source kind → the function that draws it
    "text": "render_text_image",
    "product_card": "render_product_card",
    "sales_ticker": "render_pill",
    "goal_bar": "render_goal_bar",
    "flash_deal": "render_flash_deal",
    "chat_overlay": "render_chat",
}


def bundle_of(slug: str) -> Path:
    return builtin_folder() / f"{slug}{TEMPLATE_SUFFIX}"


@dataclass
class Rendering:
    """A built-in drawn at each of its canvases, with every text the sources asked to draw."""

    collection: SceneCollection
    thumbnail: np.ndarray
    pictures: dict[str, np.ndarray]  # canvas name → BGRA at the canvas's size
    drawn: dict[str, list[str]] = field(default_factory=dict)  # function → its strings


def _strings(value: Any) -> Iterator[str]:
    """Every string inside the arguments of a drawing call."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for part in fields(value):
            yield from _strings(getattr(value, part.name))
    elif isinstance(value, BaseModel):
        for _, item in value:
            yield from _strings(item)


def _recording(drawn: dict[str, list[str]], name: str, function: Callable[..., Any]) -> Any:
    def draw(*args: Any, **kwargs: Any) -> Any:
        drawn.setdefault(name, []).extend(_strings([args, kwargs]))
        return function(*args, **kwargs)

    return draw


def render_recording_text(
    collection: SceneCollection, canvas: str | None = None
) -> tuple[np.ndarray, dict[str, list[str]]]:
    """``render_still`` with every string handed to a drawing function recorded."""
    drawn: dict[str, list[str]] = {}
    with pytest.MonkeyPatch.context() as patch:
        for module, names in DRAWING_FUNCTIONS.items():
            for name in names:
                patch.setattr(module, name, _recording(drawn, name, getattr(module, name)))
        picture = render_still(collection, canvas)
    return picture, drawn


@pytest.fixture(scope="module")
def renderings() -> Iterator[dict[str, Rendering]]:
    """Each built-in opened from its bundle (kept open for the module: its collection's
    files are in the unpacked folder) and drawn once at each of its canvases."""
    result = {}
    with ExitStack() as stack:
        for slug in SLUGS:
            opened = stack.enter_context(open_bundle(bundle_of(slug)))
            rendering = Rendering(opened.collection, read_png(opened.folder / THUMBNAIL_ENTRY), {})
            for canvas in opened.collection.canvases:
                picture, drawn = render_recording_text(opened.collection, canvas.name)
                rendering.pictures[canvas.name] = picture
                for name, texts in drawn.items():
                    rendering.drawn.setdefault(name, []).extend(texts)
            result[slug] = rendering
        yield result


# -- (a, b) up to date with the source folders -----------------------------------------------


def test_there_is_a_bundle_for_each_source_folder_and_nothing_else() -> None:
    assert len(SLUGS) >= 3
    bundles = sorted(path.stem for path in builtin_folder().glob(f"*{TEMPLATE_SUFFIX}"))
    assert bundles == SLUGS, f"built-in bundles {bundles}, source folders {SLUGS}: {REBUILD}"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_bundle_is_its_source_folder_packed(slug: str, tmp_path: Path) -> None:
    fresh = pack_folder(SOURCES / slug, tmp_path / f"{slug}{TEMPLATE_SUFFIX}")
    committed = bundle_of(slug)
    assert fresh.read_bytes() == committed.read_bytes(), (
        f"{committed.relative_to(REPO)} is not template-sources/{slug} packed: {REBUILD}"
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_the_thumbnail_is_a_rendering_of_the_template(
    slug: str, renderings: dict[str, Rendering]
) -> None:
    rendering = renderings[slug]
    first = rendering.collection.canvases[0].name
    fresh = scaled_to_width(rendering.pictures[first], THUMBNAIL_WIDTH)
    found = difference(fresh, rendering.thumbnail)
    assert found.close, f"{slug}'s thumbnail is not what it draws ({found}): {REBUILD}"


# -- (c) drawn as the reference shows --------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_each_canvas_draws_its_reference_picture(
    slug: str, renderings: dict[str, Rendering]
) -> None:
    rendering = renderings[slug]
    for canvas in rendering.collection.canvases:
        picture = rendering.pictures[canvas.name]
        assert picture.shape == (canvas.height, canvas.width, 4)
        assert not is_blank(picture), f"{slug} draws nothing on {canvas.name}"
        reference = REFERENCES / f"{slug}-{canvas.name.lower()}.png"
        assert reference.is_file(), f"no reference image {reference.name}: {REBUILD}"
        expected = read_png(reference)
        assert expected.shape[1] == REFERENCE_WIDTH
        found = difference(scaled_to_width(picture, REFERENCE_WIDTH), expected)
        assert found.close, f"{slug} on {canvas.name} is not its reference ({found})"


def test_every_reference_picture_belongs_to_a_canvas_of_a_built_in() -> None:
    expected = {
        f"{entry.slug}-{canvas.name.lower()}.png"
        for entry in list_templates()
        if entry.builtin
        for canvas in entry.manifest.canvases
    }
    assert {path.name for path in REFERENCES.glob("*.png")} == expected


def test_the_comparison_notices_a_missing_logo(renderings: dict[str, Rendering]) -> None:
    """The tolerance is not so loose that a small element may go missing unnoticed."""
    rendering = renderings["studio-table"]
    scene = rendering.collection.scenes[0]
    items = [item for item in scene.items if item.id != "logo"]
    without_logo = rendering.collection.model_copy(
        update={"scenes": [scene.model_copy(update={"items": items})]}
    )
    picture = scaled_to_width(render_still(without_logo), REFERENCE_WIDTH)
    found = difference(picture, read_png(REFERENCES / "studio-table-landscape.png"))
    assert not found.close, found
    assert found.worst_tile_at[0] < 64 and found.worst_tile_at[1] < 64  # where the logo was


# -- (d) every placeholder resolved ----------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_placeholder_is_known(slug: str) -> None:
    document = json.loads((SOURCES / slug / "collection.json").read_text(encoding="utf-8"))
    assert placeholder_problems(document) == []
    with open_bundle(bundle_of(slug)) as opened:
        for scene in opened.collection.scenes:
            for item in scene.items:
                if item.source.kind == "text":  # type: ignore[attr-defined]
                    names = placeholder_names(item.source.text)  # type: ignore[attr-defined]
                    assert set(names) <= set(KNOWN_PLACEHOLDERS), (item.id, names)


def _as_drawn(text: str) -> re.Pattern[str]:
    """What a text looks like once resolved: its literal pieces, something for each
    placeholder."""
    pattern = "".join(
        re.escape(token.text) if isinstance(token, LiteralText) else ".+" for token in parse(text)
    )
    return re.compile(pattern, re.DOTALL)


@pytest.mark.parametrize("slug", SLUGS)
def test_no_placeholder_is_drawn_as_written(slug: str, renderings: dict[str, Rendering]) -> None:
    rendering = renderings[slug]
    drawn = rendering.drawn
    everything = [text for texts in drawn.values() for text in texts]
    written = [text for text in everything if "{" in text or "}" in text]
    assert written == [], f"{slug} draws placeholders as written: {written}"

    scene = rendering.collection.scene(rendering.collection.canvases[0].scene)
    kinds = {item.source.kind for item in scene.items}  # type: ignore[attr-defined]
    for kind in kinds & set(DRAWN_BY):  # each drew: the check above was not vacuous
        assert drawn.get(DRAWN_BY[kind]), f"{slug}: nothing drew its {kind}"
    for item in scene.items:
        if item.source.kind == "text":  # type: ignore[attr-defined]
            text = item.source.text  # type: ignore[attr-defined]
            pattern = _as_drawn(text)
            assert any(pattern.fullmatch(s) for s in drawn.get("render_text_image", [])), (
                f"{slug}: {item.id} ({text!r}) was not drawn, resolved"
            )
    host_name = rendering.collection.template.host_values()["host.name"]  # type: ignore[union-attr]
    assert any(host_name in text for text in drawn["render_text_image"])
    assert any("Classic Hoodie" in text for text in drawn["render_product_card"])


def test_the_flash_sale_draws_the_countdown_of_its_running_deal(
    renderings: dict[str, Rendering],
) -> None:
    drawn = renderings["flash-sale"].drawn
    assert "ENDS IN 10:00" in drawn["render_text_image"]
    assert "Ends in 10:00" in drawn["render_flash_deal"]
    assert "$39.20" in drawn["render_flash_deal"]  # 80 % of the sample hoodie's $49.00


def test_the_check_sees_a_placeholder_drawn_as_written(renderings: dict[str, Rendering]) -> None:
    """``{{host.name}}`` draws the braces: the recording catches them."""
    collection = renderings["studio-table"].collection
    scene = collection.scenes[0]
    items = [
        item.model_copy(update={"source": item.source.model_copy(update={"text": "{{host.name}}"})})
        if item.id == "host-name"
        else item
        for item in scene.items
    ]
    broken = collection.model_copy(update={"scenes": [scene.model_copy(update={"items": items})]})
    _, drawn = render_recording_text(broken)
    assert "{host.name}" in drawn["render_text_image"]


# -- (e) complete shopping shows -------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_each_is_a_complete_shopping_show_with_a_brand_kit(slug: str) -> None:
    with open_bundle(bundle_of(slug)) as opened:
        collection, folder = opened.collection, opened.folder
        for canvas in collection.canvases:
            scene = collection.scene(canvas.scene)
            kinds = {item.source.kind for item in scene.items}  # type: ignore[attr-defined]
            assert {"camera", "product_card", "chat_overlay"} <= kinds, (canvas.name, kinds)
            assert kinds & {"sales_ticker", "goal_bar"}, (canvas.name, kinds)
        template = collection.template
        assert template is not None
        brand = template.brand
        assert len(brand.colors) >= 2
        assert brand.fonts and all(font.is_relative_to(folder) for font in brand.fonts)
        assert brand.logo is not None and brand.logo.is_relative_to(folder)
        host = template.field("host.name")
        assert host.type == "text" and host.default
        texts = [
            item.source.text  # type: ignore[attr-defined]
            for scene in collection.scenes
            for item in scene.items
            if item.source.kind == "text"  # type: ignore[attr-defined]
        ]
        assert any("{host.name}" in text for text in texts), f"{slug} never shows the host"


def _shows_a_countdown(collection: SceneCollection) -> bool:
    for scene in collection.scenes:
        for item in scene.items:
            if item.source.kind == "flash_deal":  # type: ignore[attr-defined]
                return True
            if "{deal.ends_in}" in item.source.model_dump_json():
                return True
    return False


def test_the_built_ins_are_three_different_shows(renderings: dict[str, Rendering]) -> None:
    shapes = {
        slug: {(c.width, c.height) for c in rendering.collection.canvases}
        for slug, rendering in renderings.items()
    }
    vertical = [s for s, sizes in shapes.items() if any(w * 16 == h * 9 for w, h in sizes)]
    landscape = [s for s, sizes in shapes.items() if any(w * 9 == h * 16 for w, h in sizes)]
    countdown = [s for s, r in renderings.items() if _shows_a_countdown(r.collection)]
    assert vertical and landscape and countdown
    assert set(landscape) - set(countdown), "the studio-table show is not a flash sale"
    kits = [
        frozenset(r.collection.template.brand.colors.values())  # type: ignore[union-attr]
        for r in renderings.values()
    ]
    assert len(set(kits)) == len(kits), "two built-ins share a brand kit"
    thumbnails = list(renderings.values())
    for index, one in enumerate(thumbnails):
        for other in thumbnails[index + 1 :]:
            if one.thumbnail.shape == other.thumbnail.shape:
                assert not difference(one.thumbnail, other.thumbnail).close


# -- (f) the first run -----------------------------------------------------------------------


def test_the_first_run_opens_the_landscape_show_or_the_phone_one() -> None:
    by_path = {entry.path: entry for entry in list_templates() if entry.builtin}
    landscape = by_path[first_run_template()]
    assert landscape.slug == "studio-table" and landscape.manifest.orientation == "landscape"
    assert all(c.width * 9 == c.height * 16 for c in landscape.manifest.canvases)
    assert not _shows_a_countdown(_collection_of(first_run_template()))  # not the sale
    phone = by_path[first_run_template(vertical=True)]
    assert phone.manifest.orientation == "vertical"
    assert all(c.width * 16 == c.height * 9 for c in phone.manifest.canvases)


def _collection_of(bundle: Path) -> SceneCollection:
    with open_bundle(bundle) as opened:
        return opened.collection


# -- fitted to the host's canvas -------------------------------------------------------------


def _drawn_boxes(collection: SceneCollection) -> dict[str, tuple[int, int]]:
    """The size each item of the first canvas's scene is drawn at, by item id (its box, or
    the size its source draws)."""
    from studio.render.text import ensure_gui_app

    ensure_gui_app()
    collection = cameras_as_stand_ins(collection)
    canvas = collection.canvases[0]
    scene = collection.scene(canvas.scene)
    with sample_shop() as shop:
        featured = shop.featured
        assert featured is not None
        flash_price = Money.from_minor(featured.price.minor_units * 4 // 5, "USD")
        shop.start_flash_deal(flash_price, 600)  # so a flash-deal overlay draws
        session = Session(collection, services=Services(shop=shop, chat=sample_chat()))
        try:
            session.set_preview_scene(canvas.name, scene.name)
            by_name = {source.display_name: source for source in session.sources.sources()}
            deadline = time.monotonic() + 15
            sizes: dict[str, tuple[int, int]] = {}
            for item in scene.items:
                source = by_name[item.source.name or item.source.kind]  # type: ignore[attr-defined]
                if not source.has_video:
                    continue
                if item.transform.width is not None and item.transform.height is not None:
                    sizes[item.id] = (item.transform.width, item.transform.height)
                    continue
                if item.transform.fit != "none":
                    continue
                while (size := source.natural_size()) is None:
                    assert source.health.state != SourceState.ERROR, item.id
                    assert time.monotonic() < deadline, f"{item.id} drew nothing"
                    time.sleep(0.01)
                sizes[item.id] = size
        finally:
            session.set_preview_scene(canvas.name, None)
            session.stop()
    return sizes


def test_a_built_in_fitted_to_a_smaller_canvas_draws_every_item_scaled_not_stretched() -> None:
    scale = Fraction(2, 3)  # 1920×1080 → 1280×720
    with open_bundle(bundle_of("flash-sale")) as opened:
        before = _drawn_boxes(opened.collection)
        after = _drawn_boxes(fitted_to_canvas(opened.collection, 1280, 720, 30))
    wrong = {}
    for item_id, (width, height) in before.items():
        expected = (float(width * scale), float(height * scale))
        found = after[item_id]
        if any(abs(f - e) > 2 + 0.03 * e for f, e in zip(found, expected, strict=True)):
            wrong[item_id] = (found, tuple(round(e) for e in expected))
    assert wrong == {}, f"drawn at (found, expected): {wrong}"
