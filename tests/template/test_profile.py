"""Profiles (``.lssprofile``): an agency's show and set-up handed to a host, with none of the
agency's secrets in it — not in any entry, not hidden in an address — and applied on the host's
computer without touching the host's own keys."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from studio.scene import SceneCollection, load_collection
from studio.settings.model import AppSettings, Destination, VideoSettings
from studio.settings.secrets import SecretStore
from studio.settings.store_account import StoreSettings, token_names
from studio.template import BundleError, check_bundle, pack_folder
from studio.template.library import list_templates
from studio.template.profile import (
    export_profile,
    import_profile,
    read_profile,
    without_credentials,
)
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture
from tests.template.built_ins import SOURCES, packed, profile_folder, snapshot

STREAM_KEY = "live_8213_sk-agency-stream-key"
STORE_TOKEN = "shpat_agency_store_token_5f1e"
PASSWORD = "secret-pass"
QUERY_TOKEN = "secret-token"
PROXY_PASSWORD = "proxy-pa55"
SERVER = f"rtmps://user:{PASSWORD}@ingest.example/live?token={QUERY_TOKEN}"
STORE_ADDRESS = "agency-shop.myshopify.com"
SECRETS = (STREAM_KEY, STORE_TOKEN, PASSWORD, QUERY_TOKEN, PROXY_PASSWORD)


def _agency_settings() -> AppSettings:
    """An agency's settings: a destination whose address hides a password and a token, its
    key and the store's token in the keyring, its own hotkeys and encoder settings."""
    settings = AppSettings(
        destinations=[Destination(name="Agency RTMPS", platform="custom", server_url=SERVER)],
        store=StoreSettings(
            kind="shopify",
            address=STORE_ADDRESS,
            poll_interval_s=45,
            api_url=f"https://proxy:{PROXY_PASSWORD}@proxy.example/admin?x={QUERY_TOKEN}",
        ),
        hotkeys={"go_live_toggle": "Ctrl+Alt+G"},
        video=VideoSettings(canvas_width=1280, canvas_height=720, bitrate_kbps=3200),
    )
    secrets = SecretStore()
    secrets.set_stream_key(settings.destinations[0].id, STREAM_KEY)
    secrets.set_token(token_names("shopify", STORE_ADDRESS)["token"], STORE_TOKEN)
    return settings


def _show() -> SceneCollection:
    return load_collection(SOURCES / "studio-table" / "collection.json")


@pytest.fixture
def agency_profile(tmp_path: Path, memory_keyring: MemoryKeyring) -> Path:
    return export_profile(
        _agency_settings(), _show(), tmp_path / "agency.lssprofile", name="Agency", author="A"
    )


def test_no_secret_is_in_any_entry_of_a_profile(
    agency_profile: Path, memory_keyring: MemoryKeyring
) -> None:
    assert {STREAM_KEY, STORE_TOKEN} <= set(memory_keyring.passwords.values())
    with zipfile.ZipFile(agency_profile) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    assert {"manifest.json", "collection.json", "thumbnail.png", "profile.json"} <= set(entries)
    for name, content in [*entries.items(), ("(the whole file)", agency_profile.read_bytes())]:
        for secret in SECRETS:
            assert secret.encode() not in content, f"{secret!r} is in {name}"
            assert secret.encode("utf-16-le") not in content, f"{secret!r} is in {name}"
    profile = json.loads(entries["profile.json"])
    assert profile["destinations"][0]["server_url"] == "rtmps://ingest.example/live"
    assert profile["store"]["address"] == STORE_ADDRESS  # the set-up is there, its keys not
    assert profile["store"]["api_url"] == "https://proxy.example/admin"


def test_the_profile_validates(agency_profile: Path) -> None:
    summary = check_bundle(agency_profile)
    assert summary.manifest.kind == "profile" and summary.manifest.name == "Agency"
    profile = read_profile(agency_profile)
    [destination] = profile.destinations
    assert destination.name == "Agency RTMPS" and destination.platform == "custom"
    assert profile.store is not None and profile.store["kind"] == "shopify"
    assert profile.hotkeys is not None and profile.hotkeys["go_live_toggle"] == "Ctrl+Alt+G"
    assert profile.video is not None and profile.video["bitrate_kbps"] == 3200


