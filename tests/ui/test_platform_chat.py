"""The platforms' chat in the studio window: a real ngircd on loopback, a viewer on a second
connection, and what the host sees (Chat tab, Sales tab) and viewers see (chat overlay)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from studio.capture.chat_overlay import ChatOverlaySettings, ChatOverlaySource
from studio.chat import Platform
from studio.clock import ManualClock
from studio.settings import AppSettings, SecretStore, SettingsFile
from studio.settings.chat_accounts import ChatSettings, IrcChat
from studio.ui.app import Studio
from tests.support.ircd import IrcServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture

pytestmark = pytest.mark.e2e

MakeStudio = Callable[..., Studio]
OVERLAY = ChatOverlaySettings(lines=4, font_size_px=12, max_width_px=200, height_px=120)


def with_chat(store: SettingsFile, chat: ChatSettings) -> None:
    store.save(store.settings.model_copy(update={"chat": chat}))


@pytest.fixture
def chat_studio(
    make_studio: MakeStudio,
    settings_store: SettingsFile,
    irc_server: IrcServer,
    memory_keyring: MemoryKeyring,
) -> Studio:
    chat = ChatSettings(
        irc=IrcChat(urls=[irc_server.url("#shop")], nick="studio"),
        blocked_words=["scam*"],
        auto_reply=True,
        reply_template="@{name} you got #{code}",
    )
    with_chat(settings_store, chat)
    return make_studio(secrets=SecretStore())


def test_viewer_comments_and_claims_reach_the_chat_tab_the_sales_tab_and_the_overlay(
    chat_studio: Studio, irc_server: IrcServer, qtbot: QtBot
) -> None:
    dock = chat_studio.window.shop_dock
    panel, sales = dock.chat_panel, dock.sales_panel
    assert panel is not None and sales is not None
    qtbot.waitUntil(lambda: "connected" in panel.connections.text(), timeout=20_000)
    assert not panel.connections.isHidden() and "#shop" in panel.connections.text()

    show = chat_studio.show
    assert show is not None
    mug = show.catalog.by_code("2")
    assert mug is not None and mug.stock > 0
    viewer = irc_server.client("erin")
    viewer.post("is the mug dishwasher safe?")
    viewer.post("SOLD 2")
    viewer.post("scam alert")

    def texts() -> list[str]:  # the viewer's lines (the studio's reply may come between them)
        messages = [panel.model.message(row) for row in range(panel.model.rowCount())]
        return [m.text for m in messages if m.author.display_name == "erin"]

    qtbot.waitUntil(lambda: len(texts()) >= 3, timeout=10_000)
    assert texts() == ["is the mug dishwasher safe?", "SOLD 2", "scam alert"]
    first = panel.model.message(0)
    assert first.platform is Platform.IRC and first.author.display_name == "erin"

    # The claim (before Go Live: a practice one): in the Sales tab, answered on IRC, and no
    # real stock taken.
    qtbot.waitUntil(lambda: sales.claims.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: sales.total.text() == "1 unit · $14.50", timeout=10_000)
    assert sales.book_line.text().startswith("Practice")
    assert show.catalog.get(mug.id) == mug
    [record] = show.comment_to_buy.claims()
    assert record.outcome == "sold" and record.buyer == "erin" and record.claim.code == "2"
    assert record.reply == "@erin you got #2"
    assert "PRIVMSG #shop :@erin you got #2" in viewer.wait_for("you got #2")

    # The overlay draws what ChatLive keeps: the comments, never the blocked one.
    drawn = ChatOverlaySource(OVERLAY, ManualClock()).what_to_draw(
        show.chat_live.snapshot(), OVERLAY
    )
    assert drawn is not None
    shown = [line.text for line in drawn[0]]
    assert "is the mug dishwasher safe?" in shown and "SOLD 2" in shown
    assert "scam alert" not in shown
    viewer.close()


def test_the_reply_action_answers_on_irc(
    chat_studio: Studio, irc_server: IrcServer, qtbot: QtBot
) -> None:
    panel = chat_studio.window.shop_dock.chat_panel
    assert panel is not None
    qtbot.waitUntil(lambda: "connected" in panel.connections.text(), timeout=20_000)
    viewer = irc_server.client("fay")
    viewer.post("do you ship to Canada?")
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 1, timeout=10_000)
    question = panel.model.message(0)
    assert chat_studio.show is not None
    assert chat_studio.show.message_can_reply(question)
    panel.reply(question, "@fay yes, we do")
    assert "PRIVMSG #shop :@fay yes, we do" in viewer.wait_for("we do")
    qtbot.waitUntil(lambda: panel.status.text() == "Reply sent.")
    viewer.close()


def test_settings_changes_show_in_the_chat_tab(
    chat_studio: Studio, irc_server: IrcServer, settings_store: SettingsFile, qtbot: QtBot
) -> None:
    # Which connections restart after a save is tests/show/test_chat_link.py's business; here
    # the host sees each channel's line come and go.
    panel = chat_studio.window.shop_dock.chat_panel
    assert panel is not None and chat_studio.show is not None
    qtbot.waitUntil(lambda: "connected" in panel.connections.text(), timeout=20_000)

    chat = settings_store.settings.chat
    second_url = irc_server.url("#backstage")
    two = chat.irc.model_copy(update={"urls": [*chat.irc.urls, second_url]})
    with_chat(settings_store, chat.model_copy(update={"irc": two}))
    qtbot.waitUntil(lambda: panel.connections.text().count("connected") == 2, timeout=20_000)
    assert "#shop" in panel.connections.text() and "#backstage" in panel.connections.text()

    none = chat.irc.model_copy(update={"urls": []})
    with_chat(settings_store, chat.model_copy(update={"irc": none}))
    qtbot.waitUntil(lambda: panel.connections.text() == "")
    assert panel.connections.isHidden()
    assert chat_studio.show.reply is None


def test_a_bad_saved_chat_never_keeps_the_studio_from_opening(
    make_studio: MakeStudio, settings_store: SettingsFile, memory_keyring: MemoryKeyring
) -> None:
    # YouTube switched on without any key or token: the Chat tab says what is missing.
    from studio.settings.chat_accounts import YouTubeChat

    chat = ChatSettings(youtube=YouTubeChat(enabled=True, live_chat="dQw4w9WgXcQ"))
    settings_store.save(AppSettings(chat=chat, recording=settings_store.settings.recording))
    studio = make_studio(secrets=SecretStore())
    panel = studio.window.shop_dock.chat_panel
    assert panel is not None
    assert "needs a YouTube API key or account token" in panel.connections.text()
