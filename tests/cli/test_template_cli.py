"""`studio template …` and `studio profile …` as a user types them: exit 0 when done, 1 when
refused or failed with the reason on one line of stderr, 2 for a usage mistake; and a template
bundle as the show of `studio record`.

Run in this process; the app's folders (XDG data, cache and config) are in the test's
temporary folder, so nothing touches this computer's own templates or settings.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.cli.main import main
from studio.scene import save_collection
from studio.settings import AppSettings, SettingsFile
from studio.settings.model import Destination
from studio.settings.secrets import SecretStore
from studio.template import pack_folder
from studio.template.bundle import open_bundle
from studio.template.new_show import show_from_template
from tests.support.analysis import read_video
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture
from tests.template.built_ins import LOGO, SOURCES, packed, rewritten, source_copy
from tests.template.pictures import is_blank, read_png

REPO = Path(__file__).resolve().parents[2]
BUILT_IN = REPO / "resources" / "templates"
APP = "LiveShop Studio"
STREAM_KEY = "live_sk_agency_4410"
PASSWORD = "secret-pass"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def reason(self) -> str:
        """The one line a refusal prints (asserting that it is one line)."""
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, f"not one line: {self.err!r}"
        assert lines[0].startswith("studio: ")
        return lines[0]


Studio = Callable[..., Result]  # studio("template", "list") → Result


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the app keeps its data, cache and settings during the test."""
    home = tmp_path / "home"
    for variable, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    return home


@pytest.fixture
def studio(app_home: Path, capsys: pytest.CaptureFixture[str]) -> Studio:
    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def _templates(app_home: Path) -> Path:
    return app_home / "data" / APP / "templates"


# -- validate --------------------------------------------------------------------------------


def test_validate_a_bundle_and_a_folder(studio: Studio, tmp_path: Path) -> None:
    result = studio("template", "validate", BUILT_IN / "studio-table.lsstemplate")
    assert result.code == 0, result.err
    assert "OK" in result.out and "Studio table" in result.out and "1920x1080" in result.out
    folder = source_copy("phone-vertical", tmp_path / "phone")
    result = studio("template", "validate", folder)
    assert result.code == 0, result.err
    assert "Phone show" in result.out and "1080x1920" in result.out


def test_validate_refuses_a_hostile_bundle_naming_the_entry(studio: Studio, tmp_path: Path) -> None:
    hostile = rewritten(
        packed(tmp_path), tmp_path / "hostile.lsstemplate", {"../../escaped.png": LOGO.read_bytes()}
    )
    result = studio("template", "validate", hostile)
    assert result.code == 1
    assert "../../escaped.png" in result.reason and "hostile.lsstemplate" in result.reason
    assert result.out == ""
    assert not (tmp_path.parent / "escaped.png").exists()


def test_validate_names_the_first_of_several_problems(studio: Studio, tmp_path: Path) -> None:
    folder = source_copy("studio-table", tmp_path / "broken")
    document = json.loads((folder / "collection.json").read_text())
    document["canvases"][0]["fps"] = 0
    document["scenes"][0]["items"][2]["source"]["color"] = "not a colour"
    (folder / "collection.json").write_text(json.dumps(document))
    result = studio("template", "validate", folder)
    assert result.code == 1
    assert "collection.json: canvases[0].fps" in result.reason and "1 more" in result.reason


def test_validate_a_missing_file(studio: Studio, tmp_path: Path) -> None:
    result = studio("template", "validate", tmp_path / "nothing.lsstemplate")
    assert result.code == 1
    assert "nothing.lsstemplate" in result.reason


# -- pack ------------------------------------------------------------------------------------


def test_pack_writes_the_same_bytes_as_pack_folder(studio: Studio, tmp_path: Path) -> None:
    output = tmp_path / "out" / "flash.lsstemplate"
    output.parent.mkdir()
    result = studio("template", "pack", SOURCES / "flash-sale", "--output", output)
    assert result.code == 0, result.err
    assert str(output) in result.out
    expected = pack_folder(SOURCES / "flash-sale", tmp_path / "expected.lsstemplate")
    assert output.read_bytes() == expected.read_bytes()
    assert output.read_bytes() == (BUILT_IN / "flash-sale.lsstemplate").read_bytes()


