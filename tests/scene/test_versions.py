"""Older documents are upgraded one registered step at a time before they are validated."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from studio.scene import (
    MIGRATIONS,
    SceneDocumentError,
    parse_collection,
    register_migration,
    versions,
)
from tests.scene.conftest import valid_doc


def _fake_v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Pretend format 0 had one ``canvas`` and called items ``layers``."""
    canvas = data.pop("canvas")
    data["canvases"] = [canvas]
    for scene in data["scenes"]:
        scene["items"] = scene.pop("layers")
    return data


V0_DOC: dict[str, Any] = {
    "format_version": 0,
    "name": "Old show",
    "canvas": {"name": "Main", "width": 1280, "height": 720, "fps": 30, "scene": "S"},
    "scenes": [{"name": "S", "layers": [{"source": {"kind": "color", "color": "#112233"}}]}],
}


def test_fake_migration_from_v0_is_applied(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(MIGRATIONS, 0, _fake_v0_to_v1)
    original = copy.deepcopy(V0_DOC)
    collection = parse_collection(json.dumps(V0_DOC), tmp_path)
    assert collection.format_version == 2
    assert collection.canvas("Main").scene == "S"
    assert collection.scene("S").items[0].id == "color"
    assert original == V0_DOC  # the caller's data is not modified


def test_without_a_migration_an_old_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SceneDocumentError) as raised:
        parse_collection(json.dumps(V0_DOC), tmp_path)
    assert [str(p) for p in raised.value.problems] == ["format_version: format 0 is not supported"]


def test_a_failing_migration_is_a_document_problem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(MIGRATIONS, 0, _fake_v0_to_v1)
    damaged = {**V0_DOC}
    del damaged["canvas"]
    with pytest.raises(SceneDocumentError) as raised:
        parse_collection(json.dumps(damaged), tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        "format_version: could not upgrade from format 0: 'canvas'"
    ]


def test_problems_after_migration_use_the_current_format_paths(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(MIGRATIONS, 0, _fake_v0_to_v1)
    doc = copy.deepcopy(V0_DOC)
    doc["canvas"]["width"] = 1279
    with pytest.raises(SceneDocumentError, match=r"canvases\[0\]\.width: must be an even"):
        parse_collection(json.dumps(doc), tmp_path)


def test_migrations_chain_one_step_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(versions, "CURRENT_FORMAT_VERSION", 3)
    steps: list[int] = []

    def step(from_version: int) -> versions.Migration:
        def migrate(data: dict[str, Any]) -> dict[str, Any]:
            assert data["format_version"] == from_version
            steps.append(from_version)
            return data

        return migrate

    for from_version in (1, 2):
        monkeypatch.setitem(MIGRATIONS, from_version, step(from_version))
    assert versions.upgrade({"format_version": 1})["format_version"] == 3
    assert steps == [1, 2]


def test_a_step_cannot_be_registered_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MIGRATIONS, 0, _fake_v0_to_v1)
    with pytest.raises(ValueError, match="already registered"):
        register_migration(0)(_fake_v0_to_v1)


def test_current_documents_need_no_migration(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"not checked as an image here")
    doc = valid_doc()
    doc["format_version"] = 2
    assert parse_collection(json.dumps(doc), tmp_path).format_version == 2


def test_a_format_1_document_reads_as_format_2(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"not checked as an image here")
    doc = valid_doc()
    assert doc["format_version"] == 1
    collection = parse_collection(json.dumps(doc), tmp_path)
    assert collection.format_version == 2 and collection.template is None
    assert not any(item.template_locked for scene in collection.scenes for item in scene.items)
