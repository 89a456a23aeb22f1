"""Crash reports: a process that dies of a native crash leaves its stacks in the log folder,
found once by the next start; a clean exit leaves nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from studio.crash_report import arm, take_unseen_report

CRASHING = """
import sys, faulthandler
from pathlib import Path
from studio.crash_report import arm

def stocking_the_shelves():
    faulthandler._sigsegv()  # a real SIGSEGV, as a Qt use-after-free raises

arm(Path(sys.argv[1]), "test")
stocking_the_shelves()
"""


def crash_in_a_child(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CRASHING, str(folder)], capture_output=True, text=True, timeout=60
    )


def test_a_native_crash_leaves_its_python_stack_in_the_folder(tmp_path: Path) -> None:
    result = crash_in_a_child(tmp_path)
    assert result.returncode != 0  # it really died
    [report] = tmp_path.glob("crash-*.txt")
    text = report.read_text()
    assert "Fatal Python error: Segmentation fault" in text
    assert "stocking_the_shelves" in text  # the Python stack of the crashing thread
    assert "LiveShop Studio test crash report" in text


def test_the_report_is_taken_once_and_marked_seen(tmp_path: Path) -> None:
    crash_in_a_child(tmp_path)
    taken = take_unseen_report(tmp_path)
    assert taken is not None and taken.exists() and taken.name.endswith(".seen.txt")
    assert "stocking_the_shelves" in taken.read_text()
    assert take_unseen_report(tmp_path) is None  # offered once


def test_a_clean_exit_leaves_no_report(tmp_path: Path) -> None:
    armed = arm(tmp_path, "test")
    assert armed.path.exists()
    assert take_unseen_report(tmp_path, armed) is None  # a running process is no crash
    armed.disarm()
    assert not list(tmp_path.iterdir())
