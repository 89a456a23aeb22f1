"""Saving is atomic, keeps one backup, and loads back exactly what was saved."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from studio import atomic_file
from studio.scene import (
    SceneCollection,
    default_collection,
    load_collection,
    save_collection,
    storage,
)
from tests.scene.conftest import LOGO, SAMPLES


def _leftover_temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def test_round_trip_is_exact(valid_collection: SceneCollection, show_dir: Path) -> None:
    path = show_dir / "saved.json"
    save_collection(valid_collection, path)
    assert load_collection(path) == valid_collection
    # saving what was loaded writes the same text again
    first = path.read_text(encoding="utf-8")
    save_collection(load_collection(path), path)
    assert path.read_text(encoding="utf-8") == first


def test_paths_inside_the_folder_are_saved_relative(
    valid_collection: SceneCollection, show_dir: Path
) -> None:
    path = show_dir / "saved.json"
    save_collection(valid_collection, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["scenes"][0]["items"][2]["source"]["path"] == "logo.png"
    assert data["canvases"][0]["fps"] == 30
    # the show folder can move: the copy finds its logo next to it
    moved = show_dir / "moved"
    moved.mkdir()
    (moved / "logo.png").write_bytes(LOGO.read_bytes())
    (moved / "saved.json").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    reloaded = load_collection(moved / "saved.json")
    assert reloaded.scene("Live").item("logo").source.path == moved / "logo.png"  # type: ignore[attr-defined]


def test_paths_outside_the_folder_are_saved_absolute(tmp_path: Path) -> None:
    sample = load_collection(SAMPLES / "sample.json")
    path = tmp_path / "my-show.json"
    save_collection(sample, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["scenes"][0]["items"][2]["source"]["path"] == str(LOGO)
    assert load_collection(path) == sample


def test_fractional_frame_rate_round_trips(tmp_path: Path) -> None:
    collection = default_collection()
    canvas = collection.canvases[0].model_copy(update={"fps": 30})
    ntsc = SceneCollection.model_validate(
        {**collection.model_dump(), "canvases": [{**canvas.model_dump(), "fps": "30000/1001"}]}
    )
    save_collection(ntsc, tmp_path / "ntsc.json")
    assert '"fps": "30000/1001"' in (tmp_path / "ntsc.json").read_text(encoding="utf-8")
    assert load_collection(tmp_path / "ntsc.json") == ntsc


def test_previous_version_is_kept_as_backup(tmp_path: Path) -> None:
    path = tmp_path / "show.json"
    first = default_collection()
    second = default_collection(vertical=True)
    save_collection(first, path)
    assert not (tmp_path / "show.json.bak").exists()
    first_text = path.read_bytes()
    save_collection(second, path)
    assert (tmp_path / "show.json.bak").read_bytes() == first_text
    assert load_collection(tmp_path / "show.json.bak") == first
    assert load_collection(path) == second
    assert _leftover_temp_files(tmp_path) == []


def test_failure_mid_write_leaves_the_collection_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "show.json"
    save_collection(default_collection(), path)
    save_collection(default_collection(), path)
    before, backup_before = path.read_bytes(), (tmp_path / "show.json.bak").read_bytes()

    def write_half_then_fail(fd: int, content: bytes) -> None:
        os.write(fd, content[: len(content) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file, "_write_durably", write_half_then_fail)
    with pytest.raises(OSError, match="No space left"):
        save_collection(default_collection(vertical=True), path)
    assert path.read_bytes() == before
    assert (tmp_path / "show.json.bak").read_bytes() == backup_before
    assert _leftover_temp_files(tmp_path) == []
    assert load_collection(path) == default_collection()


def test_failure_at_the_final_rename_leaves_the_collection_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "show.json"
    save_collection(default_collection(), path)
    before = path.read_bytes()
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == path:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", replace)
    with pytest.raises(OSError, match="Input/output error"):
        save_collection(default_collection(vertical=True), path)
    assert path.read_bytes() == before
    assert _leftover_temp_files(tmp_path) == []


def test_save_writes_data_to_disk_before_renaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(f"replace {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    monkeypatch.setattr(storage.os, "replace", replace)
    save_collection(default_collection(), tmp_path / "show.json")
    assert events[:2] == ["fsync", "replace show.json"]


def test_saved_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "show.json"
    save_collection(default_collection(), path)
    os.chmod(path, 0o600)
    save_collection(default_collection(), path)
    assert path.stat().st_mode & 0o777 == 0o600
