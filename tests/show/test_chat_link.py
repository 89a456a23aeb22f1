"""The show's chat link with no window: chats from the settings (followed across saves) and
from addresses (the command line), tokens from the keyring, replies told to the owner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

from studio.chat import (
    CHAT_KINDS,
    ChatAddress,
    ChatConnector,
    ChatFeed,
    ChatMessage,
    ChatState,
    IrcConnector,
    Platform,
    parse_chat_address,
)
from studio.chat.reply_route import ReplyFunction
from studio.chat.status_board import ChatStatusBoard
from studio.settings import SecretStore, SettingsFile
from studio.settings.chat_accounts import ChatSettings, IrcChat, TwitchChat, YouTubeChat
from studio.show.chat_link import YOUTUBE_API_ENV, ChatLink
from tests.chat.fake_youtube import FakeYouTube, item, page
from tests.chat.helpers import Recorder, wait_until
from tests.support.ircd import IrcServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture

SERVICE = "LiveShop Studio"


@dataclass
class Replies:
    """What the link said about replies, newest last."""

    calls: list[tuple[ReplyFunction | None, Any, bool, str | None]]

    def __call__(
        self,
        reply: ReplyFunction | None,
        can_reply: Callable[[ChatMessage], bool] | None,
        *,
        auto_reply: bool,
        template: str | None,
    ) -> None:
        self.calls.append((reply, can_reply, auto_reply, template))

    @property
    def reply(self) -> ReplyFunction | None:
        return self.calls[-1][0]

    @property
    def can_reply(self) -> Callable[[ChatMessage], bool] | None:
        return self.calls[-1][1]  # type: ignore[no-any-return]


@pytest.fixture
def replies() -> Replies:
    return Replies([])


@pytest.fixture
def links(memory_keyring: MemoryKeyring) -> Iterator[list[ChatLink]]:
    made: list[ChatLink] = []
    yield made
    for link in made:
        link.close(timeout_s=5)


@pytest.fixture
def make_link(
    links: list[ChatLink], replies: Replies
) -> Callable[[], tuple[ChatLink, ChatFeed, ChatStatusBoard]]:
    def make() -> tuple[ChatLink, ChatFeed, ChatStatusBoard]:
        feed, board = ChatFeed(), ChatStatusBoard()
        link = ChatLink(feed, SecretStore(), board, on_replies=replies)
        links.append(link)
        return link, feed, board

    return make


def with_chat(settings_file: SettingsFile, chat: ChatSettings) -> None:
    settings_file.save(settings_file.settings.model_copy(update={"chat": chat}))


def connected(connector: ChatConnector) -> Callable[[], bool]:
    return lambda: connector.status.state is ChatState.CONNECTED


# -- real IRC --------------------------------------------------------------------------------
@pytest.mark.e2e
def test_settings_changes_restart_only_what_changed(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    irc_server: IrcServer,
    tmp_path: Path,
    replies: Replies,
) -> None:
    settings_file = SettingsFile(tmp_path / "config")
    chat = ChatSettings(irc=IrcChat(urls=[irc_server.url("#shop")], nick="studio"))
    with_chat(settings_file, chat)
    link, feed, board = make_link()
    link.follow(settings_file)
    [first] = link.connectors
    wait_until(connected(first), 20, "the first channel")
    assert replies.reply is not None

    # Blocked words and the reply text change: the IRC connection stays as it is.
    changed = chat.model_copy(update={"blocked_words": ["ship*"], "reply_template": "@{name}!"})
    with_chat(settings_file, changed)
    assert link.connectors == [first] and first.running
    assert feed.blocked_words.matches("free shipping") and replies.calls[-1][3] == "@{name}!"

    # A second channel starts beside the first; removing both stops them and clears the board.
    two = chat.irc.model_copy(update={"urls": [*chat.irc.urls, irc_server.url("#backstage")]})
    with_chat(settings_file, chat.model_copy(update={"irc": two}))
    assert len(link.connectors) == 2 and link.connectors[0] is first
    second = link.connectors[1]
    wait_until(connected(second), 20, "the second channel")
    assert "#backstage: connected" in board.summary()

    none = chat.irc.model_copy(update={"urls": []})
    with_chat(settings_file, chat.model_copy(update={"irc": none}))
    assert link.connectors == []
    wait_until(lambda: not first.running and not second.running, 10, "both to stop")
    assert board.summary() == "" and replies.reply is None and replies.can_reply is None


@pytest.mark.e2e
def test_chats_named_by_address_read_and_answer(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    irc_server: IrcServer,
    replies: Replies,
) -> None:
    link, feed, board = make_link()
    recorder = Recorder(feed)
    address = parse_chat_address(irc_server.url("#shop"))
    link.apply_addresses([address], nick="clibot", auto_reply=True, reply_template="@{name} ok")
    [connector] = link.connectors
    assert isinstance(connector, IrcConnector) and connector.nick == "clibot"
    wait_until(connected(connector), 20, "the channel")
    assert replies.calls[-1][2:] == (True, "@{name} ok")

    viewer = irc_server.client("erin")
    viewer.post("SOLD 12")
    wait_until(lambda: recorder.texts() == ["SOLD 12"], 10, "the comment")
    [message] = recorder.messages
    assert message.platform is Platform.IRC
    assert replies.can_reply is not None and replies.can_reply(message)
    assert replies.reply is not None and replies.reply(message, "@erin got it")
    assert "PRIVMSG #shop :@erin got it" in viewer.wait_for("got it")
    viewer.close()

    # The same chat asked for again (spelt differently) is left running; none stops it.
    link.apply_addresses([parse_chat_address(irc_server.url("%23shop"))], nick="clibot")
    assert link.connectors == [connector]
    assert replies.calls[-1][2:] == (True, "@{name} ok")  # not given: kept
    link.apply_addresses([])
    assert link.connectors == [] and replies.reply is None
    wait_until(lambda: not connector.running, 10, "the connector to stop")
    assert board.summary() == ""


@pytest.mark.e2e
def test_addresses_and_settings_each_keep_their_own_chats(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    irc_server: IrcServer,
    tmp_path: Path,
) -> None:
    settings_file = SettingsFile(tmp_path / "config")
    chat = ChatSettings(irc=IrcChat(urls=[irc_server.url("#shop")], nick="studio"))
    with_chat(settings_file, chat)
    link, _, _ = make_link()
    link.follow(settings_file)
    link.apply_addresses([parse_chat_address(irc_server.url("#backstage"))], nick="clibot")
    shop, backstage = link.connectors
    assert shop.display_name.endswith("/#shop") and backstage.display_name.endswith("#backstage")

    with_chat(settings_file, chat.model_copy(update={"irc": IrcChat(urls=[])}))
    assert link.connectors == [backstage]
    wait_until(lambda: not shop.running, 10, "the settings' chat to stop")
    link.apply_addresses([])
    assert link.connectors == []


# -- tokens and problems, with recording kinds in the registry --------------------------------
class RecordingChat(ChatConnector):
    """Stands in for a platform's kind: records what it was built with, connects to nothing."""

    kind = "recording"
    platform = Platform.TWITCH
    can_send = True
    built: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, address: ChatAddress, options: dict[str, Any]) -> None:
        self.address, self.options = address, options
        super().__init__()

    @classmethod
    def for_address(
        cls, address: ChatAddress, *, nick: str, token: str | None, api_base_url: str | None
    ) -> RecordingChat:
        options = {"nick": nick, "token": token, "api_base_url": api_base_url}
        cls.built.append({"address": str(address), **options})
        return cls(address, options)

    @property
    def display_name(self) -> str:
        return str(self.address)

    def _run(self) -> None:
        self._set_status(ChatState.CONNECTED)
        self._stop.wait()


