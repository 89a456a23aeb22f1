"""File → Export show as template… and Export profile…: the show the host built leaves as a
bundle every other studio accepts, with its pictures inside it and no key or token."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from pytestqt.qtbot import QtBot

from studio.capture.image import ImageSettings
from studio.resources import resources_dir
from studio.scene import SceneCollection, SceneItem, Transform
from studio.settings import SecretStore, SettingsFile
from studio.settings.model import Destination
from studio.template import check_bundle, open_bundle
from studio.ui.app import Studio
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture
from tests.ui.conftest import small_show
from tests.ui.real_input import choose_from_menu_bar

WAIT_MS = 30_000
LOGO = resources_dir() / "images" / "liveshop-logo.png"
STREAM_KEY = "live_9f8e7d6c5b4a-SECRET"
PASSWORD = "hunter2-in-the-url"


def show_with_a_logo() -> SceneCollection:
    """The small test show plus a picture from outside any bundle (the app's own logo)."""
    show = small_show()
    logo = SceneItem(
        id="logo",
        source=ImageSettings(name="Logo", path=LOGO),
        transform=Transform(x=250, y=10, width=60, height=60),
    )
    main = show.scenes[0]
    scenes = [main.model_copy(update={"items": [*main.items, logo]}), *show.scenes[1:]]
    return show.model_copy(update={"scenes": scenes})


def export(studio: Studio, qtbot: QtBot, action: str, output: Path) -> list[str]:
    """Choose ``action`` in the File menu, answer the save dialog with ``output``, wait for
    the notice saying it is saved; returns the suffixes the save dialog was asked for."""
    asked: list[str] = []

    def save_to(suffix: str) -> Path:
        asked.append(suffix)
        return output

    studio.window.template_actions.ask_save_path = save_to
    choose_from_menu_bar(studio.window.menuBar(), "File", action)
    saved = f"Saved {output.name} in {output.parent}"
    toasts = studio.window.toasts
    qtbot.waitUntil(lambda: saved in [t.message for t in toasts.toasts()], timeout=WAIT_MS)
    return asked


def picture_items(collection: SceneCollection) -> list[tuple[str, str, object]]:
    return [
        (scene.name, item.id, item.transform) for scene in collection.scenes for item in scene.items
    ]


def test_the_show_exports_as_a_template_other_studios_accept(
    make_studio, qtbot: QtBot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio(show_with_a_logo())
    output = tmp_path / "exports" / "x.lsstemplate"
    output.parent.mkdir()

    assert export(studio, qtbot, "Export show as template…", output) == [".lsstemplate"]

    summary = check_bundle(output)  # every check a stranger's bundle gets
    manifest = summary.manifest
    assert (manifest.kind, manifest.name, manifest.orientation) == (
        "template",
        "UI test show",
        "landscape",
    )
    assert [(c.name, c.width, c.height) for c in manifest.canvases] == [("Main", 320, 180)]
    document = studio.document.collection
    with open_bundle(output) as opened:
        exported = opened.collection
        assert picture_items(exported) == picture_items(document)
        for scene in document.scenes:
            for item in scene.items:
                theirs = exported.scene(scene.name).item(item.id).source
                if item.id != "logo":
                    assert theirs == item.source
        logo = exported.scene("Main").item("logo").source.path  # type: ignore[attr-defined]
        assert logo.is_relative_to(opened.folder / "assets")
        assert logo.read_bytes() == LOGO.read_bytes()
        assert exported.template is not None and exported.template.name == "UI test show"
    with zipfile.ZipFile(output) as archive:
        names = set(archive.namelist())
        assert {"manifest.json", "collection.json", "thumbnail.png"} <= names
        collection_json = archive.read("collection.json").decode()
    assert str(LOGO.parent) not in collection_json  # relative paths only: it travels
    assert studio.document.collection == document  # exporting changes nothing


def test_a_profile_carries_the_destinations_but_never_their_keys(  # type: ignore[no-untyped-def]
    make_studio,
    qtbot: QtBot,
    tmp_path: Path,
    settings_store: SettingsFile,
    memory_keyring: MemoryKeyring,
) -> None:
    youtube = Destination(
        name="YouTube", platform="youtube", server_url="rtmp://a.rtmp.youtube.com/live2"
    )
    own = Destination(
        name="Own server",
        platform="custom",
        server_url=f"rtmp://host:{PASSWORD}@stream.example.com:1935/app?token={PASSWORD}",
    )
    settings_store.save(settings_store.settings.model_copy(update={"destinations": [youtube, own]}))
    SecretStore().set_stream_key(youtube.id, STREAM_KEY)
    SecretStore().set_stream_key(own.id, STREAM_KEY + "-2")
    assert STREAM_KEY in "".join(memory_keyring.passwords.values())
    studio = make_studio()
    output = tmp_path / "x.lssprofile"

    assert export(studio, qtbot, "Export profile…", output) == [".lssprofile"]

    summary = check_bundle(output)
    assert summary.manifest.kind == "profile"
    with zipfile.ZipFile(output) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    for name, content in contents.items():
        assert STREAM_KEY.encode() not in content, name
        assert PASSWORD.encode() not in content, name
    profile = json.loads(contents["profile.json"])
    assert [(d["name"], d["platform"], d["server_url"]) for d in profile["destinations"]] == [
        ("YouTube", "youtube", "rtmp://a.rtmp.youtube.com/live2"),
        ("Own server", "custom", "rtmp://stream.example.com:1935/app"),
    ]
    assert STREAM_KEY in "".join(memory_keyring.passwords.values())  # the host keeps theirs
