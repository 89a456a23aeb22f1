"""Editing the show from the docks: scenes, sources, properties — and undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from studio.capture.registry import source_kinds
from studio.scene import load_collection
from tests.support.scenes import solid_png


def scene_names(studio) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.name for s in studio.document.collection.scenes]


def test_scenes_add_duplicate_rename_reorder_delete_and_undo(make_studio) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    dock = studio.window.scenes_dock
    dock.add_scene()
    assert scene_names(studio) == ["Main", "Second", "Scene"]
    dock.list.setCurrentRow(0)
    dock.duplicate_scene()
    assert scene_names(studio) == ["Main", "Main copy", "Second", "Scene"]
    assert [i.id for i in studio.document.collection.scenes[1].items] == [
        "pattern",
        "tone",
        "box",
        "title",
    ]
    dock.rename_scene()  # the test's ask_text appends " renamed"
    assert scene_names(studio)[1] == "Main copy renamed"
    dock.move_scene(-1)
    assert scene_names(studio)[:2] == ["Main copy renamed", "Main"]
    dock.list.setCurrentRow(1)  # "Main" is on air: renaming it keeps the canvas on it
    dock.rename_scene()
    assert studio.document.collection.canvases[0].scene == "Main renamed"
    dock.delete_scene()
    assert "Main renamed" not in scene_names(studio)
    assert studio.document.collection.canvases[0].scene in scene_names(studio)
    stack = studio.document.undo_stack
    stack.undo()
    assert scene_names(studio)[1] == "Main renamed"
    assert studio.document.collection.canvases[0].scene == "Main renamed"
    while stack.canUndo():
        stack.undo()
    assert scene_names(studio) == ["Main", "Second"]
    # Every change is saved, atomically, to the data folder.
    studio.document.flush()
    assert load_collection(studio.document.path) == studio.document.collection


def test_sources_of_every_kind_show_hide_lock_reorder_remove(make_studio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    dock = studio.window.sources_dock
    picture = solid_png(tmp_path / "logo.png", 32, 16, (10, 200, 30))
    dock.ask_path = lambda kind: picture if kind in ("image", "media") else None
    for kind in ("camera", "microphone", "image", "text", "media", "color", "test_pattern"):
        item = dock.add_source(kind)
        assert item is not None, kind
        assert item.source.kind == kind
        assert dock.selected_id == item.id
    assert set(source_kinds()) >= {"camera", "microphone", "tone"}
    studio.bridge.wait_idle()
    scene = studio.document.collection.scene("Main")
    assert len(scene.items) == 11
    assert studio.bridge.session._scenes["Main"] == scene  # the session shows the edits

    dock.select("box")
    row = dock.list.currentItem()
    row.setCheckState(Qt.CheckState.Unchecked)
    assert not studio.document.collection.scene("Main").item("box").visible
    dock.toggle_lock()
    assert studio.document.collection.scene("Main").item("box").locked
    before = [i.id for i in studio.document.collection.scene("Main").items_in_z_order()]
    dock.move_item(1)
    after = [i.id for i in studio.document.collection.scene("Main").items_in_z_order()]
    assert after.index("box") == before.index("box") + 1
    dock.remove_item()
    assert "box" not in [i.id for i in studio.document.collection.scene("Main").items]
    studio.document.undo_stack.undo()
    assert studio.document.collection.scene("Main").item("box").locked
    studio.bridge.wait_idle()
    assert not studio.bridge.session._scenes["Main"].item("box").visible


def test_properties_form_edits_the_text_and_the_session_gets_it(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    studio.window.sources_dock.select("title")
    form = studio.window.properties_dock.source_form
    assert form is not None
    editor = form.editors["text"]
    editor.setText("Only 3 left!")
    editor.editingFinished.emit()
    assert studio.document.collection.scene("Main").item("title").source.text == "Only 3 left!"
    form = studio.window.properties_dock.source_form  # redrawn for the edited item
    size = form.editors["font_size_px"]
    assert size.minimum() == 4 and size.maximum() == 1000  # from the model's ge/le
    assert form.editors["align"].count() == 3  # a Literal is a combo box
    studio.bridge.wait_idle()
    shown = studio.bridge.session._scenes["Main"].item("title").source
    assert shown.text == "Only 3 left!"
    running = [s for s in studio.bridge.session.sources.sources() if s.display_name == "Title"]
    qtbot.waitUntil(lambda: running[0].settings.text == "Only 3 left!", timeout=5000)
