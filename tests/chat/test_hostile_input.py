"""Nothing a viewer or a server can send crashes the chat or reaches an overlay unsafely."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.chat import ChatFeed, IrcConnector, IrcSettings, clean_text, looks_like_question
from studio.chat.irc_protocol import message_from_privmsg, parse_line
from studio.chat.message import MAX_TEXT_CHARS, Platform
from tests.chat.fake_irc import FakeIrcServer
from tests.chat.helpers import Recorder, wait_until

HOSTILE_LINES = [
    "",
    " ",
    ":",
    "@",
    "@;;; :",
    "@a=b",
    ":prefix-only",
    "PRIVMSG",
    "PRIVMSG #shop",
    ":x PRIVMSG #shop",
    ":nick!u@h PRIVMSG :no channel",
    ":nick!u@h PRIVMSG #other :wrong channel",
    ":nick!u@h PRIVMSG studio :a private message",
    ":nick!u@h PRIVMSG #shop :\x01VERSION\x01",
    "@id=;display-name=\\ PRIVMSG #shop :no prefix",
    "!!! garbage ###",
    "123456 :not a numeric",
    "\x00\x00\x00",
    ":n!u@h PRIVMSG #shop :" + "\udcff",
]


@pytest.mark.parametrize("raw", HOSTILE_LINES)
def test_malformed_lines_parse_to_nothing_or_something_harmless(raw: str) -> None:
    line = parse_line(raw)
    if line is not None:
        message_from_privmsg(line, Platform.IRC, "fallback")


@given(st.text(max_size=600))
def test_any_line_never_raises(raw: str) -> None:
    line = parse_line(raw)
    if line is not None:
        message = message_from_privmsg(line, Platform.TWITCH, "f")
        if message is not None:
            assert all(ch >= " " or ch == "\u200f" for ch in message.text)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("hello\x00world", "helloworld"),
        ("line one\nline two\r\n", "line one line two"),
        ("\x02bold\x02 \x0304,12red\x03 plain\x0f", "bold red plain"),
        ("bell\x07 and esc\x1b[31m", "bell and esc[31m"),
        ("c1\x85next\x9bcsi", "c1 nextcsi"),
        ("evil \u202egnp.exe\u202c ok", "evil gnp.exe ok"),
        ("مرحبا، هل القطعة 12 متوفرة؟", "مرحبا، هل القطعة 12 متوفرة؟"),
        ("שלום \u200fSOLD 12", "שלום \u200fSOLD 12"),
        ("👩🏽‍💻🔥 SOLD 12 😍", "👩🏽‍💻🔥 SOLD 12 😍"),
        ("\t  spaced   out \t", "spaced out"),
    ],
)
def test_text_is_cleaned_for_the_overlay(raw: str, shown: str) -> None:
    assert clean_text(raw)[0] == shown


def test_ten_kilobyte_messages_are_cut_and_flagged() -> None:
    text, cut = clean_text("é" * 10_000)
    assert cut and len(text) == MAX_TEXT_CHARS and text.endswith("…")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("is 12 still available?", True),
        ("how much is shipping", True),
        ("What sizes do you have", True),
        ("¿cuánto cuesta?", True),
        ("هل هذا متوفر؟", True),
        ("is it blue? 😍", True),
        ("SOLD 12", False),
        ("love it!!", False),
        ("whatever, sold 15", False),
        ("", False),
    ],
)
def test_question_heuristic(text: str, question: bool) -> None:
    assert looks_like_question(text) is question


def test_hostile_stream_from_a_server_never_stops_the_connector() -> None:
    server = FakeIrcServer()
    feed = ChatFeed()
    recorder = Recorder(feed)
    connector = IrcConnector(IrcSettings(url=f"irc://127.0.0.1:{server.port}/#shop", nick="st"))
    connector.start(feed)
    try:
        server.wait_joined()
        server.send_bytes(b"\r\n".join(line.encode("utf-8", "replace") for line in HOSTILE_LINES))
        server.send_bytes(b"\r\n:eve!u@h PRIVMSG #shop :\xff\xfe broken utf-8\r\n")
        server.send_bytes(b":eve!u@h PRIVMSG #shop :" + b"x" * 10_000 + b"\r\n")
        server.send_bytes(b":eve!u@h PRIVMSG #shop :" + b"y" * 100_000 + b"\r\n")  # over any limit
        server.send(":eve!u@h PRIVMSG #shop :still here \u202e🔥")
        wait_until(lambda: "still here 🔥" in recorder.texts(), what="the last line")
    finally:
        connector.stop()
        server.close()
    texts = recorder.texts()
    assert texts[0] == "?"  # the lone surrogate, as the server would have sent it
    assert texts[1] == "\ufffd\ufffd broken utf-8"
    assert texts[2].startswith("xxx") and len(texts[2]) == MAX_TEXT_CHARS
    assert texts[-1] == "still here 🔥" and len(texts) == 4


def test_a_burst_of_a_thousand_lines_through_irc_is_all_delivered_within_the_cap() -> None:
    server = FakeIrcServer()
    feed = ChatFeed(max_history=300)
    recorder = Recorder(feed)
    connector = IrcConnector(IrcSettings(url=f"irc://127.0.0.1:{server.port}/#shop", nick="st"))
    connector.start(feed)
    try:
        server.wait_joined()
        lines = [f":v{n % 7}!u@h PRIVMSG #shop :SOLD {n} 🔥 مرحبا" for n in range(1000)]
        server.send(*lines)
        wait_until(lambda: len(recorder.messages) == 1000, what="the burst")
    finally:
        connector.stop()
        server.close()
    assert len(feed) == 300 and feed.history()[-1].text == "SOLD 999 🔥 مرحبا"
    assert [m.text.split()[1] for m in recorder.messages] == [str(n) for n in range(1000)]
