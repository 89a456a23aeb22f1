"""Starting the desktop app: crash recovery, run_app offscreen, and `studio` with no command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from studio.scene import save_collection
from studio.settings import RecoveryGuard
from studio.ui.app import RECOVERY_QUESTION, offer_crash_recovery
from tests.settings.test_recovery import dead_pid
from tests.ui.conftest import small_show


def crashed_data_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    save_collection(small_show(), folder / "collection.json")
    (folder / "running.json").write_text(json.dumps({"pid": dead_pid(), "started_at": 0}))
    return folder


@pytest.mark.parametrize("restore", [True, False])
def test_after_a_crash_the_host_chooses_to_restore_or_start_clean(
    tmp_path: Path, restore: bool
) -> None:
    data = crashed_data_folder(tmp_path / "data")
    questions: list[str] = []

    def ask(question: str) -> bool:
        questions.append(question)
        return restore

    guard = RecoveryGuard(data)
    offer_crash_recovery(guard, data, ask)
    assert questions == [RECOVERY_QUESTION]
    assert (data / "collection.json").exists() == restore
    assert (data / "collection-before-crash.json").exists() == (not restore)  # kept, not lost
    guard.end()


def test_a_clean_last_exit_asks_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    save_collection(small_show(), data / "collection.json")
    guard = RecoveryGuard(data)
    offer_crash_recovery(guard, data, lambda _q: pytest.fail("asked without a crash"))
    guard.end()


RUN_APP = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from studio.ui.app import run_app

folder = Path(sys.argv[1])
asked = []
code = run_app(
    [],
    data_folder=folder / "data",
    config_folder=folder / "config",
    log_folder=folder / "logs",
    qsettings=QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat),
    ask=lambda question: asked.append(question) or True,
    quit_after_ms=1500,
)
print(json.dumps({"code": code, "asked": asked}))
"""


def offscreen_env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        HOME=str(tmp_path / "home"),
    )


def test_run_app_starts_and_quits_cleanly_offscreen(tmp_path: Path) -> None:
    # Its own process: quitting an application is for good, and the tests share one.
    data = crashed_data_folder(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-c", RUN_APP, str(tmp_path)],
        env=offscreen_env(tmp_path / "user"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"code": 0, "asked": [RECOVERY_QUESTION]}  # the "last run" crashed
    assert not (data / "running.json").exists()  # a clean exit leaves no marker
    log = (tmp_path / "logs" / "studio.log").read_text()
    assert "window shown" in log and "LiveShop Studio closed" in log
    window = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert window.value("window/state")  # the layout was saved on the way out
    assert not (tmp_path / "user").exists() or not list((tmp_path / "user").rglob("*.json"))


def test_studio_without_a_command_opens_the_window(tmp_path: Path) -> None:
    env = offscreen_env(tmp_path)
    launcher = "import sys; from studio.launcher import main; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", launcher, "--quit-after-ms", "1500"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "window shown" in result.stderr
    assert "LiveShop Studio closed" in result.stderr
    [log] = (tmp_path / "state").rglob("studio.log")
    assert "window shown" in log.read_text()
    assert not list((tmp_path / "data").rglob("running.json"))