def test_importing_adds_the_presets_without_keys(
    agency_profile: Path, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    agency_id = read_profile(agency_profile).destinations[0]  # no id is carried at all
    assert "id" not in agency_id.model_dump()
    own = Destination(name="My YouTube", platform="youtube")
    SecretStore().set_stream_key(own.id, "the-host-s-own-key")
    host = AppSettings(destinations=[own])

    result = import_profile(agency_profile, host, tmp_path / "host-data")

    settings = result.merge.settings
    assert [d.name for d in settings.destinations] == ["My YouTube", "Agency RTMPS"]
    added = settings.destinations[1]
    assert added.server_url == "rtmps://ingest.example/live" and added.platform == "custom"
    assert added.id != own.id and added.id not in {
        entry.split(":", 1)[1] for (_, entry) in memory_keyring.passwords if ":" in entry
    }
    assert SecretStore().get_stream_key(added.id) is None
    assert SecretStore().get_stream_key(own.id) == "the-host-s-own-key"
    assert result.merge.added_destinations == ["Agency RTMPS"]
    assert settings.store.kind == "shopify" and settings.store.address == STORE_ADDRESS
    assert settings.store.poll_interval_s == 45 and result.merge.store_changed
    assert settings.hotkeys["go_live_toggle"] == "Ctrl+Alt+G"
    assert settings.hotkeys["mute_mic"] == host.hotkeys["mute_mic"]  # the rest kept
    assert (settings.video.canvas_width, settings.video.bitrate_kbps) == (1280, 3200)
    assert result.template.path == tmp_path / "host-data" / "templates" / "agency"
    assert not result.template.builtin
    assert [e.name for e in list_templates(tmp_path / "host-data") if not e.builtin] == ["Agency"]


def test_importing_again_does_not_add_the_destination_twice(
    agency_profile: Path, tmp_path: Path
) -> None:
    first = import_profile(agency_profile, AppSettings(), tmp_path / "host-data")
    again = import_profile(
        agency_profile, first.merge.settings, tmp_path / "host-data", replace=True
    )
    assert [d.name for d in again.merge.settings.destinations] == ["Agency RTMPS"]
    assert again.merge.added_destinations == []


@pytest.mark.parametrize(
    ("profile_json", "named"),
    [
        (b'{"destinations": [{"name": "", "platform": "custom"}]}', "destinations.0.name"),
        (b'{"hotkeys": "Ctrl+L"}', "hotkeys"),
        (b'{"stream_key": "sk_live_123"}', "stream_key"),
        (b'{"format_version": 99}', "newer"),
        (b'{"video": {"canvas_width": 1081}}', "canvas_width"),
        (b'{"destinations": [{"name": "X", "platform": "no-such-platform"}]}', "platform"),
    ],
)
def test_a_bad_profile_json_is_refused_naming_it_and_nothing_is_installed(
    profile_json: bytes, named: str, tmp_path: Path
) -> None:
    bundle = pack_folder(profile_folder(tmp_path, profile_json), tmp_path / "bad.lssprofile")
    data_folder = tmp_path / "host-data"
    host = AppSettings()

    with pytest.raises(BundleError) as refused:
        import_profile(bundle, host, data_folder)

    message = str(refused.value)
    assert message.startswith("profile.json") and named in message, message
    assert snapshot(data_folder) == {}
    assert host == AppSettings()


def test_a_template_is_not_read_as_a_profile(tmp_path: Path) -> None:
    template = packed(tmp_path)
    with pytest.raises(BundleError, match="not a profile"):
        read_profile(template)
    with pytest.raises(BundleError, match="not a profile"):
        import_profile(template, AppSettings(), tmp_path / "host-data")
    assert snapshot(tmp_path / "host-data") == {}


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        (SERVER, "rtmps://ingest.example/live"),
        ("rtmp://a.rtmp.youtube.com/live2", "rtmp://a.rtmp.youtube.com/live2"),
        ("rtmp://user@host:1935/app#frag", "rtmp://host:1935/app"),
        ("  srt://host:9000?streamid=abc  ", "srt://host:9000"),
        ("rtmp://[::1", ""),
    ],
)
def test_an_address_loses_its_credentials(url: str, clean: str) -> None:
    assert without_credentials(url) == clean
