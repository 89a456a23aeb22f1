"""Every kind of mistake in a document is reported with its path, all at once, in plain words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from studio.scene import Problem, SceneDocumentError, load_collection, parse_collection
from tests.scene.conftest import valid_doc

KNOWN = (
    "camera, chat_overlay, color, flash_deal, goal_bar, image, media, microphone, "
    "pinned_comment, product_card, sales_ticker, test_pattern, text, tone"
)

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    """An edit that sets ``scenes.0.items.2.transform.opacity``-style paths."""

    def edit(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return edit


def _delete(path: str) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return edit


CASES: list[tuple[str, Edit, str]] = [
    (
        "missing file",
        _set("scenes.1.items.1.source.path", "gone.png"),
        "scenes[1].items[1].source.path: file not found",
    ),
    (
        "unknown scene",
        _set("canvases.0.scene", "Backstage"),
        "canvases[0].scene: no scene named 'Backstage'",
    ),
    (
        "unknown kind",
        _set("scenes.0.items.2.source", {"kind": "webcam"}),
        f"scenes[0].items[2].source.kind: unknown source kind 'webcam' (known: {KNOWN})",
    ),
    (
        "missing kind",
        _set("scenes.0.items.2.source", {"name": "Cam"}),
        f"scenes[0].items[2].source.kind: is required: the source kind (known: {KNOWN})",
    ),
    (
        "opacity",
        _set("scenes.0.items.0.transform", {"opacity": 1.5}),
        "scenes[0].items[0].transform.opacity: must be between 0 and 1",
    ),
    (
        "negative crop",
        _set("scenes.0.items.0.transform", {"crop": {"left": -1}}),
        "scenes[0].items[0].transform.crop.left: must be at least 0",
    ),
    (
        "bad fit",
        _set("scenes.0.items.0.transform", {"fit": "fill"}),
        "scenes[0].items[0].transform.fit: must be one of 'none', 'contain', 'cover' or 'stretch'",
    ),
    (
        "odd width",
        _set("canvases.1.width", 1081),
        "canvases[1].width: must be an even number (video encoders need even sizes)",
    ),
    ("tiny height", _set("canvases.0.height", 32), "canvases[0].height: must be at least 64"),
    ("huge width", _set("canvases.0.width", 8000), "canvases[0].width: must be at most 7680"),
    (
        "width as text",
        _set("canvases.0.width", "wide"),
        "canvases[0].width: must be a whole number",
    ),
    (
        "bad fps",
        _set("canvases.0.fps", "fast"),
        'canvases[0].fps: must be a number like 30 or a fraction like "30000/1001"',
    ),
    (
        "fps out of range",
        _set("canvases.0.fps", 1000),
        "canvases[0].fps: must be between 1 and 240 frames per second",
    ),
    ("missing field", _delete("canvases.0.fps"), "canvases[0].fps: is required"),
    (
        "unknown field",
        _set("scenes.0.items.0.transform", {"rotation": 90}),
        "scenes[0].items[0].transform.rotation: unknown field",
    ),
    (
        "unknown source field",
        _set("scenes.0.items.1.source.volume", 3),
        "scenes[0].items[1].source.volume: unknown field",
    ),
    (
        "source setting out of range",
        _set("scenes.0.items.1.source.level_dbfs", 6),
        "scenes[0].items[1].source.level_dbfs: must be at most 0",
    ),
    (
        "bad colour",
        _set("scenes.0.items.3.source.color", "red"),
        "scenes[0].items[3].source.color: must be a colour like #RRGGBB or #RRGGBBAA",
    ),
    (
        "visible",
        _set("scenes.0.items.0.visible", "yes please"),
        "scenes[0].items[0].visible: must be true or false",
    ),
    ("empty name", _set("name", ""), "name: must not be empty"),
    ("no canvases", _set("canvases", []), "canvases: must have at least 1 entry"),
    ("items not a list", _set("scenes.1.items", {}), "scenes[1].items: must be a list"),
    ("item not an object", _set("scenes.1.items.0", 7), "scenes[1].items[0]: must be an object"),
    (
        "duplicate scene",
        lambda doc: doc["scenes"].append({"name": "Live"}),
        "scenes[2].name: another scene is already named 'Live' (scenes[0])",
    ),
    (
        "duplicate canvas",
        _set("canvases.1.name", "Landscape"),
        "canvases[1].name: another canvas is already named 'Landscape' (canvases[0])",
    ),
    (
        "duplicate item id",
        _set("scenes.0.items", [{"id": "a", "source": {"kind": "tone"}}] * 2),
        "scenes[0].items[1].id: another item in this scene has the id 'a' (scenes[0].items[0])",
    ),
    (
        "shared source conflict",
        _set("scenes.1.items.0.source.pattern", "smptebars"),
        "scenes[1].items[0].source: source 'Bars' differs from the one at "
        "scenes[0].items[0].source (different pattern); sources with the same name are one "
        "shared source",
    ),
    (
        "file name too long",
        _set("scenes.1.items.1.source.path", "x" * 5000),
        "scenes[1].items[1].source.path: cannot check the file: File name too long",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_named_by_its_path(write_doc, edit: Edit, expected: str) -> None:  # type: ignore[no-untyped-def]
    doc = valid_doc()
    edit(doc)
    with pytest.raises(SceneDocumentError) as raised:
        load_collection(write_doc(doc))
    assert [str(problem) for problem in raised.value.problems] == [expected]


def test_every_problem_is_reported_at_once(write_doc) -> None:  # type: ignore[no-untyped-def]
    doc = valid_doc()
    doc["canvases"][0]["scene"] = "Backstage"
    doc["scenes"][0]["items"][0]["transform"] = {"opacity": -1}
    doc["scenes"][0]["items"][2]["source"] = {"kind": "webcam"}
    doc["scenes"][1]["items"][1]["source"]["path"] = "gone.png"
    doc["scenes"][1]["items"][0]["source"]["fps"] = 60
    path = write_doc(doc)
    with pytest.raises(SceneDocumentError) as raised:
        load_collection(path)
    error = raised.value
    assert error.path == path
    assert [str(p) for p in error.problems] == [
        "scenes[0].items[0].transform.opacity: must be between 0 and 1",
        f"scenes[0].items[2].source.kind: unknown source kind 'webcam' (known: {KNOWN})",
        "scenes[1].items[1].source.path: file not found",
        "canvases[0].scene: no scene named 'Backstage'",
        "scenes[1].items[0].source: source 'Bars' differs from the one at "
        "scenes[0].items[0].source (different fps); sources with the same name are one "
        "shared source",
    ]
    report = str(error)
    assert report.splitlines()[0] == f"Cannot open scene collection '{path}' (5 problems):"
    assert "  - canvases[0].scene: no scene named 'Backstage'" in report.splitlines()
    assert "pydantic" not in report and "Traceback" not in report


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"name": "x",\n  "scenes": [1 2]}', "line 2 column 16: Expecting ',' delimiter"),
        ("", "line 1 column 1: Expecting value"),
        ('{"a": 1}\n{}', "line 2 column 1: Extra data"),
        ("{'name': 1}", "line 1 column 2: Expecting property name enclosed in double quotes"),
    ],
)
def test_bad_json_reports_line_and_column(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(SceneDocumentError) as raised:
        parse_collection(text, tmp_path)
    assert [str(p) for p in raised.value.problems] == [expected]
    assert str(raised.value) == f"Invalid scene collection: {expected}"


def test_document_must_be_an_object(tmp_path: Path) -> None:
    with pytest.raises(SceneDocumentError) as raised:
        parse_collection("[1, 2]", tmp_path)
    assert raised.value.problems == [
        Problem("", "must be a JSON object with format_version, name, canvases and scenes")
    ]


def test_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(SceneDocumentError, match="not UTF-8 text"):
        parse_collection(b'{"name": "\xff"}', tmp_path)


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(SceneDocumentError) as raised:
        load_collection(path)
    assert str(raised.value) == f"Cannot open scene collection '{path}': file not found"


def test_folder_instead_of_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(SceneDocumentError) as raised:
        load_collection(tmp_path)
    assert "\n" not in str(raised.value)
    assert str(raised.value).endswith("this is a folder, not a file")


def test_newer_format_version_asks_for_an_update(tmp_path: Path) -> None:
    doc = valid_doc()
    doc["format_version"] = 7
    doc["canvases"] = "whatever a future version puts here"
    with pytest.raises(SceneDocumentError) as raised:
        parse_collection(json.dumps(doc), tmp_path)
    (problem,) = raised.value.problems  # nothing else is checked in a format we don't know
    assert problem.path == "format_version"
    assert "made by a newer LiveShop Studio (format 7" in problem.message


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (None, "format_version: is required (is this file a LiveShop Studio scene collection?)"),
        ("1", "format_version: must be a whole number"),
        (True, "format_version: must be a whole number"),
        (-3, "format_version: format -3 is not supported"),
    ],
)
def test_format_version_must_be_known(tmp_path: Path, version: Any, expected: str) -> None:
    doc = valid_doc()
    if version is None:
        del doc["format_version"]
    else:
        doc["format_version"] = version
    with pytest.raises(SceneDocumentError) as raised:
        parse_collection(json.dumps(doc), tmp_path)
    assert [str(p) for p in raised.value.problems] == [expected]
