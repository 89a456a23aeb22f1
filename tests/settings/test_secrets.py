"""Stream keys live in the keyring, and nowhere on disk."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import keyring.errors
import pytest

from studio.logging_setup import configure_logging, shutdown_logging
from studio.settings import (
    AppSettings,
    Destination,
    MissingStreamKeyError,
    SecretStore,
    SecretStoreError,
    SettingsFile,
)
from tests.support.memory_keyring import MemoryKeyring

KEY = "live_8472_QzXkP3wRtY9uLmN0"


def files_containing(folder: Path, secret: str) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and secret.encode() in path.read_bytes()
    ]


def test_the_stream_key_is_in_the_keyring_and_nowhere_on_disk(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    config, logs = tmp_path / "config", tmp_path / "logs"
    configure_logging(logs)
    try:
        secrets = SecretStore()
        destination = Destination(
            name="Shop", platform="youtube", server_url="rtmp://a.rtmp.youtube.com/live2/"
        )
        secrets.set_stream_key(destination.id, KEY)
        store = SettingsFile(config)
        store.save(AppSettings(destinations=[destination]))
        store.save(store.settings)  # a .bak too

        url = destination.stream_url(secrets)
        logging.getLogger("studio.test").info("connecting to %s with key %s", url, KEY)
    finally:
        shutdown_logging()

    assert url == f"rtmp://a.rtmp.youtube.com/live2/{KEY}"
    assert memory_keyring.passwords == {("LiveShop Studio", f"stream-key:{destination.id}"): KEY}
    assert sorted(p.name for p in config.iterdir()) == ["settings.json", "settings.json.bak"]
    assert (logs / "studio.log").read_text()  # the log was written…
    assert files_containing(tmp_path, KEY) == []  # …but holds no key, and nor does anything else


def test_a_missing_key_names_the_destination(memory_keyring: MemoryKeyring) -> None:
    destination = Destination(
        name="Friday sale", platform="twitch", server_url="rtmp://live.twitch.tv/app"
    )
    with pytest.raises(MissingStreamKeyError, match="'Friday sale' has no stream key"):
        destination.stream_url(SecretStore())


def test_keys_and_tokens_can_be_replaced_and_deleted(memory_keyring: MemoryKeyring) -> None:
    secrets = SecretStore()
    secrets.set_stream_key("d1", "first-key")
    secrets.set_stream_key("d1", "  second-key ")
    assert secrets.get_stream_key("d1") == "second-key"
    secrets.set_stream_key("d1", "")  # empty means remove
    assert secrets.get_stream_key("d1") is None
    secrets.delete_stream_key("d1")  # deleting twice is fine

    secrets.set_token("shopify", "shpat_abc123")
    assert secrets.get_token("shopify") == "shpat_abc123"
    secrets.delete_token("shopify")
    assert secrets.get_token("shopify") is None


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


def test_an_unreadable_keyring_gives_a_sentence() -> None:
    # Reading a key the keyring holds but will not give is an error (writes never are: they
    # are kept for the session, see test_secrets_without_keyring).
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        with pytest.raises(SecretStoreError, match="system keyring is not available") as raised:
            SecretStore().get_stream_key("d1")
    finally:
        keyring.set_keyring(previous)
    assert KEY not in str(raised.value)
