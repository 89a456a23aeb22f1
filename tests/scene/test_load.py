"""Valid documents load into the models the engine and the UI use."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from studio.capture.image import ImageSettings
from studio.capture.text import TextSettings
from studio.scene import (
    SceneCollection,
    SceneDocumentError,
    default_collection,
    load_collection,
    parse_collection,
    source_key,
)
from tests.scene.conftest import LOGO, SAMPLES, valid_doc


def test_valid_document_loads_with_sources_typed_by_kind(
    valid_collection: SceneCollection, show_dir: Path
) -> None:
    live = valid_collection.scene("Live")
    logo = live.items[2]
    assert isinstance(logo.source, ImageSettings)
    assert logo.source.path == show_dir / "logo.png"  # relative to the document's folder
    assert logo.transform.x == -20
    assert logo.transform.width == 200
    assert logo.transform.height is None
    assert logo.transform.opacity == 0.5
    assert isinstance(live.items[3].source, TextSettings)
    assert valid_collection.canvas("Vertical").width == 1080
    assert valid_collection.scene_on("Vertical").name == "Phone"


def test_same_named_sources_are_one_shared_source(valid_collection: SceneCollection) -> None:
    # "logo.png" and "./logo.png" are the same file, so the two Logo items agree.
    sources = valid_collection.sources()
    assert list(sources) == [
        "name:Bars",
        "name:Beep",
        "name:Logo",
        source_key(TextSettings(text="Hello")),
    ]


def test_unnamed_sources_are_identified_by_their_settings(write_doc) -> None:  # type: ignore[no-untyped-def]
    doc = valid_doc()
    doc["scenes"][1]["items"].append({"source": {"kind": "text", "text": "Hello"}})
    doc["scenes"][1]["items"].append({"source": {"kind": "text", "text": "Other"}})
    sources = load_collection(write_doc(doc)).sources()
    assert len(sources) == 5  # the second "Hello" is the first one again


def test_items_get_readable_unique_ids_when_missing(valid_collection: SceneCollection) -> None:
    assert [item.id for item in valid_collection.scene("Live").items] == [
        "bars",
        "beep",
        "logo",
        "text",
    ]


def test_generated_ids_avoid_explicit_ones(write_doc) -> None:  # type: ignore[no-untyped-def]
    doc = valid_doc()
    doc["scenes"][0]["items"][0]["id"] = "logo"
    scene = load_collection(write_doc(doc)).scene("Live")
    assert [item.id for item in scene.items] == ["logo", "beep", "logo-2", "text"]
    assert scene.item("logo-2").source.name == "Logo"


def test_items_in_z_order_sorts_by_z_order_then_list_order(
    write_doc,  # type: ignore[no-untyped-def]
) -> None:
    doc = valid_doc()
    items = doc["scenes"][0]["items"]
    items[0]["z_order"] = 5
    items[1]["z_order"] = 0
    scene = load_collection(write_doc(doc)).scene("Live")
    assert [item.id for item in scene.items_in_z_order()] == ["text", "beep", "logo", "bars"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (30, Fraction(30)),
        (60, Fraction(60)),
        ("30000/1001", Fraction(30000, 1001)),
        ("25", Fraction(25)),
        (29.97, Fraction(30000, 1001)),
        ("59.94", Fraction(60000, 1001)),
        (12.5, Fraction(25, 2)),
    ],
)
def test_frame_rate_is_kept_exact(write_doc, written: object, expected: Fraction) -> None:  # type: ignore[no-untyped-def]
    doc = valid_doc()
    doc["canvases"][0]["fps"] = written
    assert load_collection(write_doc(doc)).canvas("Landscape").fps == expected


def test_samples_load_without_camera_or_microphone() -> None:
    sample = load_collection(SAMPLES / "sample.json")
    canvas = sample.canvases[0]
    assert (canvas.width, canvas.height, canvas.fps) == (1280, 720, 30)
    kinds = [getattr(item.source, "kind", None) for item in sample.scene_on(canvas.name).items]
    assert kinds == ["test_pattern", "tone", "image", "text"]
    logo = sample.scene_on(canvas.name).item("logo").source
    assert isinstance(logo, ImageSettings)
    assert logo.path == LOGO

    both = load_collection(SAMPLES / "sample-vertical.json")
    assert [(c.width, c.height) for c in both.canvases] == [(1280, 720), (720, 1280)]
    # both canvases show the same four shared sources
    assert len(both.sources()) == 4
    assert both.sources() == sample.sources()


def test_sample_logo_is_small_with_transparency() -> None:
    import av

    with av.open(str(LOGO)) as container:
        picture = next(container.decode(video=0)).to_ndarray(format="rgba")
    assert picture.shape == (256, 256, 4)
    assert picture[0, 0, 3] == 0 and picture[128, 128, 3] == 255
    assert LOGO.stat().st_size < 20_000


@pytest.mark.parametrize("vertical", [False, True])
def test_default_collection_is_valid_and_round_trips(tmp_path: Path, vertical: bool) -> None:
    collection = default_collection(vertical=vertical)
    landscape = collection.canvas("Landscape")
    assert (landscape.width, landscape.height, landscape.fps) == (1920, 1080, 30)
    kinds = {getattr(source, "kind", None) for source in collection.sources().values()}
    assert kinds == {"test_pattern", "tone", "text"}
    if vertical:
        assert (collection.canvas("Vertical").width, collection.canvas("Vertical").height) == (
            1080,
            1920,
        )
    from studio.scene import collection_to_json

    assert parse_collection(collection_to_json(collection, tmp_path), tmp_path) == collection


def test_building_an_inconsistent_collection_in_code_reports_paths() -> None:
    collection = default_collection()
    canvas = collection.canvases[0].model_copy(update={"scene": "Missing"})
    with pytest.raises(SceneDocumentError) as raised:
        SceneCollection(name="x", canvases=[canvas], scenes=collection.scenes)
    assert [str(p) for p in raised.value.problems] == [
        "canvases[0].scene: no scene named 'Missing'"
    ]


def test_the_first_run_show_uses_the_camera_and_microphone_found() -> None:
    from studio.scene import default_collection

    show = default_collection(camera="/dev/video0", microphone="USB Mic")
    kinds = {item.source.kind for item in show.scenes[0].items}
    assert {"camera", "microphone"} <= kinds and "test_pattern" not in kinds
    assert {item.source.kind for item in default_collection().scenes[0].items} >= {
        "test_pattern",
        "tone",
    }
