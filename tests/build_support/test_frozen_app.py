"""The app people download, built here with build.spec and used as a host would: the Linux
folder app is frozen into a temporary folder (about a minute), then its binary prints its
version, lists devices, records a built-in template, streams to a real nginx-rtmp through
its frozen uplink child, and opens its window under Xvfb. The built folder is searched for
the build machine's home and source paths, a planted secret, test tools and licence texts.

The build runs from a copy of the source tree inside a made-up home folder that also holds a
settings file with a secret: anything of the builder's home that leaks into the app is found.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_support.excludes import FORBIDDEN_IN_BUNDLE
from build_support.project import LINUX_EXE, LINUX_FOLDER
from build_support.trim import unresolved_libraries
from tests.support.analysis import read_audio, read_video
from tests.support.local_authority import LocalAuthority
from tests.support.nginx_rtmp import RtmpServer
from tests.support.pulse import PulseServer
from tests.support.throttle_proxy import ThrottleProxy
from tests.ui.test_app_start import offscreen_env

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

REPO = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
PLANTED_SECRET = "sk_live_builder_secret_5d41402abc4b2a76"
BUILD_TIMEOUT_S = 900
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "__pycache__", "*.pyc", ".mypy_cache", ".ruff_cache",
    ".pytest_cache", ".hypothesis", "tests", "benchmarks",
)  # fmt: skip


@dataclass(frozen=True)
class FrozenApp:
    folder: Path
    binary: Path
    builder_home: Path
    source_copy: Path
    build_seconds: float

    @property
    def internal(self) -> Path:
        return self.folder / "_internal"


def _user_env(base: Path, **extra: str) -> dict[str, str]:
    """The frozen app as a fresh user starts it: the suite's user folders, no venv."""
    env = {
        key: value
        for key, value in offscreen_env(base).items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "LIVESHOP_"))
    }
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FrozenApp]:
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("PyInstaller is not installed: it is in the test extras (bootstrap.sh test)")
    base = tmp_path_factory.mktemp("frozen")
    builder_home = base / "home-of-the-builder-q7z"
    source_copy = builder_home / "src" / "liveshop-studio"
    shutil.copytree(REPO, source_copy, ignore=NOT_COPIED)
    settings = builder_home / ".config" / "LiveShop Studio"
    settings.mkdir(parents=True)
    (settings / "settings.json").write_text(json.dumps({"stream_key": PLANTED_SECRET}))
    env = dict(
        os.environ,
        HOME=str(builder_home),
        XDG_CONFIG_HOME=str(builder_home / ".config"),
        XDG_CACHE_HOME=str(builder_home / ".cache"),
    )
    started_s = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(base / "dist"), "--workpath", str(base / "work"), "build.spec"],
        cwd=source_copy, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
    )  # fmt: skip
    build_seconds = time.monotonic() - started_s
    assert result.returncode == 0, result.stderr[-4000:]
    folder = base / "dist" / LINUX_FOLDER
    yield FrozenApp(folder, folder / LINUX_EXE, builder_home, source_copy, build_seconds)


def run_frozen(
    app: FrozenApp, *args: str, env: dict[str, str], timeout_s: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(app.binary), *args], env=env, capture_output=True, text=True, timeout=timeout_s,
        cwd=env["HOME"] if Path(env["HOME"]).is_dir() else None,
    )  # fmt: skip


def folder_size_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def test_the_build_reports_its_size(
    frozen_app: FrozenApp, capsys: pytest.CaptureFixture[str]
) -> None:
    size_mb = folder_size_mb(frozen_app.folder)
    with capsys.disabled():  # on the terminal, in CI's log too
        print(
            f"\n    frozen Linux app: {size_mb:.0f} MB in {frozen_app.folder.name}/ "
            f"(built in {frozen_app.build_seconds:.0f} s)"
        )
    assert frozen_app.binary.is_file() and os.access(frozen_app.binary, os.X_OK)
    assert size_mb < 400  # a regression guard (bundled test tools pushed it to ~350 MB)


