"""ChatLive: what may reach the stream, pinning and hiding, versions and listeners."""

from __future__ import annotations

import threading

from studio.chat import BlockedWords, ChatFeed, ChatLive, LocalChat


def live_chat() -> tuple[ChatFeed, ChatLive, LocalChat]:
    feed = ChatFeed(blocked_words=BlockedWords(["scam"]))
    live = ChatLive(feed, keep=5)
    chat = LocalChat()
    chat.start(feed)
    return feed, live, chat


def test_blocked_messages_never_reach_the_overlays_but_stay_in_the_feed() -> None:
    feed, live, chat = live_chat()
    chat.post("ann", "hello")
    blocked = chat.post("eve", "total SCAM!")
    chat.post("bob", "love it")
    assert [m.text for m in live.messages()] == ["hello", "love it"]
    assert blocked is not None and len(feed) == 3
    assert not live.pin(blocked.key)  # what is not on stream cannot be pinned either


def test_the_newest_messages_are_kept_and_limited() -> None:
    _, live, chat = live_chat()
    for n in range(8):
        chat.post("ann", f"message {n}")
    assert [m.text for m in live.messages()] == [f"message {n}" for n in range(3, 8)]
    assert [m.text for m in live.messages(2)] == ["message 6", "message 7"]
    assert live.messages(0) == []


def test_pin_unpin_and_hide_by_key_bump_the_version_and_call_listeners() -> None:
    _, live, chat = live_chat()
    versions: list[int] = []
    live.subscribe(versions.append)
    first, second = chat.post("ann", "first"), chat.post("bob", "second")
    assert first is not None and second is not None
    assert live.pin(second.key) and live.pinned == second
    assert not live.pin(second.key)  # already pinned: no change, no version
    assert live.hide(second.key)  # hiding the pinned comment unpins it
    assert live.pinned is None and [m.text for m in live.messages()] == ["first"]
    assert not live.hide(second.key)
    assert live.pin(first.key) and live.unpin() and not live.unpin()
    assert versions == list(range(1, 7)) and live.version == 6
    snapshot = live.snapshot()
    assert snapshot.version == 6 and snapshot.pinned is None


def test_a_message_hidden_before_it_arrives_never_shows() -> None:
    _, live, chat = live_chat()
    live.hide((chat.platform, "local-1"))
    chat.post("ann", "too late")
    assert live.messages() == []


def test_a_failing_listener_does_not_stop_the_others() -> None:
    _, live, chat = live_chat()
    seen: list[int] = []

    def broken(version: int) -> None:
        raise RuntimeError("boom")

    live.subscribe(broken)
    unsubscribe = live.subscribe(seen.append)
    chat.post("ann", "hi")
    unsubscribe()
    chat.post("ann", "again")
    assert seen == [1]


def test_threads_adding_pinning_and_hiding_at_once() -> None:
    _, live, chat = live_chat()
    live.keep = 1000

    def post(name: str) -> None:
        for n in range(100):
            message = chat.post(name, f"{name} {n}")
            assert message is not None
            if n % 10 == 0:
                live.pin(message.key)
            if n % 7 == 0:  # 15 of every 100
                live.hide(message.key)

    threads = [threading.Thread(target=post, args=(f"viewer{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(live.messages()) == 4 * (100 - 15)
    assert live.pinned is not None and not live.is_hidden(live.pinned.key)
