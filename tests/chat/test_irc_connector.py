"""The IRC connector against a real ngircd: order, authors, replies, nick clash, reconnects."""

from __future__ import annotations

from functools import partial

import pytest

from studio.chat import (
    ChatError,
    ChatFeed,
    ChatState,
    IrcConnector,
    IrcSettings,
    Platform,
    parse_irc_url,
)
from tests.chat.helpers import Recorder, wait_until
from tests.support.ircd import IrcServer

pytestmark = pytest.mark.e2e


def connect(server: IrcServer, feed: ChatFeed, nick: str = "studio") -> IrcConnector:
    connector = IrcConnector(IrcSettings(url=server.url("#shop"), nick=nick))
    connector.start(feed)
    wait_until(lambda: connector.status.state is ChatState.CONNECTED, what="join")
    return connector


def test_comments_arrive_in_order_with_their_authors(irc_server: IrcServer) -> None:
    feed = ChatFeed()
    recorder = Recorder(feed)
    connector = connect(irc_server, feed)

    def arrived(count: int) -> bool:
        return len(recorder.messages) == count

    alice, bob = irc_server.client("alice"), irc_server.client("bob")
    try:
        sent = [
            (alice, "hi! is 12 still available?"),
            (bob, "SOLD 12 x2"),
            (alice, "sold 15 blue/M 🔥"),
        ]
        for count, (viewer, text) in enumerate(sent, start=1):
            viewer.post(text)  # two clients: the server orders them only as they arrive
            wait_until(partial(arrived, count), what=text)
        for n in range(5):
            bob.post(f"burst {n}")
        wait_until(lambda: len(recorder.messages) == 8, what="the burst")
        got = [(m.author.display_name, m.text) for m in recorder.messages]
        assert got == [(v.nick, text) for v, text in sent] + [
            ("bob", f"burst {n}") for n in range(5)
        ]
        assert all(m.platform is Platform.IRC and m.channel == "#shop" for m in feed.history())
        assert recorder.messages[0].is_question
        assert len({m.id for m in recorder.messages}) == 8

        assert connector.send("Thanks Bob, 12 is yours!")
        alice.wait_for("PRIVMSG #shop :Thanks Bob, 12 is yours!")
        wait_until(lambda: len(recorder.messages) == 9, what="own reply in the feed")
        assert recorder.messages[-1].author.is_owner
    finally:
        alice.close()
        bob.close()
        connector.stop()
    assert not connector.running


def test_a_taken_nickname_is_changed(irc_server: IrcServer) -> None:
    feed = ChatFeed()
    first = connect(irc_server, feed, nick="host")
    second = connect(irc_server, feed, nick="host")
    try:
        assert first.nick == "host"
        assert second.nick != "host" and second.nick.startswith("host")
    finally:
        first.stop()
        second.stop()


def test_reconnects_after_the_server_dies_without_loss_or_duplicates(
    irc_server: IrcServer,
) -> None:
    feed = ChatFeed()
    recorder = Recorder(feed)
    connector = IrcConnector(IrcSettings(url=irc_server.url("#shop"), nick="studio"))
    connector.on_status(recorder.on_status)
    connector.start(feed)
    wait_until(lambda: connector.status.state is ChatState.CONNECTED, what="join")
    viewer = irc_server.client("carol")
    for n in range(5):
        viewer.post(f"before {n}")
    wait_until(lambda: len(recorder.messages) == 5, what="the first comments")
    viewer.close()

    irc_server.stop()
    wait_until(lambda: connector.status.state is ChatState.RECONNECTING, what="noticing the loss")
    irc_server.start()
    wait_until(
        lambda: connector.status.state is ChatState.CONNECTED,
        timeout_s=15,
        what="the rejoin",
    )
    viewer = irc_server.client("carol")
    try:
        for n in range(5):
            viewer.post(f"after {n}")
        wait_until(lambda: len(recorder.messages) == 10, what="the later comments")
    finally:
        viewer.close()
        connector.stop()
    assert recorder.texts() == [f"before {n}" for n in range(5)] + [f"after {n}" for n in range(5)]
    assert len(feed) == 10 and feed.duplicates_dropped == 0
    assert connector.reconnects >= 1
    waits = [s.retry_in_s for s in recorder.statuses if s.retry_in_s]
    assert waits and waits[0] == 1.0  # the first retry comes after 1 s


def test_backoff_grows_while_the_server_is_away(irc_server: IrcServer) -> None:
    feed = ChatFeed()
    recorder = Recorder(feed)
    settings = IrcSettings(url=irc_server.url(), initial_backoff_s=0.05, max_backoff_s=0.2)
    connector = IrcConnector(settings)
    connector.on_status(recorder.on_status)
    irc_server.stop()
    connector.start(feed)
    try:
        wait_until(lambda: len([s for s in recorder.statuses if s.retry_in_s]) >= 5, what="tries")
    finally:
        connector.stop()
    waits = [s.retry_in_s for s in recorder.statuses if s.retry_in_s][:5]
    assert waits == [0.05, 0.1, 0.2, 0.2, 0.2]
    assert all(s.reason == "connect_failed" for s in recorder.statuses if s.retry_in_s)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("irc://irc.example.org/#shop", ("irc.example.org", 6667, False, "#shop")),
        ("ircs://irc.example.org:7000/#Shop", ("irc.example.org", 7000, True, "#Shop")),
        ("ircs://irc.example.org/%23shop", ("irc.example.org", 6697, True, "#shop")),
        ("irc://127.0.0.1:6668/shop", ("127.0.0.1", 6668, False, "#shop")),
    ],
)
def test_irc_urls(url: str, expected: tuple[str, int, bool, str]) -> None:
    ep = parse_irc_url(url)
    assert (ep.host, ep.port, ep.tls, ep.channel) == expected


@pytest.mark.parametrize("url", ["http://x/#a", "irc:///#a", "irc://host:99999/#a", "irc://h/"])
def test_bad_irc_urls_are_typed_errors(url: str) -> None:
    with pytest.raises(ChatError) as error:
        parse_irc_url(url)
    assert error.value.reason == "invalid_settings"
