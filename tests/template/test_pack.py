"""Packing a template folder: checked first, deterministic bytes, written atomically; and the
packed bundle checks, unpacks and opens as the folder it came from."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from studio.template import (
    BundleError,
    BundleErrorCode,
    check_bundle,
    check_folder,
    extract_bundle,
    open_bundle,
    pack_folder,
)
from tests.template.conftest import template_files


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*")}


def test_a_packed_folder_passes_every_check(template_folder: Path, tmp_path: Path) -> None:
    bundle = pack_folder(template_folder, tmp_path / "tiny.lsstemplate")

    summary = check_bundle(bundle)
    expected = {name: hashlib.sha256(data).hexdigest() for name, data in template_files().items()}
    assert summary.manifest.files == expected
    assert {entry.path: entry.sha256 for entry in summary.entries} == expected
    assert summary.manifest.name == "Tiny show"
    assert summary.total_bytes == sum(len(data) for data in template_files().values())


def test_the_zip_is_laid_out_deterministically(template_folder: Path, tmp_path: Path) -> None:
    bundle = pack_folder(template_folder, tmp_path / "tiny.lsstemplate")

    with zipfile.ZipFile(bundle) as archive:
        infos = archive.infolist()
        manifest = json.loads(archive.read("manifest.json"))
    names = [info.filename for info in infos]
    assert names[0] == "manifest.json"
    assert names[1:] == sorted(template_files())
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == stat.S_IFREG | 0o644
        assert info.create_system == 3
        assert info.compress_type == zipfile.ZIP_STORED
    assert list(manifest["files"]) == sorted(manifest["files"])
    assert list(manifest)[:3] == ["format_version", "kind", "name"]


def test_the_same_folder_gives_the_same_bytes(template_folder: Path, tmp_path: Path) -> None:
    first = pack_folder(template_folder, tmp_path / "first.lsstemplate")
    os.utime(template_folder / "assets" / "logo.png", (0, 0))  # times are not content
    (template_folder / "assets" / "logo.png").chmod(0o600)  # nor are permissions
    second = pack_folder(template_folder, tmp_path / "second.lsstemplate")
    assert first.read_bytes() == second.read_bytes()


def test_one_changed_byte_changes_the_bundle_and_its_hash(
    template_folder: Path, tmp_path: Path
) -> None:
    before = pack_folder(template_folder, tmp_path / "before.lsstemplate")
    sound = template_folder / "assets" / "chime.wav"
    content = bytearray(sound.read_bytes())
    content[-1] ^= 0x01  # one bit of the last sample
    sound.write_bytes(bytes(content))

    after = pack_folder(template_folder, tmp_path / "after.lsstemplate")

    assert before.read_bytes() != after.read_bytes()
    old_files = check_bundle(before).manifest.files or {}
    new_files = check_bundle(after).manifest.files or {}
    assert old_files["assets/chime.wav"] != new_files["assets/chime.wav"]
    assert new_files["assets/chime.wav"] == _sha256(sound)
    assert {k: v for k, v in old_files.items() if k != "assets/chime.wav"} == {
        k: v for k, v in new_files.items() if k != "assets/chime.wav"
    }


def test_a_packed_bundle_unpacks_to_its_folder(template_folder: Path, tmp_path: Path) -> None:
    bundle = pack_folder(template_folder, tmp_path / "tiny.lsstemplate")
    library = tmp_path / "library"
    library.mkdir()

    summary = extract_bundle(bundle, library / "tiny-show")

    assert _listing(library) == {"tiny-show"} | {
        f"tiny-show/{name}" for name in [*template_files(), "manifest.json", "assets"]
    }
    for name, data in template_files().items():
        assert (library / "tiny-show" / name).read_bytes() == data
    assert check_folder(library / "tiny-show") == summary  # the listing now checks too


def test_an_opened_bundle_points_into_its_own_files(template_folder: Path, tmp_path: Path) -> None:
    bundle = pack_folder(template_folder, tmp_path / "tiny.lsstemplate")

    with open_bundle(bundle) as opened:
        folder = opened.folder
        logo = opened.collection.scene("Live").item("logo").source.path  # type: ignore[attr-defined]
        assert logo == folder / "assets" / "logo.png"
        assert logo.read_bytes() == template_files()["assets/logo.png"]
        assert opened.collection.template is not None
        assert opened.collection.template.brand.fonts == [folder / "assets" / "brand.ttf"]
        assert opened.manifest.kind == "template"
    assert not folder.exists()


def test_a_folder_opens_where_it_is(template_folder: Path) -> None:
    with open_bundle(template_folder) as opened:
        assert opened.folder == template_folder
        assert opened.collection.canvas("Landscape").width == 640


def test_a_stale_listing_is_computed_afresh(template_folder: Path, tmp_path: Path) -> None:
    manifest = json.loads((template_folder / "manifest.json").read_text())
    manifest["files"] = {"collection.json": "0" * 64}  # an agency's old, hand-kept listing
    (template_folder / "manifest.json").write_text(json.dumps(manifest))

    bundle = pack_folder(template_folder, tmp_path / "tiny.lsstemplate")

    assert set(check_bundle(bundle).manifest.files or {}) == set(template_files())


def test_a_profile_packs_with_its_profile_json(template_folder: Path, tmp_path: Path) -> None:
    manifest = json.loads((template_folder / "manifest.json").read_text())
    (template_folder / "manifest.json").write_text(json.dumps(manifest | {"kind": "profile"}))
    (template_folder / "profile.json").write_text('{"hotkeys": {}}')

    bundle = pack_folder(template_folder, tmp_path / "tiny.lssprofile")

    summary = check_bundle(bundle)
    assert summary.manifest.kind == "profile"
    assert "profile.json" in (summary.manifest.files or {})


def test_the_output_may_not_be_inside_the_folder(template_folder: Path) -> None:
    before = _listing(template_folder)
    output = template_folder / "assets" / "self.lsstemplate"
    with pytest.raises(BundleError) as refused:
        pack_folder(template_folder, output)
    assert str(refused.value) == (
        f"{output}: is inside the folder being packed (write the bundle somewhere else)"
    )
    assert _listing(template_folder) == before


def test_the_output_may_not_reach_the_folder_through_a_link(
    template_folder: Path, tmp_path: Path
) -> None:
    (tmp_path / "shortcut").symlink_to(template_folder, target_is_directory=True)
    with pytest.raises(BundleError, match="is inside the folder being packed"):
        pack_folder(template_folder, tmp_path / "shortcut" / "self.lsstemplate")


def test_a_folder_the_app_would_refuse_is_not_packed(template_folder: Path, tmp_path: Path) -> None:
    (template_folder / "assets" / "logo.png").write_bytes(b"not a picture")
    with pytest.raises(BundleError) as refused:
        pack_folder(template_folder, tmp_path / "tiny.lsstemplate")
    assert str(refused.value) == (
        "assets/logo.png: is not a PNG picture (its first bytes say otherwise)"
    )
    assert refused.value.code == BundleErrorCode.BAD_ASSET
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny-show"]  # no output, no temp


def test_a_failed_write_keeps_the_old_bundle(
    template_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = pack_folder(template_folder, tmp_path / "tiny.lsstemplate")
    old = output.read_bytes()
    (template_folder / "assets" / "chime.wav").write_bytes(
        template_files()["assets/chime.wav"][:-2]
    )

    def failing_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        pack_folder(template_folder, output)
    assert output.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny-show", "tiny.lsstemplate"]


def test_a_file_changed_while_packing_is_caught(
    template_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.template import bundle

    real_contents = bundle._check_contents

    def edit_after_checking(*args: object) -> object:
        collection = real_contents(*args)  # type: ignore[arg-type]
        (template_folder / "assets" / "chime.wav").write_bytes(b"RIFF....WAVEedited")
        return collection

    monkeypatch.setattr(bundle, "_check_contents", edit_after_checking)
    with pytest.raises(BundleError) as refused:
        pack_folder(template_folder, tmp_path / "tiny.lsstemplate")
    assert str(refused.value) == (
        "assets/chime.wav: changed while it was being packed (pack again once it is saved)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny-show"]