def test_pack_refuses_a_folder_that_is_not_a_template(studio: Studio, tmp_path: Path) -> None:
    folder = tmp_path / "holiday-photos"
    folder.mkdir()
    shutil.copy(LOGO, folder / "photo.png")
    result = studio("template", "pack", folder, "-o", tmp_path / "x.lsstemplate")
    assert result.code == 1
    assert "manifest.json" in result.reason
    assert not (tmp_path / "x.lsstemplate").exists()


# -- render ----------------------------------------------------------------------------------


def test_render_draws_the_first_canvas(studio: Studio, tmp_path: Path) -> None:
    output = tmp_path / "phone.png"
    result = studio("template", "render", BUILT_IN / "phone-vertical.lsstemplate", "-o", output)
    assert result.code == 0, result.err
    picture = read_png(output)
    assert picture.shape == (1920, 1080, 4) and not is_blank(picture)


def test_render_a_named_canvas_of_a_folder(studio: Studio, tmp_path: Path) -> None:
    output = tmp_path / "table.png"
    folder = source_copy("studio-table", tmp_path / "table")
    result = studio("template", "render", folder, "--output", output, "--canvas", "Landscape")
    assert result.code == 0, result.err
    assert read_png(output).shape == (1080, 1920, 4)


def test_render_names_the_canvases_there_are(studio: Studio, tmp_path: Path) -> None:
    output = tmp_path / "nope.png"
    result = studio(
        "template", "render", BUILT_IN / "flash-sale.lsstemplate", "-o", output, "--canvas", "Nope"
    )
    assert result.code == 1
    assert "'Nope'" in result.reason and "Landscape" in result.reason
    assert not output.exists()


# -- import and list -------------------------------------------------------------------------


def test_import_then_again_needs_replace(studio: Studio, app_home: Path, tmp_path: Path) -> None:
    bundle = packed(tmp_path, name="Ann's show")
    where = _templates(app_home) / "ann-s-show"

    first = studio("template", "import", bundle)
    assert first.code == 0, first.err
    assert str(where) in first.out
    assert (where / "manifest.json").is_file()

    again = studio("template", "import", bundle)
    assert again.code == 1
    assert "--replace" in again.reason

    replaced = studio("template", "import", bundle, "--replace")
    assert replaced.code == 0, replaced.err
    assert str(where) in replaced.out
    assert sorted(p.name for p in where.parent.iterdir()) == ["ann-s-show"]


def test_import_refuses_a_tampered_bundle_and_writes_nothing(
    studio: Studio, app_home: Path, tmp_path: Path
) -> None:
    tampered = rewritten(
        packed(tmp_path), tmp_path / "tampered.lsstemplate", {"thumbnail.png": LOGO.read_bytes()}
    )
    result = studio("template", "import", tampered)
    assert result.code == 1
    assert "thumbnail.png" in result.reason and "SHA-256" in result.reason
    templates = _templates(app_home)
    assert not templates.exists() or list(templates.iterdir()) == []


def test_list_marks_the_built_ins(studio: Studio, tmp_path: Path) -> None:
    assert studio("template", "import", packed(tmp_path, name="Agency look")).code == 0

    listing = studio("template", "list")
    assert listing.code == 0, listing.err
    lines = listing.out.strip().splitlines()
    assert len(lines) == 4
    assert sum("(built in)" in line for line in lines) == 3
    [imported] = [line for line in lines if "Agency look" in line]
    assert "(built in)" not in imported

    as_json = studio("template", "list", "--json")
    assert as_json.code == 0, as_json.err
    rows = json.loads(as_json.out)
    assert {row["name"]: row["builtin"] for row in rows} == {
        "Flash sale": True, "Phone show": True, "Studio table": True, "Agency look": False,
    }  # fmt: skip
    [phone] = [row for row in rows if row["slug"] == "phone-vertical"]
    assert phone["orientation"] == "vertical" and phone["kind"] == "template"


