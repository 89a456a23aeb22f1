"""The app's names and version as packages show them, read from pyproject.toml (the one
place the version is written)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from studio.data_folder import APP_NAME as APP_NAME  # the one place the name is written

BUNDLE_ID = "studio.liveshop.app"
# Windows: the windowed app people start from its icon, and the console one for the command
# line (a windowed exe can neither print nor return an exit status to a terminal).
WINDOWS_GUI_EXE = "LiveShop Studio"
WINDOWS_CONSOLE_EXE = "studio"
LINUX_EXE = "liveshop-studio"
LINUX_FOLDER = "LiveShopStudio"
COPYRIGHT = "© LiveShop Studio developers. Free software under the GNU GPL version 3 or later."


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    description: str


def read_project(pyproject: Path) -> Project:
    table = tomllib.loads(pyproject.read_text("utf-8"))["project"]
    return Project(table["name"], table["version"], table["description"])


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """Four numbers for Windows' FILEVERSION and macOS' CFBundleVersion: "1.2.3rc1" -> 1.2.3.0.
    Anything that is not a leading number in a part counts as 0."""
    numbers: list[int] = []
    for part in version.split(".")[:4]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        numbers.append(int(digits) if digits else 0)
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def write_dist_info(project: Project, folder: Path) -> Path:
    """The package metadata the frozen app reads its version from (``studio.__version__``).

    Written fresh rather than copied: the installed dist-info of an editable install holds
    ``direct_url.json`` with the build machine's source path, which must not ship."""
    dist_name = project.name.replace("-", "_")
    dist_info = folder / f"{dist_name}-{project.version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\n"
        f"Name: {project.name}\n"
        f"Version: {project.version}\n"
        f"Summary: {project.description}\n"
        "License-Expression: GPL-3.0-or-later\n",
        encoding="utf-8",
    )
    return dist_info
