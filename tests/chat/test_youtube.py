"""YouTube live chat polling against a local server with the documented response shape."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from studio.chat import ChatFeed, ChatState, MessageFlag, YouTubeChat, YouTubeSettings
from tests.chat.fake_youtube import FakeYouTube, error, item, page
from tests.chat.helpers import Recorder, wait_until

API_KEY = "AIzaSyFAKE-key-0123456789abcdef"


def run_chat(responses: list[Any], until_polls: int, **settings: Any) -> tuple[
    FakeYouTube, ChatFeed, Recorder, YouTubeChat
]:  # fmt: skip
    server = FakeYouTube(responses)
    feed = ChatFeed()
    recorder = Recorder(feed)
    settings.setdefault("credential", API_KEY)  # the show reads it from the keyring
    chat = YouTubeChat(YouTubeSettings(live_chat_id="CHAT1", api_base_url=server.url, **settings))
    chat.on_status(recorder.on_status)
    chat.start(feed)
    try:
        wait_until(
            lambda: len(server.requests) >= until_polls or not chat.running, what="the polls"
        )
    finally:
        chat.stop()
        server.close()
    return server, feed, recorder, chat


def test_pages_interval_and_offline(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    owner = {"isChatOwner": True, "isChatModerator": True}
    responses = [
        page([item(1, "hi"), item(2, "SOLD 12", "Ann")], "P2", interval_ms=300),
        page([item(2, "SOLD 12", "Ann"), item(3, "how much is 15?", "Bo")], "P3", 300),
        page([item(4, "thanks all!", "Host", **owner)], "P4", 300, offlineAt="2026-03-01T19:00Z"),
    ]
    server, feed, recorder, chat = run_chat(responses, until_polls=4)
    assert len(server.requests) == 3  # offlineAt ended the polling
    assert chat.status.state is ChatState.ENDED and chat.status.reason == "chat_ended"
    tokens = [query.get("pageToken") for _, query, _ in server.requests]
    assert tokens == [None, "P2", "P3"]
    _, first_query, headers = server.requests[0]
    assert first_query["liveChatId"] == "CHAT1"
    assert first_query["part"] == "snippet,authorDetails"
    assert headers["X-Goog-Api-Key"] == API_KEY and "key" not in first_query
    gaps = [b[0] - a[0] for a, b in zip(server.requests, server.requests[1:], strict=False)]
    assert all(gap >= 0.3 for gap in gaps), gaps
    assert recorder.texts() == ["hi", "SOLD 12", "how much is 15?", "thanks all!"]
    assert feed.duplicates_dropped == 1
    ann, bo, host = recorder.messages[1:]
    assert ann.author.display_name == "Ann" and ann.id == "LCC.msg2"
    assert ann.time.isoformat() == "2026-03-01T18:00:02.500000+00:00"
    assert bo.is_question and host.author.is_owner and host.author.is_moderator
    assert API_KEY not in caplog.text


def test_quota_exceeded_is_reported_and_polling_backs_off() -> None:
    responses = [
        error(403, "quotaExceeded"),
        error(403, "quotaExceeded"),
        page([item(1, "ok")], "P2"),
    ]
    server, _, recorder, _ = run_chat(responses, until_polls=3, quota_backoff_s=0.3)
    quota = [s for s in recorder.statuses if s.reason == "quota_exceeded"]
    assert len(quota) == 2
    assert "quota is used up" in quota[0].message
    assert [s.retry_in_s for s in quota] == [0.3, 0.6]
    times = [t for t, _, _ in server.requests]
    assert times[1] - times[0] >= 0.3 and times[2] - times[1] >= 0.6
    wait_until(lambda: recorder.texts() == ["ok"], what="polling again after the quota")


def test_server_errors_are_retried_with_backoff() -> None:
    responses = [error(500, "backendError"), error(503, "backendError"), page([item(1, "ok")], "P")]
    server, _, recorder, _ = run_chat(
        responses, until_polls=3, initial_backoff_s=0.1, max_backoff_s=0.15
    )
    retries = [s.retry_in_s for s in recorder.statuses if s.reason == "server_error"]
    assert retries == [0.1, 0.15]
    times = [t for t, _, _ in server.requests]
    assert times[1] - times[0] >= 0.1 and times[2] - times[1] >= 0.15
    assert recorder.texts() == ["ok"]


def test_a_bad_key_fails_once_without_showing_it() -> None:
    _, _, recorder, chat = run_chat([error(403, "forbidden")], until_polls=5)
    assert chat.status.state is ChatState.FAILED and chat.status.reason == "auth_failed"
    assert all(API_KEY not in s.message for s in recorder.statuses)


def test_no_credential_is_a_clear_error() -> None:
    server, _, _, chat = run_chat([page([], "P")], until_polls=1, credential="")
    assert chat.status.state is ChatState.FAILED and "YouTube" in chat.status.message
    assert server.requests == []


def test_oauth_token_and_super_chat() -> None:
    super_chat = item(1, "SOLD 15 🎉", "Rich")
    super_chat["snippet"]["type"] = "superChatEvent"
    super_chat["snippet"]["superChatDetails"] = {"amountDisplayString": "$5.00"}
    odd_items: list[Any] = [super_chat, {"id": "x"}, "junk"]
    server, _, recorder, _ = run_chat([page(odd_items, "P")], 2, credential="ya29.a0-oauth-token")
    assert server.requests[0][2]["Authorization"] == "Bearer ya29.a0-oauth-token"
    (message,) = recorder.messages
    assert MessageFlag.SUPER_CHAT in message.flags and message.raw_tags["amount"] == "$5.00"
