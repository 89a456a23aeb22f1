"""No keyring backend on this machine: keys live in memory for the session, said once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import keyring
import keyring.backends.fail
import keyring.errors
import pytest

from studio.settings import Destination, SecretStore
from studio.settings.secrets import NO_KEYRING_NOTICE, keyring_available, on_keyring_notice
from tests.support.memory_keyring import MemoryKeyring

KEY = "live_8472_QzXkP3wRtY9uLmN0"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_keys_are_kept_for_the_session_and_the_host_is_told_once(no_keyring: None) -> None:
    told: list[str] = []
    unsubscribe = on_keyring_notice(told.append)
    try:
        destination = Destination(name="Shop", platform="twitch", server_url="rtmp://x/app")
        SecretStore().set_stream_key(destination.id, KEY)
        SecretStore().set_token("twitch", "oauth:abc")
        assert destination.stream_url(SecretStore()) == f"rtmp://x/app/{KEY}"
        assert SecretStore().get_token("twitch") == "oauth:abc"
        SecretStore().set_stream_key(destination.id, "")
        assert SecretStore().get_stream_key(destination.id) is None
    finally:
        unsubscribe()
    assert told == [NO_KEYRING_NOTICE]
    assert not keyring_available()


def test_a_notice_before_anyone_listens_is_delivered_to_the_first_listener(
    no_keyring: None,
) -> None:
    assert SecretStore().get_stream_key("d1") is None
    told: list[str] = []
    on_keyring_notice(told.append)()
    assert told == [NO_KEYRING_NOTICE]


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def test_a_locked_keyring_keeps_the_key_for_the_session_and_says_why() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    told: list[str] = []
    unsubscribe = on_keyring_notice(told.append)
    try:
        SecretStore().set_stream_key("d1", KEY)
        assert SecretStore().get_stream_key("d1") == KEY
        assert keyring_available()
    finally:
        unsubscribe()
        keyring.set_keyring(previous)
    [notice] = told
    assert "KeyringLocked" in notice and "until LiveShop Studio closes" in notice
    assert KEY not in notice


def test_the_environment_s_fail_backend_is_detected_in_a_fresh_process() -> None:
    code = (
        "from studio.settings.secrets import SecretStore, keyring_available, on_keyring_notice\n"
        "told = []\non_keyring_notice(told.append)\n"
        "s = SecretStore(); s.set_stream_key('d', 'k-1'); print(s.get_stream_key('d'))\n"
        "print(keyring_available(), len(told))\n"
    )
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert run.stdout.split() == ["k-1", "False", "1"]
