"""A template's brand fonts reach every text the session draws: a face this computer lacks is
registered from the show's files; a face it already has is used as it is, not registered a
second time."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PySide6.QtGui import QFontDatabase

from studio.capture.color import ColorSettings
from studio.engine.brand_fonts import register_brand_fonts
from studio.render import text as render_text
from studio.scene import Canvas, Scene, SceneCollection, SceneItem
from studio.scene.template_info import BrandKit, TemplateInfo

REPO = Path(__file__).resolve().parents[2]
SERIF_BOLD = REPO / "template-sources" / "studio-table" / "assets" / "DejaVuSerif-Bold.ttf"


def renamed_font(folder: Path, family: str) -> Path:
    """DejaVu Serif Bold under another family name: a face no computer has installed."""
    with TTFont(SERIF_BOLD) as font:
        for record in font["name"].names:
            if record.nameID in (1, 4, 6, 16):
                record.string = family if record.nameID != 6 else family.replace(" ", "")
        path = folder / f"{family.replace(' ', '')}.ttf"
        font.save(path)
    return path


def with_brand_fonts(fonts: list[Path]) -> SceneCollection:
    return SceneCollection(
        name="Brand show",
        canvases=[Canvas(name="Main", width=320, height=180, fps=30, scene="Main")],
        scenes=[Scene(name="Main", items=[SceneItem(source=ColorSettings(name="Back"))])],
        template=TemplateInfo(name="Brand", brand=BrandKit(fonts=fonts)),
    )


def test_a_brand_font_this_computer_lacks_is_registered(tmp_path: Path) -> None:
    render_text.ensure_gui_app()
    font = renamed_font(tmp_path, "Brand Test Serif")
    assert "Brand Test Serif" not in QFontDatabase.families()
    register_brand_fonts(with_brand_fonts([font]))
    assert "Brand Test Serif" in QFontDatabase.families()
    bgra = render_text.render_text_image("Brand", font_family="Brand Test Serif")
    assert bgra[..., 3].any()  # drawn


def test_an_installed_face_is_not_registered_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    render_text.ensure_gui_app()
    if "DejaVu Serif" not in QFontDatabase.families():
        pytest.skip("this computer has no DejaVu Serif installed")
    added: list[str] = []
    monkeypatch.setattr(QFontDatabase, "addApplicationFont", staticmethod(added.append))
    monkeypatch.setattr(render_text, "_registered_files", {})
    assert render_text.register_font_files([SERIF_BOLD]) == ["DejaVu Serif"]
    assert added == []
