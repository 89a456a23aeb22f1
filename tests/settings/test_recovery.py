"""Crash recovery: a marker left by a dead process means the last run crashed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from studio.settings import RecoveryGuard


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_marker_from_a_dead_process_means_a_crash(tmp_path: Path) -> None:
    (tmp_path / "running.json").write_text(json.dumps({"pid": dead_pid(), "started_at": 0}))
    guard = RecoveryGuard(tmp_path)
    assert guard.crashed_last_time()
    assert guard.begin() is True  # begin() reports it too…
    assert guard.crashed_last_time()  # …and the answer holds while this run goes on
    guard.end()
    assert not (tmp_path / "running.json").exists()


def test_a_clean_exit_is_not_a_crash(tmp_path: Path) -> None:
    first = RecoveryGuard(tmp_path)
    assert first.begin() is False
    assert json.loads((tmp_path / "running.json").read_text())["pid"] == os.getpid()
    assert not first.crashed_last_time()
    first.end()
    assert not RecoveryGuard(tmp_path).crashed_last_time()


def test_a_running_instance_is_not_a_crash(tmp_path: Path) -> None:
    RecoveryGuard(tmp_path).begin()  # this live process holds the marker
    assert not RecoveryGuard(tmp_path).crashed_last_time()


def test_a_marker_cut_off_by_a_crash_counts_as_a_crash(tmp_path: Path) -> None:
    (tmp_path / "running.json").write_text('{"pid": 12')
    assert RecoveryGuard(tmp_path).crashed_last_time()


def test_the_last_scene_collection_is_remembered(tmp_path: Path) -> None:
    guard = RecoveryGuard(tmp_path / "state")
    assert guard.last_scene_collection() is None
    collection = tmp_path / "show.json"
    collection.write_text("{}")
    guard.remember_scene_collection(collection)
    assert RecoveryGuard(tmp_path / "state").last_scene_collection() == collection.resolve()
    collection.unlink()
    assert guard.last_scene_collection() is None  # gone: nothing to offer