# -- usage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["template"],
        ["template", "frobnicate"],
        ["template", "validate"],
        ["template", "pack", "folder"],
        ["template", "render", "x.lsstemplate"],
        ["template", "import"],
        ["template", "list", "--yaml"],
        ["profile"],
        ["profile", "export"],
        ["profile", "import"],
    ],
)
def test_a_usage_mistake_exits_2(
    args: list[str], app_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert "usage:" in capsys.readouterr().err


# -- a bundle as the show --------------------------------------------------------------------


def test_record_a_template_bundle(studio: Studio, tmp_path: Path) -> None:
    output = tmp_path / "show.mkv"
    result = studio(
        "record", "--scene", BUILT_IN / "flash-sale.lsstemplate", "--output", output,
        "--duration", "1", "--quiet",
    )  # fmt: skip
    assert result.code == 0, result.err
    video = read_video(output, keep_planes=False)
    assert (video.width, video.height) == (1920, 1080)
    assert len(video.frame_times_s) >= 10


def test_record_refuses_a_hostile_bundle(studio: Studio, tmp_path: Path) -> None:
    hostile = rewritten(
        packed(tmp_path), tmp_path / "hostile.lsstemplate", {"/etc/cron.d/x": b"* * * * * x"}
    )
    result = studio("record", "--scene", hostile, "--output", tmp_path / "x.mkv")
    assert result.code == 2  # like any scene that cannot be opened
    assert "/etc/cron.d/x" in result.err
    assert not (tmp_path / "x.mkv").exists()


# -- profiles --------------------------------------------------------------------------------


def _agency_at(app_home: Path) -> None:
    """An agency's computer: a show made from a built-in, a destination with its key in the
    keyring and a password in its address."""
    data = app_home / "data" / APP
    with open_bundle(BUILT_IN / "studio-table.lsstemplate") as opened:
        collection = show_from_template(opened, data)
    save_collection(collection, data / "collection.json")
    destination = Destination(
        name="Agency ingest", platform="custom",
        server_url=f"rtmps://agency:{PASSWORD}@ingest.example/live",
    )  # fmt: skip
    SettingsFile().save(AppSettings(destinations=[destination]))
    SecretStore().set_stream_key(destination.id, STREAM_KEY)


def test_profile_export_then_import_on_another_computer(
    studio: Studio, app_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:  # fmt: skip
    _agency_at(app_home)
    profile = tmp_path / "agency.lssprofile"

    exported = studio("profile", "export", "--output", profile, "--name", "Agency")
    assert exported.code == 0, exported.err
    content = profile.read_bytes()
    assert STREAM_KEY.encode() not in content and PASSWORD.encode() not in content

    host = tmp_path / "host"
    for variable, folder in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        monkeypatch.setenv(variable, str(host / folder))
    imported = studio("profile", "import", profile)
    assert imported.code == 0, imported.err
    assert str(host / "data" / APP / "templates" / "agency") in imported.out
    assert "destination added: Agency ingest" in imported.out
    settings = SettingsFile().settings
    assert SettingsFile().path.is_relative_to(host)
    [destination] = settings.destinations
    assert destination.server_url == "rtmps://ingest.example/live"
    assert SecretStore().get_stream_key(destination.id) is None

    again = studio("profile", "import", profile)
    assert again.code == 1 and "--replace" in again.reason
    assert studio("profile", "import", profile, "--replace").code == 0
    assert len(SettingsFile().settings.destinations) == 1


def test_profile_export_without_a_show_is_refused(studio: Studio, tmp_path: Path) -> None:
    result = studio("profile", "export", "-o", tmp_path / "p.lssprofile")
    assert result.code == 1
    assert "collection.json" in result.reason
    assert not (tmp_path / "p.lssprofile").exists()


def test_a_show_with_several_problems_is_refused_on_one_line(
    studio: Studio, app_home: Path, tmp_path: Path
) -> None:
    show = app_home / "data" / APP / "collection.json"
    show.parent.mkdir(parents=True)
    document = json.loads((SOURCES / "studio-table" / "collection.json").read_text())
    document["canvases"][0]["fps"] = 0
    document["canvases"][0]["width"] = 3
    show.write_text(json.dumps(document))
    result = studio("profile", "export", "-o", tmp_path / "p.lssprofile")
    assert result.code == 1
    assert "canvases[0].width" in result.reason and "canvases[0].fps" in result.reason


def test_profile_import_refuses_a_template(studio: Studio, app_home: Path, tmp_path: Path) -> None:
    result = studio("profile", "import", packed(tmp_path))
    assert result.code == 1
    assert "not a profile" in result.reason
    assert not _templates(app_home).exists()
    assert not (app_home / "config" / APP / "settings.json").exists()
