"""The chat overlays as a viewer sees them: rasters follow the chat, and only when it changes."""

from __future__ import annotations

import numpy as np
import pytest

from studio.capture.base import Services, SourceState
from studio.capture.chat_overlay import (
    ChatOverlaySettings,
    ChatOverlaySource,
    PinnedCommentSettings,
    PinnedCommentSource,
)
from studio.chat import BlockedWords, ChatFeed, ChatLive, LocalChat
from studio.clock import ManualClock
from studio.render.chat import render_chat
from studio.render.chat_style import ChatLine, ChatStyle
from studio.scene.sources import SOURCE_ADAPTER
from tests.chat.helpers import wait_until
from tests.chat_live.helpers import (
    BLOCKED,
    OVERLAY,
    PINNED,
    expected_raster,
    picture_of,
    started,
    wait_for_raster,
    wait_until_drawn,
)


@pytest.fixture
def chat() -> tuple[ChatLive, LocalChat]:
    feed = ChatFeed(blocked_words=BlockedWords(BLOCKED))
    local = LocalChat()
    local.start(feed)
    return ChatLive(feed), local


def test_the_overlay_shows_the_newest_visible_messages_and_never_a_blocked_one(
    chat: tuple[ChatLive, LocalChat],
) -> None:
    live, local = chat
    source = started(ChatOverlaySource, OVERLAY, live)
    try:
        wait_until_drawn(source, live)
        assert picture_of(source) is None  # no comments yet: nothing drawn at all
        posted = [local.post("ann", "hello!"), local.post("bob", "love the blue one")]
        wait_for_raster(source, expected_raster([m for m in posted if m]))
        renders = source.renders

        blocked = local.post("eve", "FREE  money here")
        assert blocked is not None and BlockedWords(BLOCKED).matches(blocked.text)
        wait_until_drawn(source, live)
        shown = picture_of(source)
        assert shown is not None and source.renders == renders  # nothing new to draw
        visible = [m for m in posted if m]
        assert np.array_equal(shown, expected_raster(visible))
        assert not np.array_equal(shown, expected_raster([*visible, blocked]))

        newest = local.post("cy", "SOLD 2")
        assert newest is not None
        wait_for_raster(source, expected_raster([*visible, newest]))
        assert source.renders == renders + 1
        assert source.health.state is SourceState.OK
    finally:
        source.stop()


def test_hiding_a_message_redraws_without_it_and_hiding_an_old_one_redraws_nothing(
    chat: tuple[ChatLive, LocalChat],
) -> None:
    live, local = chat
    settings = OVERLAY.model_copy(update={"lines": 2})
    source = started(ChatOverlaySource, settings, live)
    try:
        messages = [m for n in range(4) if (m := local.post("ann", f"comment {n}"))]
        wait_for_raster(source, expected_raster(messages[2:], settings))
        renders = source.renders
        live.hide(messages[0].key)  # not on screen any more
        live.pin(messages[3].key)  # not this overlay's business
        wait_until_drawn(source, live)
        assert source.renders == renders
        live.hide(messages[3].key)
        wait_for_raster(source, expected_raster(messages[1:3], settings))
    finally:
        source.stop()


def test_the_pinned_comment_appears_when_pinned_and_disappears_when_unpinned(
    chat: tuple[ChatLive, LocalChat],
) -> None:
    live, local = chat
    source = started(PinnedCommentSource, PINNED, live)
    try:
        question = local.post("Dana", "Does the mug fit in a dishwasher?")
        assert question is not None
        wait_until_drawn(source, live)
        assert picture_of(source) is None
        live.pin(question.key)
        wait_until(lambda: picture_of(source) is not None, 5, "the pinned comment")
        shown = picture_of(source)
        assert shown is not None and shown.shape[1] <= PINNED.max_width_px
        # The highlight: mostly the bubble colour, opaque, with darker text on it.
        assert shown[..., 3].mean() > 200
        live.unpin()
        wait_until(lambda: picture_of(source) is None, 5, "the pinned comment to go")
        live.pin(question.key)
        wait_until(lambda: picture_of(source) is not None, 5, "the pinned comment again")
        live.hide(question.key)
        wait_until(lambda: picture_of(source) is None, 5, "the hidden comment to go")
    finally:
        source.stop()


def test_without_a_chat_service_the_overlay_says_so() -> None:
    source = ChatOverlaySource(OVERLAY, ManualClock())
    source.services = Services()
    source.start()
    try:
        wait_until(lambda: source.health.state is SourceState.ERROR, 5, "an error")
        assert "no live chat" in source.health.message
        source.services.add("chat", ChatLive())
        wait_until(lambda: source.health.state is SourceState.OK, 5, "recovery")
    finally:
        source.stop()


HOSTILE = [
    "😍🔥🛍️ 👨‍👩‍👧‍👦 sold 2!!! 🇺🇸",
    "مرحبا، هل هذا متوفر باللون الأزرق؟",
    "שלום \u202eevil\u202c mixed עברית and English",
    "Z̸̡̢̛̗̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌ͅalgo",
    "a" * 10_000,
    ("word " * 2_000).strip(),
    "\x00\x01\x1b[31mansi\x07 \ufeff\u200b\ud7ff",
]


def test_hostile_comments_render_without_crashing(chat: tuple[ChatLive, LocalChat]) -> None:
    live, local = chat
    settings = ChatOverlaySettings(lines=len(HOSTILE), font_size_px=12, max_width_px=200)
    source = started(ChatOverlaySource, settings, live)
    pinned = started(PinnedCommentSource, PINNED, live)
    try:
        for n, text in enumerate(HOSTILE):
            message = local.post("🦄 مستخدم " + "x" * 300 + str(n), text)
            assert message is not None
            live.pin(message.key)
        wait_until_drawn(source, live)
        wait_until_drawn(pinned, live)
        shown, pin = picture_of(source), picture_of(pinned)
        assert shown is not None and pin is not None
        assert shown.shape[1] == 200 and shown.shape[0] < 2000  # every comment cut to size
        assert source.health.state is pinned.health.state is SourceState.OK
    finally:
        source.stop()
        pinned.stop()


def test_the_renderer_itself_survives_uncleaned_input() -> None:
    lines = [ChatLine("n" * 10_000, t, "✓" * 50, "#123456") for t in HOSTILE]
    for style in (ChatStyle(width_px=32, font_size_px=6), ChatStyle(width_px=64, height_px=16)):
        raster = render_chat(lines, style)
        assert raster.dtype == np.uint8 and raster.shape[1] == style.width_px


def test_overlay_kinds_are_scene_sources_with_typed_settings() -> None:
    settings = SOURCE_ADAPTER.validate_python({"kind": "chat_overlay", "lines": 3})
    assert isinstance(settings, ChatOverlaySettings) and settings.lines == 3
    pinned = SOURCE_ADAPTER.validate_python({"kind": "pinned_comment", "background": "#00000080"})
    assert isinstance(pinned, PinnedCommentSettings)
    with pytest.raises(ValueError, match="lines"):
        SOURCE_ADAPTER.validate_python({"kind": "chat_overlay", "lines": 0})
