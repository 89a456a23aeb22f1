"""`studio about` as a user runs it: the version pyproject.toml gives, the licences of the app
and everything it bundles, and one licence's full text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]


def studio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"},
        cwd=REPO,
    )


def test_about_json_gives_the_version_of_pyproject_and_every_licence() -> None:
    result = studio("about", "--json")
    assert result.returncode == 0, result.stderr

    about = json.loads(result.stdout)
    assert about["version"] == PROJECT["version"]
    assert about["licence"] == PROJECT["license"] == "GPL-3.0-or-later"
    components = {c["name"]: c for c in about["components"]}
    assert {
        "LiveShop Studio",
        "FFmpeg with x264",
        "Qt / PySide6",
        "PortAudio",
        "DejaVu fonts",
        "Python",
    } == set(components)
    assert components["FFmpeg with x264"]["licence"] == "GPL-2.0-or-later"
    assert components["FFmpeg with x264"]["source"].startswith("https://")
    assert components["Qt / PySide6"]["licence"] == "LGPL-3.0-only"
    packages = {p["name"]: p for p in about["python_packages"]}
    assert {"PySide6-Essentials", "av", "numpy", "pydantic", "requests", "keyring"} <= set(packages)
    [av_pin] = [d for d in PROJECT["dependencies"] if d.startswith("av==")]
    assert packages["av"]["version"] == av_pin.removeprefix("av==")
    assert all(set(p) == {"name", "version", "licence"} for p in about["python_packages"])
    assert "pytest" not in packages and "hypothesis" not in packages


def test_about_prints_the_version_and_the_components() -> None:
    result = studio("about")
    assert result.returncode == 0, result.stderr
    assert f"LiveShop Studio {PROJECT['version']}" in result.stdout
    assert "GNU GPL version 3 or later" in result.stdout
    assert "FFmpeg with x264" in result.stdout and "GPL-2.0-or-later" in result.stdout
    assert "PySide6-Essentials" in result.stdout


def test_about_licence_prints_one_full_text() -> None:
    result = studio("about", "--licence", "qt / pyside6")
    assert result.returncode == 0, result.stderr
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in result.stdout
    assert "GNU GENERAL PUBLIC LICENSE" in result.stdout  # the GPL-3.0 it builds on

    app = studio("about", "--licence", "LiveShop Studio")
    assert app.stdout.strip() == (REPO / "LICENSE").read_text("utf-8").strip()


def test_about_licence_of_an_unknown_name_names_the_known_ones() -> None:
    result = studio("about", "--licence", "NoSuchLibrary")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "'NoSuchLibrary'" in result.stderr
    assert "FFmpeg with x264" in result.stderr and "PySide6-Essentials" in result.stderr
