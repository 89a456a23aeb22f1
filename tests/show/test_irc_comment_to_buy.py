"""The whole chat path against a real IRC server: viewers comment and claim from their own
clients on ngircd; the studio's IrcConnector feeds comment-to-buy, the ledger and the overlays,
and the auto-replies reach the viewers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.capture.chat_overlay import ChatOverlaySource, PinnedCommentSource
from studio.chat import (
    BlockedWords,
    ChatFeed,
    ChatLive,
    ChatState,
    IrcConnector,
    IrcSettings,
    MessageFlag,
)
from studio.resources import resources_dir
from studio.shop import Catalog, Ledger
from studio.shop.importing import import_file
from studio.shop.live import ShopLive
from studio.show.comment_to_buy import ClaimOutcome, CommentToBuy, reply_via
from tests.chat.helpers import wait_until
from tests.chat_live.helpers import (
    BLOCKED,
    OVERLAY,
    PINNED,
    expected_raster,
    picture_of,
    small_shop,
    started,
    wait_for_raster,
)
from tests.support.ircd import IrcServer

pytestmark = pytest.mark.e2e


def test_viewers_claim_on_irc_and_the_ledger_overlays_and_replies_follow(
    irc_server: IrcServer, tmp_path: Path
) -> None:
    shop = small_shop(tmp_path)
    feed = ChatFeed(blocked_words=BlockedWords(BLOCKED))
    live = ChatLive(feed)
    connector = IrcConnector(IrcSettings(url=irc_server.url(), nick="shopbot"))
    sales = CommentToBuy(feed, shop.till, shop.codes, reply_via([connector]))
    overlay = started(ChatOverlaySource, OVERLAY, live)
    pinned = started(PinnedCommentSource, PINNED, live)
    alice, bob = irc_server.client("alice"), irc_server.client("bob")
    connector.start(feed)
    try:
        wait_until(lambda: connector.status.state is ChatState.CONNECTED, 10, "joined")
        # One at a time, so "first come" is the order written here.
        for n, (viewer, text) in enumerate(
            [
                (alice, "SOLD 1"),
                (bob, "sold 1"),  # the mug had one left
                (alice, "sold 2 x2"),
                (alice, "Sold 2"),  # her second scarf claim joins her entry
                (bob, "sold 2 x2"),  # two wanted, none left
            ],
            start=1,
        ):
            viewer.post(text)
            wait_until(lambda n=n: len(sales.claims()) == n, 10, f"claim {n}")
        bob.post("is 2 still available?")
        bob.post("this is a scam")
        wait_until(lambda: len(feed) == 5 + 2 + 5, 10, "the comments and the five replies")

        assert [r.outcome for r in sales.claims()] == [
            ClaimOutcome.SOLD,
            ClaimOutcome.WAITLISTED,
            ClaimOutcome.SOLD,
            ClaimOutcome.SOLD,
            ClaimOutcome.WAITLISTED,
        ]
        assert sales.claims()[3].merged
        totals = shop.ledger.totals(shop.show.id)
        assert totals.units == 4 and str(totals.revenue.amount) == "104.50"
        waitlisted = {p.product_id: p.waitlisted_units for p in totals.products}
        assert waitlisted == {"mug": 1, "scarf": 2}
        entries = shop.ledger.entries(shop.show.id)
        assert [(e.buyer, e.product_id, e.quantity, e.status.value) for e in entries] == [
            ("alice", "mug", 1, "sold"),
            ("bob", "mug", 1, "waitlisted"),
            ("alice", "scarf", 3, "sold"),
            ("bob", "scarf", 2, "waitlisted"),
        ]

        # The replies reached the viewers' own IRC clients.
        alice.wait_for("PRIVMSG #shop :@alice you got #1 — check out at https://shop.test/mug")
        alice.wait_for("PRIVMSG #shop :@alice you got #2")
        bob.wait_for("PRIVMSG #shop :@bob #1 is sold out — you are on the waitlist")

        # A replay of a comment (after a reconnect) changes nothing.
        first = next(m for m in feed.history() if m.text == "SOLD 1")
        replay = sales.handle(first)
        assert replay is not None and replay.outcome is ClaimOutcome.DUPLICATE
        assert shop.ledger.totals(shop.show.id).units == 4

        # The overlay shows the newest on-stream lines; the blocked comment is not among them.
        [blocked] = [m for m in feed.history() if MessageFlag.BLOCKED in m.flags]
        assert blocked.text == "this is a scam" and blocked not in live.messages()
        visible = [m for m in feed.history() if m.visible_on_stream]
        wait_for_raster(overlay, expected_raster(visible))
        with_blocked = expected_raster([*visible, blocked])
        assert not np.array_equal(picture_of(overlay), with_blocked)

        # The host pins the question, then takes it down.
        question = next(m for m in feed.history() if m.is_question)
        assert picture_of(pinned) is None
        live.pin(question.key)
        wait_until(lambda: picture_of(pinned) is not None, 5, "the pinned comment")
        live.unpin()
        wait_until(lambda: picture_of(pinned) is None, 5, "the pinned comment to go")
    finally:
        connector.stop()
        overlay.stop()
        pinned.stop()
        alice.close()
        bob.close()


def test_a_claim_without_a_variant_is_asked_on_irc_and_the_answer_sells_once(
    irc_server: IrcServer, tmp_path: Path
) -> None:
    catalog = Catalog.open(folder=tmp_path)
    import_file(resources_dir() / "catalog" / "sample.json", catalog)  # hoodie #1: Red M, L
    ledger = Ledger(catalog)
    show = ledger.start_show("Friday drop", "USD")
    feed = ChatFeed()
    connector = IrcConnector(IrcSettings(url=irc_server.url(), nick="shopbot"))

    def codes() -> list[str]:
        return [p.code for p in catalog.products() if p.code]

    sales = CommentToBuy(
        feed, ShopLive(ledger.catalog, ledger, show.id), codes, reply_via([connector])
    )
    carol = irc_server.client("carol")
    connector.start(feed)
    try:
        wait_until(lambda: connector.status.state is ChatState.CONNECTED, 10, "joined")
        carol.post("SOLD 1")
        carol.wait_for("PRIVMSG #shop :@carol which one? Reply SOLD 1 RED M, SOLD 1 RED L")
        assert [r.outcome for r in sales.claims()] == [ClaimOutcome.PENDING]
        assert ledger.totals(show.id).units == 0

        carol.post("SOLD 1 RED M")
        carol.wait_for(
            "PRIVMSG #shop :@carol you got #1 (Red / M) — check out at "
            "https://shop.example/products/hood"
        )
        assert [r.outcome for r in sales.claims()] == [ClaimOutcome.PENDING, ClaimOutcome.SOLD]
        assert sales.pending() == []
        entries = ledger.entries(show.id)
        assert [(e.buyer, e.sku, e.quantity) for e in entries] == [("carol", "HOOD-R-M", 1)]
        hoodie = catalog.by_code("1")
        assert hoodie is not None and [v.stock for v in hoodie.variants] == [4, 2, 0]
    finally:
        connector.stop()
        carol.close()
