"""The template library: importing into the app's template folder (checked whole, landing by
one rename, replacing only when asked), listing built-ins and imported templates, and folder
names that are safe whatever a template is called."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.template import BundleError, BundleErrorCode, check_bundle, pack_folder
from studio.template.library import (
    TemplateExistsError,
    find_template,
    import_template,
    list_templates,
    slug_for,
    templates_folder,
)
from tests.template.built_ins import (
    LOGO,
    REPO,
    packed,
    profile_folder,
    rewritten,
    snapshot,
)
from tests.template.conftest import png_bytes

BUILT_IN_NAMES = {"Flash sale", "Phone show", "Studio table"}


@pytest.fixture
def data_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def _leftovers(folder: Path) -> list[str]:
    """Staging and moved-aside folders an import may leave if it goes wrong."""
    return [path.name for path in folder.iterdir() if path.name.startswith(".")]


# -- importing -------------------------------------------------------------------------------


def test_an_imported_template_lands_in_its_own_folder(tmp_path: Path, data_folder: Path) -> None:
    bundle = packed(tmp_path, name="Ann's Show")

    entry = import_template(bundle, data_folder)

    assert entry.path == data_folder / "templates" / "ann-s-show"
    assert entry.name == "Ann's Show" and entry.slug == "ann-s-show" and not entry.builtin
    for name in ("manifest.json", "collection.json", "thumbnail.png", "assets/logo.png"):
        assert (entry.path / name).is_file(), name
    manifest = json.loads((entry.path / "manifest.json").read_text())
    assert manifest["name"] == "Ann's Show" and manifest["files"]
    assert check_bundle(bundle).manifest.files == manifest["files"]
    assert _leftovers(entry.path.parent) == []


def test_the_template_folder_follows_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    entry = import_template(packed(tmp_path, name="Ann"))
    assert entry.path == tmp_path / "xdg" / "LiveShop Studio" / "templates" / "ann"
    assert templates_folder() == entry.path.parent


def test_a_hostile_name_still_lands_inside_the_template_folder(
    tmp_path: Path, data_folder: Path
) -> None:
    entry = import_template(packed(tmp_path, name="../../evil"), data_folder)
    assert entry.path == data_folder / "templates" / "evil"
    assert {p.name for p in tmp_path.iterdir()} == {"bundles", "data"}


def test_the_listing_has_the_built_ins_marked_then_the_imported_by_name(
    tmp_path: Path, data_folder: Path
) -> None:
    assert [e.name for e in list_templates(data_folder) if not e.builtin] == []
    for name in ("zebra show", "Alpha show", "mango show"):
        import_template(packed(tmp_path, name=name), data_folder)

    entries = list_templates(data_folder)

    builtins = [entry for entry in entries if entry.builtin]
    assert {entry.name for entry in builtins} == BUILT_IN_NAMES
    assert entries[: len(builtins)] == builtins  # built-ins first
    assert all(entry.path.suffix == ".lsstemplate" for entry in builtins)
    imported = entries[len(builtins) :]
    assert [entry.name for entry in imported] == ["Alpha show", "mango show", "zebra show"]
    assert all(not entry.builtin and entry.path.is_dir() for entry in imported)


def test_a_damaged_folder_in_the_library_is_left_out_not_fatal(
    tmp_path: Path, data_folder: Path
) -> None:
    import_template(packed(tmp_path, name="Good"), data_folder)
    damaged = templates_folder(data_folder) / "damaged"
    damaged.mkdir()
    (damaged / "manifest.json").write_text("{not json")
    names = [entry.name for entry in list_templates(data_folder) if not entry.builtin]
    assert names == ["Good"]


def test_the_agency_s_own_copy_is_found_before_the_built_in(
    tmp_path: Path, data_folder: Path
) -> None:
    assert find_template("Studio table", data_folder).builtin
    import_template(packed(tmp_path, name="Studio table"), data_folder)
    found = find_template("studio table", data_folder)
    assert not found.builtin and found.path == data_folder / "templates" / "studio-table"
    with pytest.raises(KeyError):
        find_template("no such show", data_folder)


def test_the_same_name_is_refused_without_replace_and_nothing_changes(
    tmp_path: Path, data_folder: Path
) -> None:
    import_template(packed(tmp_path, name="Ann"), data_folder)
    before = snapshot(data_folder)
    newer = packed(tmp_path, "flash-sale", name="Ann", version="2.0")

    with pytest.raises(TemplateExistsError, match="replace"):
        import_template(newer, data_folder)

    assert snapshot(data_folder) == before


def test_replace_puts_the_new_template_in_its_place(tmp_path: Path, data_folder: Path) -> None:
    first = import_template(packed(tmp_path, name="Ann"), data_folder)
    newer = packed(tmp_path, "flash-sale", name="Ann", version="2.0")

    entry = import_template(newer, data_folder, replace=True)

    assert entry.path == first.path
    assert json.loads((entry.path / "manifest.json").read_text())["version"] == "2.0"
    collection = json.loads((entry.path / "collection.json").read_text())
    assert collection["name"] == "Flash sale"
    assert sorted(p.name for p in (entry.path / "assets").iterdir()) == sorted(
        p.name for p in (REPO / "template-sources" / "flash-sale" / "assets").iterdir()
    )  # no file of the old template stays behind
    assert _leftovers(entry.path.parent) == []
    assert [e.version for e in (x.manifest for x in list_templates(data_folder))][-1] == "2.0"


def _zip_slip(bundle: Path, output: Path) -> Path:
    return rewritten(bundle, output, {"../escaped.png": LOGO.read_bytes()})


def _hash_mismatch(bundle: Path, output: Path) -> Path:
    return rewritten(bundle, output, {"assets/logo.png": png_bytes(96, 96)})


def _absolute(bundle: Path, output: Path) -> Path:
    return rewritten(bundle, output, {"/tmp/escaped.png": LOGO.read_bytes()})


@pytest.mark.parametrize(
    ("tamper", "entry", "code"),
    [
        (_zip_slip, "../escaped.png", BundleErrorCode.UNSAFE_ENTRY),
        (_absolute, "/tmp/escaped.png", BundleErrorCode.UNSAFE_ENTRY),
        (_hash_mismatch, "assets/logo.png", BundleErrorCode.HASH_MISMATCH),
    ],
    ids=["zip-slip", "absolute-path", "hash-mismatch"],
)
def test_a_refused_bundle_changes_nothing_and_leaves_nothing(
    tamper: Callable[[Path, Path], Path],
    entry: str,
    code: BundleErrorCode,
    tmp_path: Path,
    data_folder: Path,
    system_temp: Path,
) -> None:
    import_template(packed(tmp_path, name="Ann"), data_folder)
    hostile = tamper(packed(tmp_path, name="Ann"), tmp_path / "hostile.lsstemplate")
    before, around = snapshot(data_folder), sorted(p.name for p in tmp_path.iterdir())

    for replace in (False, True):
        with pytest.raises(BundleError) as refused:
            import_template(hostile, data_folder, replace=replace)
        assert entry in str(refused.value)
        assert refused.value.code == code

    assert snapshot(data_folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == around
    assert list(system_temp.iterdir()) == []
    assert not Path("/tmp/escaped.png").exists()


def test_a_profile_is_not_imported_as_a_template(tmp_path: Path, data_folder: Path) -> None:
    profile = pack_folder(profile_folder(tmp_path, b"{}"), tmp_path / "agency.lssprofile")
    with pytest.raises(BundleError, match="profile import"):
        import_template(profile, data_folder)
    assert snapshot(data_folder) == {}


# -- opening a scene -------------------------------------------------------------------------


# -- folder names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Studio table", "studio-table"),
        ("../x", "x"),
        ("../../../etc/passwd", "etc-passwd"),
        ("..", "template"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("CON", "template-con"),
        ("con", "template-con"),
        ("Nul", "template-nul"),
        ("COM1", "template-com1"),
        ("lpt9", "template-lpt9"),
        ("🛍️🎉", "template"),
        ("Café ✨ Show", "cafe-show"),
        ("", "template"),
        ("   ", "template"),
        ("a" * 200, "a" * 60),
        ("---x---", "x"),
        ("name\x00with\nnul", "name-with-nul"),
    ],
)
def test_a_folder_name_is_safe_whatever_the_template_is_called(name: str, slug: str) -> None:
    assert slug_for(name) == slug


def test_folder_names_never_leave_the_folder_or_stay_empty() -> None:
    for name in ("/", ".", "~", "\\\\server\\share", "a/../b", "-", "é", "COM10", "aux.txt"):
        slug = slug_for(name)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), (name, slug)
        assert slug not in {"con", "prn", "aux", "nul"}
