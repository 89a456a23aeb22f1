"""A windowed Windows build (PyInstaller console=False, like pythonw) starts with no standard
streams: ``sys.stdout`` and ``sys.stderr`` are None. The launcher must survive that, print
nothing anywhere it cannot, and leave real streams alone (an uplink child talks to its parent
on its stdout pipe)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio import launcher
from tests.ui.test_app_start import offscreen_env

# Runs the launcher the way a windowed build starts it, then checks what any later code
# (a library's warning, faulthandler's default) may rely on, and reports through a file:
# there is no stdout to report on.
WINDOWED = """
import faulthandler, json, sys
from pathlib import Path

report, args = Path(sys.argv[1]), json.loads(sys.argv[2])
sys.stdout = sys.stderr = None
from studio.launcher import main

try:
    code = main(args)
except SystemExit as stop:  # argparse ends --version this way
    code = stop.code
sys.stdout.write("after the launcher\\n")
sys.stderr.write("after the launcher\\n")
faulthandler.enable()  # needs a real sys.stderr
faulthandler.disable()
report.write_text(json.dumps({"code": code}))
"""


def run_windowed(args: list[str], tmp_path: Path) -> dict[str, object]:
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-c", WINDOWED, str(report), json.dumps(args)],
        env=offscreen_env(tmp_path / "user"),
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert report.exists(), "the windowed launcher crashed (it has no stderr to say why)"
    outcome: dict[str, object] = json.loads(report.read_text())
    return outcome


def test_version_in_a_windowed_app_exits_cleanly(tmp_path: Path) -> None:
    assert run_windowed(["--version"], tmp_path) == {"code": 0}


def test_the_desktop_app_opens_and_closes_without_standard_streams(tmp_path: Path) -> None:
    assert run_windowed(["--quit-after-ms", "1500"], tmp_path) == {"code": 0}
    [log] = (tmp_path / "user" / "state").rglob("studio.log")
    text = log.read_text()
    assert "window shown" in text and "LiveShop Studio closed" in text


def test_only_missing_streams_are_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe_to_parent = io.StringIO()
    monkeypatch.setattr(sys, "stdout", pipe_to_parent)  # an uplink child's stdout pipe
    monkeypatch.setattr(sys, "stderr", None)
    launcher._give_windowed_app_streams()
    given = sys.stderr
    try:
        assert sys.stdout is pipe_to_parent
        assert given is not None and given.name == os.devnull
        given.write("nowhere\n")
        launcher._give_windowed_app_streams()  # again: nothing more to replace
        assert sys.stderr is given
    finally:
        if given is not None:
            given.close()
