"""A template's open fields: checked against the document by path, read, and filled in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studio.scene import SceneCollection
from studio.scene.model import REFERENCES_CHECKED
from studio.scene.problems import SceneDocumentError
from studio.scene.template_checks import template_problems
from studio.scene.template_fields import FieldValueError, apply_field_values, field_value

REPO = Path(__file__).resolve().parents[2]
LOGO = REPO / "resources" / "images" / "liveshop-logo.png"
OTHER_PICTURE = REPO / "resources" / "images" / "camera-stand-in.png"
GOLD, RED, BLUE = "#FFD23F", "#E63946", "#1D4ED8"


def template_doc() -> dict[str, Any]:
    """Two scenes sharing the logo (one named source) and the card; the title shows the host."""
    logo = {"kind": "image", "name": "Logo", "path": str(LOGO)}
    card = {"kind": "product_card", "name": "Card", "accent_color": GOLD}
    return {
        "format_version": 2,
        "name": "Agency show",
        "canvases": [{"name": "Main", "width": 1280, "height": 720, "fps": 30, "scene": "Live"}],
        "scenes": [
            {
                "name": "Live",
                "items": [
                    {"id": "logo", "source": logo, "template_locked": True},
                    {"id": "card", "source": card, "template_locked": True},
                    {"id": "title", "source": {"kind": "text", "text": "Live with {host.name}"}},
                ],
            },
            {
                "name": "Break",
                "items": [
                    {"id": "corner-logo", "source": logo},  # another id, the same named source
                    {"id": "card", "source": card},
                ],
            },
        ],
        "template": {
            "name": "Studio table",
            "brand": {"colors": {"gold": GOLD, "red": RED, "blue": BLUE}},
            "fields": [
                {"id": "host.name", "label": "Your name", "type": "text", "default": "Host"},
                {"id": "logo", "label": "Your logo", "type": "image", "targets": ["logo.path"]},
                {
                    "id": "accent",
                    "label": "Accent colour",
                    "type": "color",
                    "choices": [GOLD, RED],
                    "default": GOLD,
                    "targets": ["card.accent_color"],
                },
                {"id": "tagline", "label": "Tagline", "type": "text", "targets": ["title.text"]},
            ],
            "values": {"host.name": "Ana"},
        },
    }


def field(doc: dict[str, Any], index: int) -> dict[str, Any]:
    return doc["template"]["fields"][index]  # type: ignore[no-any-return]


def problem_map(doc: dict[str, Any]) -> dict[str, str]:
    return {problem.path: problem.message for problem in template_problems(doc)}


@pytest.fixture
def collection() -> SceneCollection:
    return SceneCollection.model_validate(template_doc())


# -- problems, each named by its path ------------------------------------------------------------
def test_a_good_template_has_no_problems_and_a_show_without_one_is_not_checked() -> None:
    assert template_problems(template_doc()) == []
    doc = template_doc()
    del doc["template"]
    assert template_problems(doc) == []


def test_duplicate_field_ids() -> None:
    doc = template_doc()
    field(doc, 3)["id"] = "logo"
    assert problem_map(doc) == {
        "template.fields[3].id": "another field already has the id 'logo' (template.fields[1])"
    }


def test_a_target_naming_no_item() -> None:
    doc = template_doc()
    field(doc, 2)["targets"] = ["card.accent_color", "banner.accent_color"]
    assert problem_map(doc) == {
        "template.fields[2].targets[1]": "no item has the id 'banner' in any scene"
    }


def test_a_target_setting_the_items_kind_does_not_have() -> None:
    doc = template_doc()
    field(doc, 2)["targets"] = ["card.colour_of_price"]
    message = problem_map(doc)["template.fields[2].targets[0]"]
    assert "product_card source" in message and "'colour_of_price'" in message
    assert "scenes[0].items[1]" in message


def test_the_same_id_in_another_scene_with_another_kind_is_checked_too() -> None:
    doc = template_doc()
    doc["scenes"][1]["items"][1]["source"] = {"kind": "text", "text": "Break"}
    message = problem_map(doc)["template.fields[2].targets[0]"]
    assert "scenes[1].items[1]" in message and "text source" in message


def test_an_image_field_must_target_a_file_setting() -> None:
    doc = template_doc()
    field(doc, 1)["targets"] = ["card.accent_color"]
    assert problem_map(doc) == {
        "template.fields[1].targets[0]": "the product_card setting 'accent_color' of item "
        "'card' is a colour setting, not a file setting"
    }


def test_a_colour_field_must_target_a_colour_setting() -> None:
    doc = template_doc()
    field(doc, 2)["targets"] = ["title.text"]
    assert problem_map(doc) == {
        "template.fields[2].targets[0]": "the text setting 'text' of item 'title' is a text "
        "setting, not a colour setting"
    }


def test_an_optional_colour_setting_counts_as_a_colour() -> None:
    doc = template_doc()
    field(doc, 2)["targets"] = ["title.background"]  # HexColor | None
    assert template_problems(doc) == []


def test_a_text_field_must_target_a_text_setting() -> None:
    doc = template_doc()
    field(doc, 3)["targets"] = ["title.font_size_px"]
    assert (
        "is a setting of another type, not a text setting"
        in (problem_map(doc)["template.fields[3].targets[0]"])
    )


def test_a_field_may_not_rename_a_source() -> None:
    doc = template_doc()
    field(doc, 3)["targets"] = ["title.name"]
    assert "identity" in problem_map(doc)["template.fields[3].targets[0]"]


def test_fields_that_fill_nothing() -> None:
    doc = template_doc()
    field(doc, 1)["targets"] = []
    field(doc, 3)["targets"] = []
    problems = problem_map(doc)
    assert set(problems) == {"template.fields[1].targets", "template.fields[3].targets"}
    assert "image field needs at least one target" in problems["template.fields[1].targets"]
    assert "'host.'" in problems["template.fields[3].targets"]


def test_a_colour_default_outside_the_choices() -> None:
    doc = template_doc()
    field(doc, 2)["default"] = BLUE
    assert problem_map(doc) == {
        "template.fields[2].default": f"{BLUE} is not one of the field's choices ({GOLD}, {RED})"
    }
    field(doc, 2)["default"] = RED.lower()  # colours compare whatever their case
    assert template_problems(doc) == []


def test_a_colour_choice_outside_the_brand_kit() -> None:
    doc = template_doc()
    field(doc, 2)["choices"] = [GOLD, "#00FF00"]
    assert problem_map(doc) == {
        "template.fields[2].choices[1]": "#00FF00 is not one of the brand kit's colours"
    }


def test_a_text_default_longer_than_max_length() -> None:
    doc = template_doc()
    field(doc, 0)["max_length"] = 3
    field(doc, 0)["default"] = "Host"
    doc["template"]["values"] = {}
    assert problem_map(doc) == {
        "template.fields[0].default": "is 4 characters long, more than the field's max_length (3)"
    }


def test_stored_values_belong_to_text_fields_and_fit_them() -> None:
    doc = template_doc()
    field(doc, 0)["max_length"] = 2
    doc["template"]["values"] = {"host.name": "Ana", "accent": RED, "nobody": "x"}
    field(doc, 0)["default"] = ""
    problems = problem_map(doc)
    assert set(problems) == {
        "template.values.host.name",
        "template.values.accent",
        "template.values.nobody",
    }
    assert "max_length (2)" in problems["template.values.host.name"]
    assert "only text fields" in problems["template.values.accent"]
    assert problems["template.values.nobody"] == "no field has the id 'nobody'"


@pytest.mark.parametrize(
    "template",
    [
        None,
        "x",
        [],
        {"fields": "x"},
        {"fields": [1, None, {"id": 3, "type": ["x"], "targets": [5, "nodot", None]}]},
        {"fields": [{"type": "color", "choices": "x", "default": 7}], "brand": {"colors": 1}},
        {"fields": [{"type": "text", "default": "abc", "max_length": "x"}], "values": [1]},
        {"fields": [{"type": "color", "choices": [None, 1]}], "brand": {"colors": {"a": 1}}},
    ],
)
def test_a_template_of_the_wrong_shape_is_left_to_the_structural_validation(
    template: Any,
) -> None:
    doc = template_doc()
    doc["template"] = template
    doc["scenes"][0]["items"].append({"id": "weird", "source": "not a source"})
    template_problems(doc)  # never raises


# -- reading and filling in ------------------------------------------------------------------------
def test_field_value_reads_typed_text_defaults_and_targets(collection: SceneCollection) -> None:
    assert field_value(collection, "host.name") == "Ana"
    assert field_value(collection, "tagline") == ""
    assert field_value(collection, "logo") == str(LOGO)
    assert field_value(collection, "accent") == GOLD
    with pytest.raises(KeyError):
        field_value(collection, "nobody")


def test_text_fields_are_kept_in_the_template_values(collection: SceneCollection) -> None:
    filled = apply_field_values(collection, {"host.name": "Bea Santos"})
    assert filled.template is not None and collection.template is not None
    assert filled.template.host_values() == {"host.name": "Bea Santos"}
    assert field_value(filled, "host.name") == "Bea Santos"
    assert collection.template.values == {"host.name": "Ana"}  # a new value, the old one kept
    assert filled.scenes == collection.scenes


def test_a_text_field_with_targets_writes_them(collection: SceneCollection) -> None:
    filled = apply_field_values(collection, {"tagline": "Fresh drops every Friday"})
    assert filled.scene("Live").item("title").source.text == "Fresh drops every Friday"  # type: ignore[attr-defined]
    assert field_value(filled, "tagline") == "Fresh drops every Friday"


def test_a_text_longer_than_the_field_allows_is_refused(collection: SceneCollection) -> None:
    with pytest.raises(FieldValueError) as caught:
        apply_field_values(collection, {"host.name": "x" * 61})
    assert caught.value.field_id == "host.name"
    assert "at most 60 characters" in caught.value.reason


def test_an_image_goes_to_every_item_showing_the_target(collection: SceneCollection) -> None:
    filled = apply_field_values(collection, {"logo": str(OTHER_PICTURE)})
    assert filled.scene("Live").item("logo").source.path == OTHER_PICTURE  # type: ignore[attr-defined]
    # The break scene shows the same named source under another id: it follows.
    assert filled.scene("Break").item("corner-logo").source.path == OTHER_PICTURE  # type: ignore[attr-defined]
    assert field_value(filled, "logo") == str(OTHER_PICTURE)
    SceneCollection.model_validate(filled.model_dump())  # still one consistent show


def test_an_image_that_is_not_there_is_refused(collection: SceneCollection, tmp_path: Path) -> None:
    with pytest.raises(FieldValueError) as caught:
        apply_field_values(collection, {"logo": str(tmp_path / "gone.png")})
    assert caught.value.field_id == "logo"
    assert caught.value.reason == "file not found (gone.png)"
    with pytest.raises(FieldValueError, match="choose a file"):
        apply_field_values(collection, {"logo": ""})


def test_a_colour_goes_to_every_target_in_every_scene(collection: SceneCollection) -> None:
    filled = apply_field_values(collection, {"accent": RED.lower()})
    for scene in ("Live", "Break"):
        assert filled.scene(scene).item("card").source.accent_color == RED  # type: ignore[attr-defined]
    assert field_value(filled, "accent") == RED


def test_a_colour_outside_the_choices_is_refused(collection: SceneCollection) -> None:
    with pytest.raises(FieldValueError) as caught:
        apply_field_values(collection, {"accent": BLUE})
    assert caught.value.reason == f"choose one of the template's colours ({GOLD}, {RED})"


def test_a_free_colour_is_checked_by_the_setting(collection: SceneCollection) -> None:
    doc = template_doc()
    field(doc, 2)["choices"] = []
    free = SceneCollection.model_validate(doc)
    filled = apply_field_values(free, {"accent": BLUE})
    assert filled.scene("Break").item("card").source.accent_color == BLUE  # type: ignore[attr-defined]
    with pytest.raises(FieldValueError, match="must be a colour like #RRGGBB"):
        apply_field_values(free, {"accent": "blue"})


def test_unknown_fields_and_shows_without_a_template_are_refused(
    collection: SceneCollection,
) -> None:
    with pytest.raises(FieldValueError, match="no field with this id"):
        apply_field_values(collection, {"nobody": "x"})
    plain = collection.model_copy(update={"template": None})
    with pytest.raises(FieldValueError, match="not made from a template"):
        apply_field_values(plain, {"host.name": "x"})
    assert apply_field_values(collection, {}) is collection


def test_a_target_whose_item_is_gone_is_refused(collection: SceneCollection) -> None:
    doc = template_doc()
    field(doc, 2)["targets"] = ["card.accent_color", "banner.accent_color"]
    with pytest.raises(SceneDocumentError, match=r"targets\[1\]: no item has the id 'banner'"):
        SceneCollection.model_validate(doc)  # a collection refuses it when built
    # ...and filling in refuses it too, for a collection whose checks were skipped
    broken = SceneCollection.model_validate(doc, context={REFERENCES_CHECKED: True})
    with pytest.raises(FieldValueError, match="no item 'banner'"):
        apply_field_values(broken, {"accent": RED})


def test_several_values_apply_together(collection: SceneCollection) -> None:
    filled = apply_field_values(
        collection, {"host.name": "Chen", "accent": RED, "logo": str(OTHER_PICTURE)}
    )
    assert [field_value(filled, f) for f in ("host.name", "accent", "logo")] == [
        "Chen",
        RED,
        str(OTHER_PICTURE),
    ]
