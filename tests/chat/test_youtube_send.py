"""YouTube replies (liveChatMessages.insert) and finding a video's live chat, against a local
server with the documented shapes: replies need an account token, refusals are statuses."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import keyring
import pytest

from studio.chat import ChatFeed, ChatState, YouTubeChat, YouTubeSettings
from studio.show.comment_to_buy import reply_via
from tests.chat.fake_youtube import (
    FakeYouTube,
    error,
    inserted,
    item,
    page,
    use_memory_keyring,
    video,
)
from tests.chat.helpers import Recorder, wait_until

TOKEN = "ya29.FAKE-oauth-token-0123456789"
API_KEY = "AIzaSyFAKE-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    use_memory_keyring(None)
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def servers() -> Iterator[list[FakeYouTube]]:
    made: list[FakeYouTube] = []
    yield made
    for server in made:
        server.close()


def started(server: FakeYouTube, credential: str, **settings: Any) -> tuple[YouTubeChat, Recorder]:
    feed = ChatFeed()
    recorder = Recorder(feed)
    settings.setdefault("live_chat_id", "CHAT1")
    chat = YouTubeChat(YouTubeSettings(api_base_url=server.url, credential=credential, **settings))
    chat.on_status(recorder.on_status)
    chat.start(feed)
    wait_until(lambda: chat.status.state is ChatState.CONNECTED, what="the first page")
    return chat, recorder


def test_a_reply_is_posted_as_the_account_and_shown_as_the_hosts_line(
    servers: list[FakeYouTube], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server = FakeYouTube([page([item(1, "SOLD 12", "Ann")], "P2")], inserts=[inserted(90, "x")])
    servers.append(server)
    chat, recorder = started(server, TOKEN)
    try:
        wait_until(lambda: recorder.texts() == ["SOLD 12"], what="Ann's comment")
        [ann] = recorder.messages
        assert chat.can_send_now
        assert reply_via([chat])(ann, "@Ann you got #12") is True
        [(query, headers, body)] = server.posted
        assert headers["Authorization"] == f"Bearer {TOKEN}"
        assert query["part"].startswith("snippet")
        assert body == {
            "snippet": {
                "liveChatId": "CHAT1",
                "type": "textMessageEvent",
                "textMessageDetails": {"messageText": "@Ann you got #12"},
            }
        }
        wait_until(lambda: len(recorder.messages) == 2, what="the reply in the feed")
        reply = recorder.messages[1]
        assert reply.text == "@Ann you got #12" and reply.author.is_owner
    finally:
        chat.stop()
    assert TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (error(403, "quotaExceeded"), "quota_exceeded"),
        (error(401, "authError"), "auth_failed"),
        (error(403, "forbidden"), "auth_failed"),
        (error(500, "backendError"), "send_failed"),
    ],
)
def test_a_refused_reply_is_a_status_and_the_chat_goes_on(
    servers: list[FakeYouTube], answer: Any, reason: str
) -> None:
    server = FakeYouTube([page([item(1, "hi")], "P2", interval_ms=100)], inserts=[answer])
    servers.append(server)
    chat, _recorder = started(server, TOKEN)
    try:
        polls = len(server.requests)
        assert chat.send("@Ann thanks") is False  # never raises
        assert len(server.posted) == 1
        assert chat.status.reason == reason and chat.status.state is ChatState.CONNECTED
        assert "reply" in chat.status.message and TOKEN not in chat.status.message
        wait_until(lambda: len(server.requests) > polls + 1, what="polling to go on")
    finally:
        chat.stop()


def test_an_api_key_reads_but_cannot_reply(servers: list[FakeYouTube]) -> None:
    server = FakeYouTube([page([item(1, "hi")], "P2")])
    servers.append(server)
    chat, recorder = started(server, f"key:{API_KEY}")
    try:
        wait_until(lambda: recorder.texts() == ["hi"], what="the comment")
        assert not chat.can_send_now
        assert reply_via([chat])(recorder.messages[0], "hello") is False
        assert server.posted == []
    finally:
        chat.stop()


def test_a_video_id_waits_for_the_stream_to_go_live_then_reads_its_chat(
    servers: list[FakeYouTube],
) -> None:
    server = FakeYouTube(
        [page([item(1, "first!")], "P2")], videos=[video(None), video("LIVECHAT9")]
    )
    servers.append(server)
    feed = ChatFeed()
    recorder = Recorder(feed)
    chat = YouTubeChat(
        YouTubeSettings(
            video_id="dQw4w9WgXcQ",
            api_base_url=server.url,
            credential=TOKEN,
            initial_backoff_s=0.05,
        )
    )
    chat.on_status(recorder.on_status)
    chat.start(feed)
    try:
        wait_until(lambda: recorder.texts() == ["first!"], what="the live chat")
    finally:
        chat.stop()
    assert [q["id"] for q in server.video_requests] == ["dQw4w9WgXcQ", "dQw4w9WgXcQ"]
    assert server.requests[0][1]["liveChatId"] == "LIVECHAT9"
    assert any("no live chat yet" in s.message for s in recorder.statuses)


def test_an_unknown_video_fails_in_words(servers: list[FakeYouTube]) -> None:
    server = FakeYouTube([page([], "P")], videos=[(200, {"items": []})])
    servers.append(server)
    chat = YouTubeChat(
        YouTubeSettings(video_id="dQw4w9WgXcQ", api_base_url=server.url, credential=TOKEN)
    )
    chat.start(ChatFeed())
    wait_until(lambda: not chat.running, what="the connector to give up")
    assert chat.status.state is ChatState.FAILED
    assert chat.status.message == "There is no YouTube video dQw4w9WgXcQ."
    assert server.requests == []
