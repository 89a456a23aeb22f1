"""Chat addresses as the command line types them: every form, and what a wrong one is told."""

from __future__ import annotations

import pytest

from studio.chat import ChatAddress, ChatError, parse_chat_address

FORMS = (
    "use irc://host:port/#channel, ircs://host:port/#channel, twitch:CHANNEL or "
    "youtube:LIVE_CHAT_ID"
)
LIVE_CHAT_ID = "Cg0KC2RRdzR3OVdnWGNRKicKGFVDX3g1WEc1ekhGTTNCSkRPWmhNZF9hZxILZFF3NHc5V2dYY1E"


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("irc://irc.example.org/#shop", "irc", "irc://irc.example.org:6667/#shop"),
        ("irc://127.0.0.1:6668/#Shop", "irc", "irc://127.0.0.1:6668/#Shop"),
        ("ircs://irc.example.org/#live", "irc", "ircs://irc.example.org:6697/#live"),
        ("ircs://irc.example.org:7000/%23live", "irc", "ircs://irc.example.org:7000/#live"),
        ("irc://irc.example.org/shop", "irc", "irc://irc.example.org:6667/#shop"),
        ("IRC://irc.example.org/#shop", "irc", "irc://irc.example.org:6667/#shop"),
        ("irc://[::1]:6667/#shop", "irc", "irc://[::1]:6667/#shop"),
        ("  irc://irc.example.org/#shop\n", "irc", "irc://irc.example.org:6667/#shop"),
        ("twitch:myshop", "twitch", "myshop"),
        ("twitch:#MyShop_TV", "twitch", "myshop_tv"),
        ("Twitch: myshop ", "twitch", "myshop"),
        (f"youtube:{LIVE_CHAT_ID}", "youtube", LIVE_CHAT_ID),
        ("youtube:dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),  # a video: its live chat is found
        ("youtube:live-chat_0001", "youtube", "live-chat_0001"),
    ],
)
def test_every_form_names_its_chat(text: str, kind: str, target: str) -> None:
    address = parse_chat_address(text)
    assert address == ChatAddress(kind, target)
    assert parse_chat_address(str(address)) == address  # the clean spelling reads back the same


def test_an_address_prints_as_it_is_typed() -> None:
    assert str(parse_chat_address("irc://h/#shop")) == "irc://h:6667/#shop"
    assert str(parse_chat_address("twitch:#MyShop")) == "twitch:myshop"
    assert str(parse_chat_address("youtube:dQw4w9WgXcQ")) == "youtube:dQw4w9WgXcQ"


def test_two_spellings_of_one_chat_are_equal() -> None:
    assert parse_chat_address("irc://h/#shop") == parse_chat_address("irc://h:6667/%23shop")
    assert parse_chat_address("twitch:MyShop") == parse_chat_address("twitch:#myshop")
    assert parse_chat_address("irc://h/#shop") != parse_chat_address("ircs://h:6667/#shop")


IRC_FORM = "irc://host:6667/#channel or ircs://host:6697/#channel"
TWITCH_WHY = (
    "twitch: is followed by the channel's login, 3 to 25 letters, digits or underscores "
    "(twitch:mychannel)"
)
YOUTUBE_WHY = (
    "youtube: is followed by the live chat id (12 to 200 letters, digits, - or _) "
    "or the stream's 11-character video id"
)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", FORMS),
        ("   ", FORMS),
        ("foo", FORMS),
        ("myshop", FORMS),
        ("http://irc.example.org/#shop", FORMS),
        ("kick:myshop", FORMS),
        ("#shop", FORMS),
        ("irc://", f"an IRC chat URL looks like {IRC_FORM}"),
        ("irc:///#shop", f"an IRC chat URL looks like {IRC_FORM}"),
        ("ircs:#shop", f"an IRC chat URL looks like {IRC_FORM}"),
        (
            "irc://h:99999/#shop",
            f"not an IRC URL: Port out of range 0-65535; use {IRC_FORM}",
        ),
        (
            "irc://h:port/#shop",
            f"not an IRC URL: Port could not be cast to integer value as 'port'; use {IRC_FORM}",
        ),
        (
            "irc://h/",
            "no usable channel in 'irc://h/': an IRC chat URL ends with /#channel",
        ),
        (
            "irc://h/#a b",
            "no usable channel in 'irc://h/#a b': an IRC chat URL ends with /#channel",
        ),
        ("twitch:", TWITCH_WHY),
        ("twitch:#", TWITCH_WHY),
        ("twitch:ab", TWITCH_WHY),
        ("twitch:my shop", TWITCH_WHY),
        ("twitch:my-shop", TWITCH_WHY),
        ("twitch:" + "a" * 26, TWITCH_WHY),
        ("youtube:", YOUTUBE_WHY),
        ("youtube:short", YOUTUBE_WHY),
        ("youtube:dQw4w9WgXc", YOUTUBE_WHY),  # ten: neither a video nor a live chat
        ("youtube:has space inside", YOUTUBE_WHY),
        ("youtube:https://www.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE_WHY),
        ("youtube:" + "a" * 201, YOUTUBE_WHY),
    ],
)
def test_a_wrong_address_says_what_it_got_and_what_form_is_expected(text: str, why: str) -> None:
    with pytest.raises(ChatError) as raised:
        parse_chat_address(text)
    assert raised.value.reason == "invalid_settings"
    assert raised.value.message == f"{text!r} is not a chat address: {why}."