@pytest.fixture
def recording_kinds(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    built: list[dict[str, Any]] = []
    monkeypatch.setattr(RecordingChat, "built", built)
    for kind in ("irc", "twitch", "youtube"):
        monkeypatch.setitem(CHAT_KINDS, kind, RecordingChat)
    return built


def test_tokens_for_addresses_come_from_the_keyring(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    recording_kinds: list[dict[str, Any]],
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory_keyring.set_password(SERVICE, "token:twitch", "oauth:twitch-token")
    memory_keyring.set_password(SERVICE, "token:youtube-api-key", "AIzaKEY")
    monkeypatch.setenv(YOUTUBE_API_ENV, "http://127.0.0.1:9/youtube/v3")
    link, _, board = make_link()
    texts = ["twitch:MyShop", "youtube:dQw4w9WgXcQ", "irc://irc.example.org/#live"]
    link.apply_addresses(
        [parse_chat_address(t) for t in texts], nick="clibot", twitch_login="shopbot"
    )
    assert recording_kinds == [
        {"address": "twitch:myshop", "nick": "shopbot", "token": "oauth:twitch-token",
         "api_base_url": None},
        {"address": "youtube:dQw4w9WgXcQ", "nick": "liveshop", "token": "key:AIzaKEY",
         "api_base_url": "http://127.0.0.1:9/youtube/v3"},
        {"address": "irc://irc.example.org:6667/#live", "nick": "clibot", "token": None,
         "api_base_url": None},
    ]  # fmt: skip
    assert board.problems() == []

    # The account's token replaces the key (it can answer); only YouTube restarts.
    memory_keyring.set_password(SERVICE, "token:youtube", "ya29.account-token")
    monkeypatch.delenv(YOUTUBE_API_ENV)
    running = link.connectors
    link.apply_addresses(
        [parse_chat_address(t) for t in texts], nick="clibot", twitch_login="shopbot"
    )
    assert recording_kinds[3:] == [
        {"address": "youtube:dQw4w9WgXcQ", "nick": "liveshop", "token": "ya29.account-token",
         "api_base_url": None},
    ]  # fmt: skip
    assert link.connectors[0] is running[0] and link.connectors[1] is running[2]


def test_the_settings_chats_are_built_by_their_kinds_with_the_saved_tokens(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    recording_kinds: list[dict[str, Any]],
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.set_password(SERVICE, "token:youtube", "ya29.account-token")
    chat = ChatSettings(
        twitch=TwitchChat(enabled=True, channel="MyShop", bot_nick="shopbot"),
        youtube=YouTubeChat(
            enabled=True,
            live_chat="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            api_base_url="http://127.0.0.1:9/v3",
        ),
        irc=IrcChat(urls=["ircs://irc.example.org/#live"], nick="studio"),
    )
    link, _, _ = make_link()
    link.apply(chat)
    assert recording_kinds == [
        {"address": "twitch:myshop", "nick": "shopbot", "token": "", "api_base_url": None},
        {"address": "youtube:dQw4w9WgXcQ", "nick": "liveshop", "token": "ya29.account-token",
         "api_base_url": "http://127.0.0.1:9/v3"},
        {"address": "ircs://irc.example.org:6697/#live", "nick": "studio", "token": None,
         "api_base_url": None},
    ]  # fmt: skip


def test_youtube_without_a_key_is_a_problem_named_by_its_address(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    recording_kinds: list[dict[str, Any]],
) -> None:
    link, _, board = make_link()
    link.apply_addresses([parse_chat_address("youtube:dQw4w9WgXcQ")])
    assert link.connectors == [] and recording_kinds == []
    problem = "needs a YouTube API key or account token: add one in Settings → Chat."
    assert board.summary() == f"youtube:dQw4w9WgXcQ: {problem}"


def test_a_chat_its_kind_refuses_is_a_problem_and_the_others_run(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    memory_keyring: MemoryKeyring,
) -> None:
    # A saved Twitch token with no login to go with it: Twitch cannot start; IRC still does.
    memory_keyring.set_password(SERVICE, "token:twitch", "oauth:twitch-token")
    link, _, board = make_link()
    link.apply_addresses(
        [parse_chat_address("twitch:myshop"), parse_chat_address("irc://127.0.0.1:1/#shop")]
    )
    assert [c.display_name for c in link.connectors] == ["irc://127.0.0.1:1/#shop"]
    assert board.problems() == [("twitch:myshop", "A Twitch token needs its login.")]


def test_close_stops_everything_and_nobody_answers_after(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    recording_kinds: list[dict[str, Any]],
    replies: Replies,
) -> None:
    link, _, board = make_link()
    link.apply_addresses([parse_chat_address("irc://irc.example.org/#live")])
    [connector] = link.connectors
    wait_until(connected(connector), 5, "the recording chat")
    assert replies.reply is not None
    link.close(timeout_s=5)
    assert not connector.running and link.connectors == [] and board.summary() == ""
    assert replies.calls[-1] == (None, None, False, None)
    link.apply_addresses([parse_chat_address("irc://irc.example.org/#live")])
    assert link.connectors == [] and len(recording_kinds) == 1


# -- real YouTube API shape ------------------------------------------------------------------
@pytest.mark.e2e
def test_a_youtube_address_polls_the_api_the_environment_names_with_the_saved_key(
    make_link: Callable[..., tuple[ChatLink, ChatFeed, ChatStatusBoard]],
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory_keyring.set_password(SERVICE, "token:youtube-api-key", "AIzaSyFAKE-key-0123")
    server = FakeYouTube([page([item(1, "SOLD 12", "Ann")], "P2", interval_ms=100)])
    monkeypatch.setenv(YOUTUBE_API_ENV, server.url)
    try:
        link, feed, _ = make_link()
        recorder = Recorder(feed)
        link.apply_addresses([parse_chat_address("youtube:LIVECHAT-0001")])
        wait_until(lambda: recorder.texts() == ["SOLD 12"], 10, "the YouTube comment")
        _, query, headers = server.requests[0]
        assert query["liveChatId"] == "LIVECHAT-0001"
        assert headers.get("X-Goog-Api-Key") == "AIzaSyFAKE-key-0123"
        link.close(timeout_s=5)
    finally:
        server.close()
