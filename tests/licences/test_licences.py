"""The licence list the About dialog, `studio about` and the build share: every bundled
component and run-time package with its text, the same from the source tree and from the
folder the build bundles."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from studio import licences
from studio.licences import (
    APP_LICENCE,
    COMPONENTS,
    INDEX_FILE,
    NOT_FOUND,
    EntryKind,
    LicenceEntry,
    LicenceText,
    computed_entries,
    licence_entries,
    package_entry,
    packages,
    read_licence_folder,
    runtime_distributions,
    write_licence_folder,
)
from studio.licences.entries import normalised

REPO = Path(__file__).resolve().parents[2]
MAIN_PACKAGES = ("PySide6-Essentials", "av", "numpy", "pydantic", "requests", "keyring")
TEST_TOOLS = ("pytest", "pytest-qt", "hypothesis", "mypy", "ruff", "import-linter")


def by_name(entries: list[LicenceEntry], kind: EntryKind) -> dict[str, LicenceEntry]:
    return {e.name: e for e in entries if e.kind is kind}


def test_every_component_and_the_main_packages_have_a_licence_text() -> None:
    entries = computed_entries()
    components = by_name(entries, EntryKind.COMPONENT)
    packages = by_name(entries, EntryKind.PYTHON_PACKAGE)

    assert list(components) == [c.name for c in COMPONENTS]
    assert set(MAIN_PACKAGES) <= set(packages)
    for entry in [*components.values(), *(packages[name] for name in MAIN_PACKAGES)]:
        text = entry.text()
        assert text.strip() and NOT_FOUND not in text, entry.name
        assert entry.licence, entry.name
    assert packages["numpy"].version == metadata.version("numpy")
    assert components["Qt / PySide6"].version == metadata.version("PySide6-Essentials")
    # The wheels of PySide6 carry no licence file: the LGPL-3.0 we ship stands in.
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in packages["PySide6-Essentials"].text()
    assert "Version 3" in components["Qt / PySide6"].text()
    assert "GNU GENERAL PUBLIC LICENSE" in components["FFmpeg with x264"].text()
    assert "Version 2, June 1991" in components["FFmpeg with x264"].text()
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in components["Python"].text()
    assert "Bitstream Vera" in components["DejaVu fonts"].text()
    assert "PortAudio" in components["PortAudio"].text()


def test_the_copyleft_components_say_where_their_source_is() -> None:
    components = by_name(computed_entries(), EntryKind.COMPONENT)
    for name in ("FFmpeg with x264", "Qt / PySide6"):
        source = components[name].source
        assert source.startswith("https://") and "\n" not in source, name
    ffmpeg = components["FFmpeg with x264"]
    assert ffmpeg.version and ffmpeg.version in ffmpeg.source


def test_the_app_is_gpl3_as_pyproject_says_with_the_repo_licence_as_its_text() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    [app] = [e for e in computed_entries() if e.name == "LiveShop Studio"]
    assert APP_LICENCE == project["license"] == app.licence
    assert app.version == project["version"]
    assert app.text() == (REPO / "LICENSE").read_text("utf-8")
    assert "Version 3, 29 June 2007" in app.text()


def test_the_test_tools_are_not_among_the_bundled_packages() -> None:
    names = {normalised(packages._field(d, "Name")) for d in runtime_distributions()}
    assert not names & set(TEST_TOOLS)
    assert {"pyside6-essentials", "shiboken6", "pydantic-core"} <= names  # and their deps


def test_extras_and_markers_decide_which_requirements_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dist_info(
        tmp_path,
        "fake-root",
        "Requires-Dist: requests[socks]\n"
        'Requires-Dist: pytest; extra == "test"\n'
        'Requires-Dist: numpy; sys_platform == "no-such-platform"\n'
        "Requires-Dist: not-installed-anywhere-xyz\n",
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    names = {packages._field(d, "Name") for d in runtime_distributions("fake-root")}

    assert {"requests", "urllib3", "idna", "certifi"} <= names
    assert not {"pytest", "numpy", "not-installed-anywhere-xyz", "fake-root"} & names


def test_the_written_folder_reads_back_as_the_same_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = computed_entries()
    folder = tmp_path / "licenses"
    written = write_licence_folder(folder)
    assert sorted(written) == sorted(folder.iterdir())
    assert folder / INDEX_FILE in written
    assert len(written) == len(computed) + 1

    # The frozen app: sys._MEIPASS holds the bundle, licenses/ inside it.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    bundled = licence_entries()

    assert bundled == computed
    assert all(
        e.licence_text.files == (folder / f.name,)
        for e, f in zip(bundled, written[:-1], strict=True)
    )
    assert [e.text() for e in bundled] == [e.text() for e in computed]


def test_writing_again_drops_the_texts_of_packages_no_longer_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "licenses"
    (folder / "notes").mkdir(parents=True)  # not ours: left alone
    entry = LicenceEntry(kind=EntryKind.PYTHON_PACKAGE, name="dropped", version="1", licence="MIT")
    monkeypatch.setattr(licences, "computed_entries", lambda: [entry])
    [dropped_text, _index] = write_licence_folder(folder)
    monkeypatch.undo()

    written = write_licence_folder(folder)

    assert not dropped_text.exists()
    assert sorted(folder.iterdir()) == sorted([*written, folder / "notes"])


def test_a_broken_index_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / INDEX_FILE).write_text('{"format": 1, "entries": [{"name": "x"}]}')
    with pytest.raises(ValueError, match=r"licence index .* cannot be read"):
        read_licence_folder(tmp_path)


def test_texts_are_read_when_asked_not_when_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_licence_folder(tmp_path / "licenses")
    opened: list[Path] = []
    read_text = Path.read_text

    def counting(self: Path, *args: object, **kwargs: object) -> str:
        opened.append(self)
        return read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", counting)
    entries = read_licence_folder(tmp_path / "licenses")
    assert opened == [tmp_path / "licenses" / INDEX_FILE]
    entries[1].text()
    assert opened[1:] == [entries[1].licence_text.files[0]]


def write_dist_info(folder: Path, name: str, extra_metadata: str = "", **files: str) -> Path:
    dist_info = folder / f"{name.replace('-', '_')}-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n{extra_metadata}"
    )
    for file_name, text in files.items():
        (dist_info / file_name).write_text(text)
    return dist_info


def test_a_package_without_a_licence_file_says_the_text_is_not_found(tmp_path: Path) -> None:
    dist_info = write_dist_info(tmp_path, "closed-thing", "License: Proprietary\n")
    entry = package_entry(metadata.PathDistribution(dist_info))
    assert (entry.name, entry.version, entry.licence) == ("closed-thing", "1.0", "Proprietary")
    assert entry.text().startswith(NOT_FOUND) and "closed-thing" in entry.text()

    bare = package_entry(metadata.PathDistribution(write_dist_info(tmp_path, "bare")))
    assert bare.licence == "unknown" and bare.text().startswith(NOT_FOUND)


def test_a_listed_licence_file_that_is_missing_says_so(tmp_path: Path) -> None:
    dist_info = write_dist_info(
        tmp_path, "lost-file", "License-Expression: MIT\nLicense-File: LICENSE\n"
    )
    assert package_entry(metadata.PathDistribution(dist_info)).text().startswith(NOT_FOUND)

    gone = LicenceText(files=(tmp_path / "deleted-after-listing.txt",))
    assert gone.read().startswith(NOT_FOUND) and "deleted-after-listing.txt" in gone.read()


def test_licence_files_are_found_by_metadata_or_by_name(tmp_path: Path) -> None:
    listed = write_dist_info(
        tmp_path, "listed", "License-Expression: MIT\nLicense-File: COPYING.md\n"
    )
    (listed / "licenses").mkdir()
    (listed / "licenses" / "COPYING.md").write_text("the listed text")
    (listed / "LICENSE").write_text("not listed, so not used")
    assert package_entry(metadata.PathDistribution(listed)).text() == "the listed text"

    unlisted = write_dist_info(
        tmp_path,
        "unlisted",
        "Classifier: License :: OSI Approved :: BSD License\n",
        LICENSE="the licence",
        NOTICE="the notice",
        README="not a licence",
    )
    entry = package_entry(metadata.PathDistribution(unlisted))
    assert entry.licence == "BSD License"
    assert "the licence" in entry.text() and "the notice" in entry.text()
    assert "not a licence" not in entry.text()


def test_written_file_names_are_safe_and_unique(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    awkward = ["Qt / PySide6", "../../etc/passwd", "CON", "con", "a:b*c?", "", "ÄÖ", "x" * 300]
    entries = [
        LicenceEntry(kind=kind, name=name, version="1", licence="MIT")
        for name in awkward
        for kind in EntryKind
    ]
    monkeypatch.setattr(licences, "computed_entries", lambda: entries)

    written = write_licence_folder(tmp_path / "out")

    names = [p.name for p in written]
    assert all(p.parent == tmp_path / "out" for p in written)
    assert len({n.lower() for n in names}) == len(names) == len(entries) + 1
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(txt|json)", name), name
        assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert [e.name for e in read_licence_folder(tmp_path / "out")] == [e.name for e in entries]
