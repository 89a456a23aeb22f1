"""Unknown placeholders in a collection are problems named by their path; the short forms the
overlays always took stay valid in their own fields, and every shipped scene passes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from studio.capture.registry import settings_types
from studio.scene import load_collection
from studio.scene.placeholder_checks import placeholder_problems
from studio.shop.placeholders import KNOWN_PLACEHOLDERS, fields_taking_placeholders
from tests.scene.conftest import SAMPLES


def doc(*sources: dict[str, Any], template: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format_version": 2,
        "name": "Show",
        "canvases": [{"name": "Main", "width": 640, "height": 360, "fps": 30, "scene": "Live"}],
        "scenes": [
            {"name": "Empty", "items": []},
            {"name": "Live", "items": [{"source": source} for source in sources]},
        ],
    }
    if template is not None:
        data["template"] = template
    return data


def problems_of(*sources: dict[str, Any], template: dict[str, Any] | None = None) -> list[str]:
    return [str(problem) for problem in placeholder_problems(doc(*sources, template=template))]


def test_an_unknown_placeholder_is_named_by_its_path_with_the_known_ones() -> None:
    [problem] = placeholder_problems(
        doc(
            {"kind": "color", "color": "#000000"},
            {"kind": "text", "text": "Hi"},
            {"kind": "text", "text": "In {product.colour}: {product.title}"},
        )
    )
    assert problem.path == "scenes[1].items[2].source.text"
    assert problem.message.startswith("unknown placeholder {product.colour} (known: ")
    for name in KNOWN_PLACEHOLDERS:
        assert "{" + name + "}" in problem.message
    assert "{stock}" not in problem.message  # a product card's short form, not a text's


def test_each_unknown_placeholder_is_one_problem() -> None:
    assert problems_of({"kind": "text", "text": "{a} {b} {a} {{c}} { d }"}) == [
        "scenes[1].items[0].source.text: unknown placeholder {a} (known: "
        + ", ".join("{" + n + "}" for n in KNOWN_PLACEHOLDERS)
        + ")",
        "scenes[1].items[0].source.text: unknown placeholder {b} (known: "
        + ", ".join("{" + n + "}" for n in KNOWN_PLACEHOLDERS)
        + ")",
    ]


@pytest.mark.parametrize(
    ("kind", "field", "text"),
    [
        ("product_card", "stock_note", "Only {stock} left"),
        ("product_card", "code_prompt", "Comment SOLD {code}"),
        ("sales_ticker", "template", "{units} sold"),
        ("sales_ticker", "revenue_template", " · {revenue}"),
        ("goal_bar", "label", "{current} / {target}"),
        ("goal_bar", "units_label", "{current} of {target}"),
        ("flash_deal", "countdown", "Ends in {time}"),
    ],
)
def test_short_forms_are_valid_in_their_own_fields(kind: str, field: str, text: str) -> None:
    assert problems_of({"kind": kind, field: text}) == []


@pytest.mark.parametrize(
    ("kind", "field", "text", "unknown"),
    [
        ("text", "text", "Only {stock} left", "stock"),
        ("text", "text", "Ends in {time}", "time"),
        ("product_card", "code_prompt", "Only {stock} left", "stock"),
        ("product_card", "stock_note", "SOLD {code}", "code"),
        ("sales_ticker", "revenue_template", "{units}", "units"),
        ("flash_deal", "title", "Ends in {time}", "time"),
        ("goal_bar", "label", "{units}", "units"),
    ],
)
def test_short_forms_are_unknown_elsewhere(kind: str, field: str, text: str, unknown: str) -> None:
    [problem] = problems_of({"kind": kind, field: text})
    assert problem.startswith(
        f"scenes[1].items[0].source.{field}: unknown placeholder {{{unknown}}}"
    )


def test_the_shared_forms_are_valid_in_every_field_that_takes_placeholders() -> None:
    every = " ".join("{" + name + "}" for name in KNOWN_PLACEHOLDERS)
    sources = []
    for settings_type in settings_types():
        kind = settings_type.model_fields["kind"].default
        for field in fields_taking_placeholders(settings_type):
            sources.append({"kind": kind, field: every})
    assert {source["kind"] for source in sources} >= {
        "text", "product_card", "sales_ticker", "goal_bar", "flash_deal",
    }  # fmt: skip
    assert problems_of(*sources) == []


def test_the_defaults_of_every_kind_are_valid() -> None:
    sources = []
    for settings_type in settings_types():
        fields = fields_taking_placeholders(settings_type)
        for field in fields:
            default = settings_type.model_fields[field].default
            if isinstance(default, str):
                sources.append({"kind": settings_type.model_fields["kind"].default, field: default})
    assert len(sources) >= 7
    assert problems_of(*sources) == []


def test_host_placeholders_come_from_the_templates_text_fields() -> None:
    text = {"kind": "text", "text": "{host.name} for {host.brand} in {host.accent}"}
    without = problems_of(text)
    assert [p.split(": ", 1)[1].split(" (")[0] for p in without] == [
        "unknown placeholder {host.brand}",
        "unknown placeholder {host.accent}",
    ]
    template = {
        "name": "Agency",
        "fields": [
            {"id": "host.brand", "label": "Brand", "type": "text"},
            {"id": "host.accent", "label": "Accent", "type": "color"},  # not a text
        ],
    }
    [problem] = problems_of(text, template=template)
    assert problem.startswith("scenes[1].items[0].source.text: unknown placeholder {host.accent}")
    assert "{host.brand}" in problem  # among the known ones


def test_shapes_validation_reports_are_skipped() -> None:
    data: dict[str, Any] = doc(
        {"kind": "text", "text": 3},
        {"kind": "no_such_kind", "text": "{x}"},
        {"text": "{x}"},
    )
    data["scenes"][1]["items"].append("not an item")
    data["scenes"][1]["items"].append({"source": "not a source"})
    data["scenes"].append("not a scene")
    data["template"] = {"fields": "not a list"}
    assert placeholder_problems(data) == []
    assert placeholder_problems({"scenes": {"not": "a list"}}) == []


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_shipped_scene_loads_without_placeholder_problems(path: Any) -> None:
    load_collection(path)
    assert placeholder_problems(json.loads(path.read_text(encoding="utf-8"))) == []
