"""A template's whole journey: an agency's folder packed, checked, imported on a host's computer
and drawn there as it was drawn at the agency; and a host's own show exported as a template
that carries its files and none of this computer's devices."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from studio.capture.camera import CameraSettings
from studio.capture.image import ImageSettings
from studio.capture.microphone import MicrophoneSettings
from studio.scene import SceneCollection, load_collection
from studio.template import check_bundle, check_folder, pack_folder
from studio.template.bundle import open_bundle
from studio.template.export import export_template
from studio.template.library import import_template
from studio.template.render import render_still
from tests.template.built_ins import LOGO, source_copy
from tests.template.pictures import difference, is_blank

CAMERA_DEVICE = "/dev/video7"
MICROPHONE_DEVICE = "alsa_input.usb-Agency_Studio_Mic-00.analog-stereo"


def _assert_draws_the_same(picture: np.ndarray, expected: np.ndarray) -> None:
    assert picture.shape == expected.shape
    assert not is_blank(picture)
    found = difference(picture, expected)
    assert found.close and found.mean < 0.5, found  # the same show: next to no difference


@pytest.mark.parametrize("slug", ["studio-table", "phone-vertical"])
def test_pack_check_import_render_draws_what_the_folder_draws(
    slug: str, tmp_path: Path, system_temp: Path
) -> None:
    folder = source_copy(slug, tmp_path / slug)
    at_the_agency = render_still(load_collection(folder / "collection.json"))

    bundle = pack_folder(folder, tmp_path / f"{slug}.lsstemplate")
    summary = check_bundle(bundle)
    entry = import_template(bundle, tmp_path / "host-data")
    assert check_folder(entry.path).manifest == summary.manifest
    with open_bundle(entry.path) as opened:
        assert opened.folder == entry.path
        at_the_host = render_still(opened.collection)

    _assert_draws_the_same(at_the_host, at_the_agency)
    assert list(system_temp.iterdir()) == []


def _a_host_s_show(tmp_path: Path) -> SceneCollection:
    """The flash-sale show as a host has it: their logo from elsewhere on the disk, their
    camera and microphone picked by device."""
    folder = source_copy("flash-sale", tmp_path / "show")
    collection = load_collection(folder / "collection.json")

    def personal(item_source: object) -> object:
        if isinstance(item_source, CameraSettings):
            return item_source.model_copy(update={"device": CAMERA_DEVICE})
        if isinstance(item_source, MicrophoneSettings):
            return item_source.model_copy(update={"device": MICROPHONE_DEVICE})
        if isinstance(item_source, ImageSettings):
            return item_source.model_copy(update={"path": LOGO})
        return item_source

    scenes = [
        scene.model_copy(
            update={
                "items": [
                    item.model_copy(update={"source": personal(item.source)})
                    for item in scene.items
                ]
            }
        )
        for scene in collection.scenes
    ]
    return collection.model_copy(update={"scenes": scenes})


def test_an_exported_show_carries_its_files_and_none_of_its_devices(
    tmp_path: Path, system_temp: Path
) -> None:
    show = _a_host_s_show(tmp_path)
    drawn_here = render_still(show)

    bundle = export_template(
        show, tmp_path / "my-show.lsstemplate", name="Ann's flash sale", author="Ann"
    )

    summary = check_bundle(bundle)
    assert summary.manifest.name == "Ann's flash sale" and summary.manifest.author == "Ann"
    assert summary.manifest.kind == "template"
    assert summary.manifest.orientation == "landscape"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        document = json.loads(archive.read("collection.json"))
        logo_digest = hashlib.sha256(LOGO.read_bytes()).hexdigest()
        copies = [
            name for name in names if hashlib.sha256(archive.read(name)).hexdigest() == logo_digest
        ]
    assert copies == ["assets/liveshop-logo.png"]  # under assets/, once
    sources = [item["source"] for scene in document["scenes"] for item in scene["items"]]
    [image] = [source for source in sources if source["kind"] == "image"]
    assert image["path"] == "assets/liveshop-logo.png"
    [camera] = [source for source in sources if source["kind"] == "camera"]
    [microphone] = [source for source in sources if source["kind"] == "microphone"]
    assert camera["device"] == "" and microphone["device"] == ""
    text = json.dumps(document)
    assert CAMERA_DEVICE not in text and MICROPHONE_DEVICE not in text
    assert str(tmp_path) not in text  # every path relative to the bundle
    template = document["template"]
    assert template["name"] == "Ann's flash sale"
    assert template["brand"]["fonts"] == ["assets/DejaVuSansCondensed-Bold.ttf"]
    assert template["brand"]["logo"] == "assets/logo.png"  # the kit's own, not the host's
    assert all(name in names for name in (*template["brand"]["fonts"], "assets/logo.png"))

    with open_bundle(bundle) as opened:
        drawn_there = render_still(opened.collection)
    _assert_draws_the_same(drawn_there, drawn_here)
    assert [p for p in system_temp.iterdir()] == []


def test_exporting_leaves_the_show_s_own_files_alone(tmp_path: Path) -> None:
    show = _a_host_s_show(tmp_path)
    before = {path: path.read_bytes() for path in (tmp_path / "show").rglob("*") if path.is_file()}
    logo = LOGO.read_bytes()
    export_template(show, tmp_path / "my-show.lsstemplate", name="Mine")
    after = {path: path.read_bytes() for path in (tmp_path / "show").rglob("*") if path.is_file()}
    assert after == before and LOGO.read_bytes() == logo
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-show.lsstemplate", "show"]
