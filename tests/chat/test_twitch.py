"""Twitch chat: the login order, tags (display names, badges, ids, times), tokens kept secret."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.chat import ChatFeed, ChatState, Platform, TwitchConnector, TwitchSettings
from studio.chat.irc_protocol import parse_line, unescape_tag_value
from tests.chat.fake_irc import FakeIrcServer
from tests.chat.helpers import Recorder, wait_until
from tests.support.ircd import IrcServer, require_ngircd

TOKEN = "abcdef0123456789secrettoken"

# Lines as Twitch sends them (ids and user ids made up).
TAGGED = (
    "@badge-info=subscriber/8;badges=moderator/1,subscriber/6;color=#1E90FF;"
    "display-name=Ma\\sRie\\:\\\\ok;emotes=;first-msg=0;id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;"
    "mod=1;room-id=12345;subscriber=1;tmi-sent-ts=1700000000123;turbo=0;user-id=998877;"
    "user-type=mod :marie!marie@marie.tmi.twitch.tv PRIVMSG #shopwithjo :SOLD 12 x2"
)
BROADCASTER = (
    "@badges=broadcaster/1;display-name=ShopWithJo;id=c0ffee00-0000-4000-8000-000000000001;"
    "mod=0;tmi-sent-ts=1700000001000;user-id=1 "
    ":shopwithjo!shopwithjo@shopwithjo.tmi.twitch.tv PRIVMSG #shopwithjo :\x01ACTION waves\x01"
)


@pytest.mark.parametrize(
    ("escaped", "value"),
    [
        ("a\\sb", "a b"),
        ("semi\\:colon", "semi;colon"),
        ("back\\\\slash", "back\\slash"),
        ("cr\\rlf\\n", "cr\rlf\n"),
        ("unknown\\q", "unknownq"),
        ("trailing\\", "trailing"),
        ("", ""),
        ("\\s\\s", "  "),
    ],
)
def test_tag_values_are_unescaped(escaped: str, value: str) -> None:
    assert unescape_tag_value(escaped) == value


def test_a_real_looking_twitch_line_parses() -> None:
    line = parse_line(TAGGED)
    assert line is not None
    assert line.command == "PRIVMSG" and line.params == ["#shopwithjo", "SOLD 12 x2"]
    assert line.tags["display-name"] == "Ma Rie;\\ok"
    assert line.tags["emotes"] == "" and line.nick == "marie"


@pytest.fixture
def fake_twitch() -> Iterator[FakeIrcServer]:
    server = FakeIrcServer()
    yield server
    server.close()


def test_login_order_tags_and_replies(
    fake_twitch: FakeIrcServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="studio")
    feed = ChatFeed()
    recorder = Recorder(feed)
    settings = TwitchSettings(
        channel="ShopWithJo", login="JoBot", token=f"oauth:{TOKEN}",
        host="127.0.0.1", port=fake_twitch.port, tls=False,
    )  # fmt: skip
    connector = TwitchConnector(settings)
    connector.start(feed)
    try:
        fake_twitch.wait_joined()
        commands = [line.split()[0] for line in fake_twitch.received]
        assert commands[:2] == ["PASS", "NICK"]
        assert fake_twitch.received[0] == f"PASS oauth:{TOKEN}"
        assert fake_twitch.received[1] == "NICK jobot"
        assert "CAP REQ :twitch.tv/tags twitch.tv/commands" in fake_twitch.received
        assert fake_twitch.received[-1] == "JOIN #shopwithjo"

        fake_twitch.send("PING :tmi.twitch.tv", TAGGED, BROADCASTER, TAGGED)  # a repeat
        wait_until(lambda: len(recorder.messages) == 2, what="two messages")
        wait_until(lambda: "PONG :tmi.twitch.tv" in fake_twitch.received, what="PONG")
        marie, jo = recorder.messages
        assert marie.platform is Platform.TWITCH and marie.channel == "#shopwithjo"
        assert marie.id == "b34ccfc7-4977-403a-8a94-33c6bac34fb8"
        assert marie.author.display_name == "Ma Rie;\\ok" and marie.author.id == "998877"
        assert marie.author.badges == ("moderator/1", "subscriber/6")
        assert marie.author.is_moderator and not marie.author.is_owner
        assert marie.time == datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)
        assert marie.raw_tags["room-id"] == "12345"
        assert jo.author.is_owner and jo.text == "waves" and "action" in jo.flags
        assert feed.duplicates_dropped == 1

        assert connector.send("Marie, 12 is yours")
        wait_until(
            lambda: "PRIVMSG #shopwithjo :Marie, 12 is yours" in fake_twitch.received, what="reply"
        )
    finally:
        connector.stop()
    assert TOKEN not in caplog.text
    assert ">> PASS ••••" in caplog.text


def test_a_refused_login_fails_without_retrying_or_leaking() -> None:
    fake_twitch = FakeIrcServer(welcome=False)
    feed = ChatFeed()
    settings = TwitchSettings(
        channel="jo", login="jobot", token=TOKEN, host="127.0.0.1", port=fake_twitch.port, tls=False
    )
    connector = TwitchConnector(settings)
    connector.start(feed)
    try:
        wait_until(lambda: bool(fake_twitch.received), what="login")
        fake_twitch.send(":tmi.twitch.tv NOTICE * :Login authentication failed")
        wait_until(lambda: connector.status.state is ChatState.FAILED, what="failure")
    finally:
        connector.stop()
        fake_twitch.close()
    assert connector.status.reason == "auth_failed"
    assert TOKEN not in connector.status.message


def test_anonymous_read_only_login(fake_twitch: FakeIrcServer) -> None:
    settings = TwitchSettings(channel="jo", host="127.0.0.1", port=fake_twitch.port, tls=False)
    connector = TwitchConnector(settings)
    connector.start(ChatFeed())
    try:
        fake_twitch.wait_joined()
        assert fake_twitch.received[0].startswith("NICK justinfan")
        assert not connector.send("hello")  # no token, no sending
    finally:
        connector.stop()


@pytest.mark.e2e
def test_twitch_connector_against_a_real_irc_server(tmp_path: Path) -> None:
    """ngircd checks PASS, ignores CAP and tags: the Twitch login registers, joins and reads."""
    require_ngircd()
    irc_server = IrcServer(tmp_path / "ngircd", password=f"oauth:{TOKEN}")
    irc_server.start()
    feed = ChatFeed()
    recorder = Recorder(feed)
    settings = TwitchSettings(
        channel="shop", login="jobot", token=TOKEN,
        host="127.0.0.1", port=irc_server.port, tls=False,
    )  # fmt: skip
    connector = TwitchConnector(settings)
    connector.start(feed)
    wait_until(lambda: connector.status.state is ChatState.CONNECTED, what="join")
    viewer = irc_server.client("dana")
    try:
        viewer.post("sold 12")
        wait_until(lambda: recorder.texts() == ["sold 12"], what="the comment")
        assert recorder.messages[0].platform is Platform.TWITCH
        assert recorder.messages[0].author.display_name == "dana"
    finally:
        viewer.close()
        connector.stop()
        irc_server.stop()
