"""Opening the scene a host names on the command line: a scene file, a template or profile
bundle (unpacked for as long as it is used), a template folder, a hostile bundle refused; and
a scene file opened without loading the bundle checks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from studio.scene import Scene, SceneDocumentError
from studio.template import BundleError
from studio.template.scene_file import open_scene
from tests.support.fresh_interpreter import loaded_after
from tests.template.built_ins import LOGO, REPO, packed, rewritten


def test_open_scene_reads_a_scene_file(tmp_path: Path) -> None:
    with open_scene(REPO / "resources" / "scenes" / "sample.json") as collection:
        assert collection.scenes and isinstance(collection.scenes[0], Scene)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(SceneDocumentError), open_scene(broken):
        pass


def test_open_scene_unpacks_a_bundle_for_as_long_as_it_is_used(
    tmp_path: Path, system_temp: Path
) -> None:
    bundle = packed(tmp_path, "phone-vertical")
    with open_scene(bundle) as collection:
        assert collection.name == "Phone show"
        logo = collection.template.brand.logo  # type: ignore[union-attr]
        assert logo is not None and logo.is_file() and logo.is_relative_to(system_temp)
    assert not logo.exists()
    assert list(system_temp.iterdir()) == []


def test_open_scene_opens_a_template_folder_where_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    shutil.copytree(REPO / "template-sources" / "flash-sale", folder)
    with open_scene(folder) as collection:
        assert collection.template is not None
        assert collection.template.brand.logo == folder / "assets" / "logo.png"


def test_open_scene_refuses_a_hostile_bundle(tmp_path: Path) -> None:
    hostile = rewritten(
        packed(tmp_path), tmp_path / "hostile.lsstemplate", {"../escaped.png": LOGO.read_bytes()}
    )
    with pytest.raises(BundleError, match=re.escape("../escaped.png")), open_scene(hostile):
        pass


OPEN_A_SCENE_FILE = """
import sys
from pathlib import Path
from studio.template.scene_file import open_scene
with open_scene(Path(sys.argv[1])):
    pass
"""
BUNDLE_CHECKS = ("fontTools", "studio.template.bundle", "studio.template.safe_zip")


def test_a_scene_file_opens_without_the_bundle_checks() -> None:
    """`studio record` of a JSON scene loads no bundle code, zip safety or fontTools."""
    scene = REPO / "resources" / "scenes" / "sample.json"
    assert loaded_after(OPEN_A_SCENE_FILE, BUNDLE_CHECKS, str(scene)) == []
