"""The built-in templates keep what a buyer reads (card, price, QR) clear of every vertical
platform's interface: a new host's first show must not start with a safe-zone warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.encode.settings import AudioEncoderSettings, VideoEncoderSettings
from studio.preflight.build import plan_from_targets
from studio.preflight.checks import check_show
from studio.resources import resources_dir
from studio.settings.platforms import platform_presets
from studio.template.scene_file import open_scene

VERTICAL_PLATFORMS = [p for p in platform_presets().values() if p.safe_zones]


def vertical_canvases(template: Path) -> list[str]:
    with open_scene(template) as collection:
        return [c.name for c in collection.canvases if c.height > c.width]


TEMPLATES = [
    path
    for path in sorted((resources_dir() / "templates").glob("*.lsstemplate"))
    if vertical_canvases(path)
]


def platform_url(host: str) -> str:
    return f"rtmps://ingest.{host}:443/app/sk_test_key_0001"


def test_a_built_in_template_has_a_vertical_canvas() -> None:
    assert TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_no_buyer_read_sits_under_a_vertical_platforms_interface(template: Path) -> None:
    assert VERTICAL_PLATFORMS, "the data file lost its safe-zone maps"
    vertical = vertical_canvases(template)
    with open_scene(template) as collection:
        targets = [
            (canvas, platform_url(preset.ingest_hosts[0]))
            for canvas in vertical
            for preset in VERTICAL_PLATFORMS
        ]
        report = check_show(
            plan_from_targets(collection, targets, VideoEncoderSettings(), AudioEncoderSettings())
        )
    assert [line for line in report.lines() if " sits under " in line] == []