def test_version(frozen_app: FrozenApp, tmp_path: Path) -> None:
    result = run_frozen(frozen_app, "--version", env=_user_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"LiveShop Studio {VERSION}"


def test_devices_lists_the_encoders_and_the_microphone_through_the_bundled_portaudio(
    frozen_app: FrozenApp, tmp_path: Path, pulse_server: PulseServer
) -> None:
    env = _user_env(tmp_path, **{k: v for k, v in pulse_server.env.items() if k != "HOME"})
    result = run_frozen(frozen_app, "devices", "--json", env=env)
    assert result.returncode == 0, result.stderr
    devices = json.loads(result.stdout)
    assert "libx264" in devices["video_encoders"]
    assert any("pulse" in m["name"].lower() for m in devices["microphones"]), devices
    assert (frozen_app.internal / "libportaudio.so.2").is_file()


def test_record_a_built_in_template(frozen_app: FrozenApp, tmp_path: Path) -> None:
    template = frozen_app.internal / "resources" / "templates" / "studio-table.lsstemplate"
    output = tmp_path / "show.mp4"
    result = run_frozen(
        frozen_app, "record", "--scene", str(template), "--duration", "3", "--quiet",
        "--output", str(output), env=_user_env(tmp_path), timeout_s=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    video = read_video(output, keep_planes=False)
    assert video.codec == "h264" and video.frame_times_s[-1] >= 2.5
    assert read_audio(output).codec == "aac"


def test_stream_to_nginx_rtmp_and_rtmps_through_the_frozen_uplinks(
    frozen_app: FrozenApp, tmp_path: Path, rtmp_server: RtmpServer
) -> None:
    """Two destinations, two frozen uplink children: plain RTMP, and RTMPS through a TLS
    front whose authority the frozen child's OpenSSL must trust (SSL_CERT_FILE)."""
    template = frozen_app.internal / "resources" / "templates" / "phone-vertical.lsstemplate"
    authority = LocalAuthority(tmp_path)
    names_seen: list[str] = []
    env = _user_env(tmp_path, SSL_CERT_FILE=str(authority.ca_file))
    with ThrottleProxy(
        rtmp_server.port, server_context=authority.server_context(names_seen)
    ) as tls:
        result = run_frozen(
            frozen_app, "stream", "--scene", str(template), "--to", rtmp_server.url("frozen-plain"),
            "--to", f"rtmps://localhost:{tls.port}/live/frozen-tls", "--duration", "5",
            "--quiet", env=env, timeout_s=180,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert names_seen and set(names_seen) == {"localhost"}
    for key in ("frozen-plain", "frozen-tls"):
        [received] = rtmp_server.recordings(key)
        video = read_video(received, keep_planes=False)
        assert video.codec == "h264" and video.frame_times_s[-1] >= 4.0, key
        assert read_audio(received).codec == "aac", key


def test_the_desktop_app_opens_its_window_under_xvfb_and_closes_cleanly(
    frozen_app: FrozenApp, tmp_path: Path
) -> None:
    if shutil.which("xvfb-run") is None:
        pytest.fail("xvfb-run is missing (apt install xvfb; bootstrap.sh installs it)")
    env = _user_env(tmp_path, QT_QPA_PLATFORM="xcb")
    env.pop("DISPLAY", None)
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", str(frozen_app.binary),
         "--quit-after-ms", "6000"],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    [log] = (tmp_path / "state").rglob("studio.log")
    text = log.read_text()
    for line in ("window shown", "first window painted", "LiveShop Studio closed"):
        assert line in text, text[-3000:]
    assert "Traceback" not in text


def _bundle_files(app: FrozenApp) -> Iterator[Path]:
    for path in app.folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            yield path


def test_no_builder_path_and_no_secret_in_any_file(frozen_app: FrozenApp) -> None:
    needles = {
        "the builder's home": str(frozen_app.builder_home).encode(),
        "the source folder": str(REPO).encode(),
        "the virtual environment": sys.prefix.encode(),
        "a planted secret": PLANTED_SECRET.encode(),
    }
    found = [
        f"{what} in {path.relative_to(frozen_app.folder)}"
        for path in _bundle_files(frozen_app)
        for what, needle in needles.items()
        if needle in path.read_bytes()
    ]
    assert found == []


def test_no_test_tools_inside(frozen_app: FrozenApp) -> None:
    from PyInstaller.archive.readers import pkg_archive_contents

    modules = pkg_archive_contents(str(frozen_app.binary))
    assert {"studio.launcher", "numpy", "av"} <= set(modules)  # the list is the real one
    top_level = {name.split(".")[0] for name in modules}
    top_level |= {p.name.split(".")[0].split("-")[0] for p in frozen_app.internal.iterdir()}
    assert sorted(top_level & set(FORBIDDEN_IN_BUNDLE)) == []


def test_the_keyring_backends_of_every_platform_are_inside(frozen_app: FrozenApp) -> None:
    # keyring finds its backends through its package metadata's entry points.
    from PyInstaller.archive.readers import pkg_archive_contents

    modules = set(pkg_archive_contents(str(frozen_app.binary)))
    for backend in ("Windows", "macOS", "SecretService", "kwallet"):
        assert f"keyring.backends.{backend}" in modules or any(
            m.startswith(f"keyring.backends.{backend}.") for m in modules
        ), backend
    assert list(frozen_app.internal.glob("keyring-*.dist-info/entry_points.txt"))


def test_the_licences_travel_with_the_app(frozen_app: FrozenApp) -> None:
    app_licence = (frozen_app.internal / "LICENSE").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in app_licence and "Version 3" in app_licence
    index = json.loads((frozen_app.internal / "licenses" / "index.json").read_text())
    texts = {
        entry["name"]: (frozen_app.internal / "licenses" / entry["file"]).read_text()
        for entry in index["entries"]
        if entry["kind"] == "component"
    }
    expectations = {
        "FFmpeg": "GNU GENERAL PUBLIC LICENSE",
        "Qt": "GNU LESSER GENERAL PUBLIC LICENSE",
        "PortAudio": "Permission is hereby granted",
        "DejaVu": "Bitstream",
    }
    for component, phrase in expectations.items():
        [text] = [t for name, t in texts.items() if component.lower() in name.lower()]
        assert phrase in text, component
    assert (frozen_app.internal / "resources" / "fonts" / "DejaVu-LICENSE.txt").is_file()


def test_every_bundled_library_finds_what_it_links_to(frozen_app: FrozenApp) -> None:
    # The trimmed Qt plugins and GTK libraries took nothing another library needs.
    assert unresolved_libraries(frozen_app.internal, frozen_app.internal) == {}


def test_about_lists_the_same_licences_frozen_as_from_source(
    frozen_app: FrozenApp, tmp_path: Path
) -> None:
    frozen = run_frozen(frozen_app, "about", "--json", env=_user_env(tmp_path))
    assert frozen.returncode == 0, frozen.stderr
    source = subprocess.run(
        [sys.executable, "-m", "studio", "about", "--json"],
        capture_output=True, text=True, timeout=60, cwd=REPO, check=True,
    )  # fmt: skip
    frozen_about, source_about = json.loads(frozen.stdout), json.loads(source.stdout)
    assert frozen_about["version"] == VERSION
    assert frozen_about["keyring"] == source_about["keyring"]  # its backends were found
    assert frozen_about["components"] == source_about["components"]
    assert frozen_about["python_packages"] == source_about["python_packages"]
