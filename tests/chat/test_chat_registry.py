"""Chat kinds are looked up by name: each builds its connector from an address and options,
and nothing reads the keyring on the way (the caller gives the token)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import keyring
import pytest

from studio.chat import (
    CHAT_KINDS,
    ChatAddress,
    ChatError,
    IrcConnector,
    LocalChat,
    TwitchConnector,
    YouTubeChat,
    connector_for,
    parse_chat_address,
)
from studio.chat.youtube import YOUTUBE_API
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
def saved_tokens() -> Iterator[MemoryKeyring]:
    """A keyring holding tokens that no connector built from an address may pick up."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    for entry in ("twitch", "token:twitch", "youtube", "token:youtube"):
        backend.set_password("LiveShop Studio", entry, "oauth:from-the-keyring")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_every_kind_is_registered_under_its_name() -> None:
    assert {
        "irc": IrcConnector,
        "twitch": TwitchConnector,
        "youtube": YouTubeChat,
        "local": LocalChat,
    } == CHAT_KINDS


def test_the_network_kinds_load_only_when_asked_for() -> None:
    code = (
        "import sys, studio.chat as chat\n"
        "assert 'studio.chat.irc' not in sys.modules and 'ssl' not in sys.modules\n"
        "chat.parse_chat_address('irc://h/#a')\n"
        "assert 'studio.chat.irc' not in sys.modules\n"
        "chat.connector_for(chat.parse_chat_address('twitch:myshop'))\n"
        "assert 'studio.chat.twitch' in sys.modules and 'studio.chat.youtube' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_an_irc_address_joins_its_channel_as_the_nick() -> None:
    connector = connector_for(parse_chat_address("ircs://irc.example.org/#live"), nick="shopbot")
    assert isinstance(connector, IrcConnector) and not isinstance(connector, TwitchConnector)
    endpoint = connector.endpoint
    assert (endpoint.host, endpoint.port, endpoint.tls, endpoint.channel) == (
        "irc.example.org", 6697, True, "#live"
    )  # fmt: skip
    assert connector.nick == "shopbot" and not connector.running


def test_a_twitch_address_logs_in_with_the_token_given_and_never_the_keyring(
    saved_tokens: MemoryKeyring,
) -> None:
    address = parse_chat_address("twitch:MyShop")
    answering = connector_for(address, nick="ShopBot", token="oauth:given-token")
    assert isinstance(answering, TwitchConnector)
    assert answering.display_name == "twitch:#myshop"
    assert answering.nick == "shopbot" and answering._token == "given-token"

    anonymous = connector_for(address, nick="shopbot", token=None)
    assert isinstance(anonymous, TwitchConnector)
    assert anonymous._token is None and anonymous.nick.startswith("justinfan")


def test_a_twitch_token_without_its_login_is_refused() -> None:
    with pytest.raises(ChatError, match="A Twitch token needs its login"):
        connector_for(parse_chat_address("twitch:myshop"), nick="", token="oauth:x1234")


def test_a_youtube_address_reads_a_live_chat_or_finds_a_video_s() -> None:
    chat = connector_for(
        parse_chat_address("youtube:LIVECHAT-0001"), token="key:AIzaKEY", api_base_url=None
    )
    assert isinstance(chat, YouTubeChat)
    assert chat.settings.live_chat_id == "LIVECHAT-0001" and chat.settings.video_id == ""
    assert chat.settings.api_base_url == YOUTUBE_API and chat.settings.credential == "key:AIzaKEY"

    video = connector_for(
        parse_chat_address("youtube:dQw4w9WgXcQ"), token="ya29.t", api_base_url="http://h/v3"
    )
    assert isinstance(video, YouTubeChat)
    assert video.settings.video_id == "dQw4w9WgXcQ" and video.settings.live_chat_id == ""
    assert video.settings.api_base_url == "http://h/v3"


def test_a_youtube_address_without_a_token_says_so_instead_of_reading_the_keyring(
    saved_tokens: MemoryKeyring,
) -> None:
    with pytest.raises(ChatError) as raised:
        connector_for(parse_chat_address("youtube:dQw4w9WgXcQ"), token=None)
    assert raised.value.reason == "auth_failed"
    assert raised.value.message == "youtube:dQw4w9WgXcQ needs a YouTube API key or account token."


def test_a_kind_nobody_registered_is_named_in_the_error() -> None:
    with pytest.raises(ChatError) as raised:
        connector_for(ChatAddress("kick", "myshop"))
    assert raised.value.message == "No chat kind 'kick': the kinds are irc, local, twitch, youtube."


def test_the_rehearsal_chat_has_no_address() -> None:
    with pytest.raises(ChatError, match="local chat cannot be opened from an address"):
        connector_for(ChatAddress("local", "rehearsal"))
