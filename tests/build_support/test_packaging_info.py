"""What the packages say about the app, checked on Linux: the version comes from pyproject,
the Windows version resource and the macOS Info.plist carry it, the entitlements are the
ones the hardened runtime needs, and the test tools are kept out."""

from __future__ import annotations

import plistlib
import tomllib
from pathlib import Path

import pytest

from build_support import macos, windows
from build_support.excludes import EXCLUDED_MODULES, FORBIDDEN_IN_BUNDLE
from build_support.native_libs import PORTAUDIO_SONAME, portaudio_binaries
from build_support.project import (
    Project,
    numeric_version,
    read_project,
    write_dist_info,
)

REPO = Path(__file__).resolve().parents[2]
PYPROJECT_VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]


def test_the_version_is_pyprojects_everywhere() -> None:
    import studio

    assert read_project(REPO / "pyproject.toml").version == PYPROJECT_VERSION
    assert studio.__version__ == PYPROJECT_VERSION


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3rc1", (1, 2, 3, 0)),
        ("2", (2, 0, 0, 0)),
        ("1.x.4", (1, 0, 4, 0)),
    ],
)
def test_numeric_versions_for_windows_and_macos(version: str, numbers: tuple[int, ...]) -> None:
    assert numeric_version(version) == numbers


class _Call:
    """Stands in for each of PyInstaller's VSVersionInfo classes: keeps its arguments."""

    def __init__(self, kind: str, *args: object, **kwargs: object) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs


def _evaluate_version_file(text: str) -> _Call:
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")  # fmt: skip
    namespace = {name: (lambda *a, _n=name, **k: _Call(_n, *a, **k)) for name in names}
    result = eval(compile(text, "version.txt", "eval"), {"__builtins__": {}}, namespace)
    assert isinstance(result, _Call)
    return result


def test_the_windows_version_resource_names_the_app_and_its_version(tmp_path: Path) -> None:
    project = Project("liveshop-studio", "1.4.2", "A studio")
    path = windows.write_version_file(project, "LiveShop Studio", tmp_path)
    resource = _evaluate_version_file(path.read_text("utf-8"))
    assert resource.kind == "VSVersionInfo"
    fixed = resource.kwargs["ffi"]
    assert isinstance(fixed, _Call)
    assert fixed.kwargs["filevers"] == fixed.kwargs["prodvers"] == (1, 4, 2, 0)
    string_file, var_file = resource.kwargs["kids"]  # type: ignore[misc]
    [table] = string_file.args[0]
    strings = {s.args[0]: s.args[1] for s in table.args[1]}
    assert strings["ProductName"] == strings["FileDescription"] == "LiveShop Studio"
    assert strings["FileVersion"] == strings["ProductVersion"] == "1.4.2"
    assert strings["OriginalFilename"] == "LiveShop Studio.exe"
    assert "GNU GPL" in strings["LegalCopyright"]
    assert var_file.args[0][0].args == ("Translation", [0x0409, 1200])


def test_a_hostile_name_cannot_break_out_of_the_version_file(tmp_path: Path) -> None:
    project = Project("liveshop-studio", "1.0'), __import__('os').system('x'), ('", "x")
    text = windows.version_file_text(project, "studio")
    resource = _evaluate_version_file(text)  # no NameError: only data
    [table] = resource.kwargs["kids"][0].args[0]  # type: ignore[index]
    assert {s.args[0]: s.args[1] for s in table.args[1]}["FileVersion"] == project.version


def test_the_macos_bundle_asks_for_the_camera_and_microphone() -> None:
    plist = macos.info_plist(Project("liveshop-studio", "1.4.2", "A studio"))
    assert plist["CFBundleShortVersionString"] == "1.4.2"
    assert plist["CFBundleVersion"] == "1.4.2"
    for key in ("NSCameraUsageDescription", "NSMicrophoneUsageDescription"):
        assert "LiveShop Studio" in plist[key]
    plistlib.dumps(plist)  # every value is one a plist can hold


def test_the_entitlements_allow_camera_microphone_and_pythons_needs() -> None:
    entitlements = plistlib.loads(macos.ENTITLEMENTS.read_bytes())
    assert entitlements == {
        "com.apple.security.device.camera": True,
        "com.apple.security.device.audio-input": True,
        "com.apple.security.cs.allow-unsigned-executable-memory": True,
        "com.apple.security.cs.disable-library-validation": True,
    }


def test_the_written_metadata_gives_the_version_and_no_build_path(tmp_path: Path) -> None:
    from importlib.metadata import Distribution

    dist_info = write_dist_info(Project("liveshop-studio", "3.2.1", "A studio"), tmp_path)
    [found] = Distribution.discover(name="liveshop-studio", path=[str(tmp_path)])
    assert found.version == "3.2.1"
    assert sorted(p.name for p in dist_info.iterdir()) == ["METADATA"]


def test_test_tools_are_excluded() -> None:
    for tool in FORBIDDEN_IN_BUNDLE:
        assert tool in EXCLUDED_MODULES


def test_portaudio_is_bundled_on_linux_only() -> None:
    [(source, folder)] = portaudio_binaries("linux")
    assert Path(source).name == PORTAUDIO_SONAME and Path(source).exists() and folder == "."
    assert portaudio_binaries("win32") == [] and portaudio_binaries("darwin") == []
