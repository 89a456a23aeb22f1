"""Settings → Chat as a document: old files load, mistakes are said in words, no secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from studio.settings import AppSettings, SettingsFile
from studio.settings.chat_accounts import ChatSettings, IrcChat, TwitchChat, YouTubeChat


def test_a_settings_file_from_before_the_chat_settings_still_loads(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    old = AppSettings().model_dump(mode="json")
    del old["chat"]
    (folder / "settings.json").write_text(json.dumps(old))
    store = SettingsFile(folder)
    assert store.load_error is None
    assert store.settings.chat == ChatSettings()
    assert not store.settings.chat.twitch.enabled and store.settings.chat.irc.urls == []


def test_chat_settings_round_trip_through_the_file(tmp_path: Path) -> None:
    chat = ChatSettings(
        twitch=TwitchChat(enabled=True, channel="#MyShop", bot_nick="ShopBot"),
        youtube=YouTubeChat(enabled=True, live_chat="https://youtu.be/dQw4w9WgXcQ"),
        irc=IrcChat(urls=["ircs://irc.example.org:6697/#shop", " "], nick="studio"),
        blocked_words=["scam*", " "],
        auto_reply=True,
    )
    store = SettingsFile(tmp_path / "config")
    store.save(AppSettings(chat=chat))
    loaded = SettingsFile(tmp_path / "config").settings.chat
    assert loaded == chat
    assert loaded.twitch.channel == "myshop" and loaded.twitch.bot_nick == "shopbot"
    assert loaded.irc.urls == ["ircs://irc.example.org:6697/#shop"]
    assert loaded.blocked_words == ["scam*"]
    assert loaded.youtube.video_id == "dQw4w9WgXcQ" and loaded.youtube.live_chat_id is None


@pytest.mark.parametrize(
    ("live_chat", "video_id"),
    [
        ("dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("Cg0KC2RRdzR3OVdnWGNRKicKGFVDX3gKC2RRdzR3OVdnWGNR", None),
    ],
)
def test_youtube_takes_a_video_a_watch_url_or_a_live_chat_id(
    live_chat: str, video_id: str | None
) -> None:
    youtube = YouTubeChat(enabled=True, live_chat=live_chat)
    assert youtube.video_id == video_id
    assert youtube.live_chat_id == (None if video_id else live_chat)


@pytest.mark.parametrize(
    ("chat", "words"),
    [
        ({"irc": {"urls": ["http://irc.example.org/#shop"]}}, "irc://host:6667/#channel"),
        ({"irc": {"urls": ["irc://irc.example.org:99999/#shop"]}}, "Not an IRC URL"),
        ({"irc": {"nick": "two words"}}, "cannot be an IRC nickname"),
        ({"twitch": {"enabled": True}}, "Twitch chat is switched on but names no channel."),
        ({"twitch": {"channel": "my shop!"}}, "is not a Twitch login"),
        ({"youtube": {"enabled": True}}, "names no live chat or video"),
        ({"youtube": {"live_chat": "not a chat"}}, "watch URL"),
        ({"youtube": {"api_base_url": "ftp://x"}}, "http(s)://"),
        ({"reply_template": "@{name} got {price}"}, "may use {name}"),
    ],
)
def test_mistakes_are_said_in_words(chat: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ChatSettings.model_validate(chat)
    assert words in str(caught.value)


def test_no_field_holds_a_token() -> None:
    dumped = json.dumps(ChatSettings().model_dump(mode="json"))
    assert "token" not in dumped and "key" not in dumped
    with pytest.raises(ValidationError):
        ChatSettings.model_validate({"twitch": {"token": "oauth:abc"}})  # extra fields refused
