"""Comment-to-buy against a real ledger, with the rehearsal chat: claims, stock, replies."""

from __future__ import annotations

from pathlib import Path

from studio.chat import ChatFeed, ChatMessage, LocalChat
from studio.shop import ClaimStatus, EntryStatus, LedgerError
from studio.show.comment_to_buy import ClaimOutcome, CommentToBuy, reply_via, resolve_variant
from tests.chat_live.helpers import small_shop


def test_claims_sell_while_stock_lasts_then_waitlist_and_replays_are_duplicates(
    tmp_path: Path,
) -> None:
    shop = small_shop(tmp_path)
    feed, chat = ChatFeed(), LocalChat()
    chat.start(feed)
    sales = CommentToBuy(feed, shop.till, shop.codes)
    seen: list[ClaimOutcome] = []
    sales.subscribe(lambda record: seen.append(record.outcome))

    chat.post("Ann", "SOLD 1")
    chat.post("Bob", "sold 1")  # the mug had one left
    chat.post("Ann", "sold 2 x2")
    chat.post("ann", "SOLD 2")  # the same buyer again: merged into her entry
    chat.post("Cy", "is 2 still available?")  # a question, not a claim
    chat.post("Cy", "sold 99")  # not a code of this show
    first = chat.post("Dee", "sold 3 blue M")
    chat.post("Dee", "sold 3 red s")  # no such variant
    chat.post("Eve", "sold 3 blue")  # blue M is gone: the one blue left (S) is meant
    chat.post("Fay", "sold 3")  # the tee comes in three variants and none is left: which one?
    assert first is not None
    sales.handle(first)  # the same comment again (a reconnect replayed it)

    outcomes = [record.outcome for record in sales.claims()]
    assert (
        outcomes
        == seen
        == [
            ClaimOutcome.SOLD,
            ClaimOutcome.WAITLISTED,
            ClaimOutcome.SOLD,
            ClaimOutcome.SOLD,
            ClaimOutcome.SOLD,
            ClaimOutcome.PENDING,  # no red S: Dee is asked which one
            ClaimOutcome.SOLD,
            ClaimOutcome.PENDING,
            ClaimOutcome.DUPLICATE,
        ]
    )
    records = sales.claims()
    assert records[3].merged and records[3].entry is not None and records[3].entry.quantity == 3
    assert records[4].entry is not None and records[4].entry.sku == "TEE-BM"
    assert records[6].entry is not None and records[6].entry.sku == "TEE-BS"
    assert records[0].external_id == "local:local-1"
    totals = shop.ledger.totals(shop.show.id)
    assert totals.units == 1 + 3 + 1 + 1
    assert str(totals.revenue.amount) == "144.50"
    by_product = {p.product_id: p for p in totals.products}
    assert by_product["mug"].waitlisted_units == 1
    assert [p.stock for p in shop.catalog.products()] == [0, 0, 0]
    assert sales.counts()[ClaimOutcome.SOLD] == 5
    assert [(p.buyer, p.claim.raw) for p in sales.pending()] == [
        ("Dee", "sold 3 red s"),
        ("Fay", "sold 3"),
    ]


def test_replies_go_to_the_viewer_through_the_connector_that_can_send(tmp_path: Path) -> None:
    shop = small_shop(tmp_path)
    feed, chat = ChatFeed(), LocalChat()
    chat.start(feed)
    sales = CommentToBuy(feed, shop.till, shop.codes, reply=reply_via([chat]))
    chat.post("Ann", "sold 1")
    chat.post("Bob", "sold 1")
    texts = [m.text for m in feed.history()]
    assert texts == [
        "sold 1",
        "@Ann you got #1 — check out at https://shop.test/mug",
        "sold 1",
        "@Bob #1 is sold out — you are on the waitlist",
    ]
    assert [r.reply for r in sales.claims()] == [texts[1], texts[3]]
    assert len(sales.claims()) == 2  # the host's own replies are never claims


def test_a_ledger_error_becomes_a_status_and_the_feed_goes_on(tmp_path: Path) -> None:
    shop = small_shop(tmp_path)

    class BrokenTill:
        catalog = shop.catalog

        def claim(self, *args: object, **kwargs: object) -> object:
            raise LedgerError("the database is locked")

    feed, chat = ChatFeed(), LocalChat()
    chat.start(feed)
    after: list[ChatMessage] = []
    sales = CommentToBuy(feed, BrokenTill(), shop.codes)  # type: ignore[arg-type]  # a stand-in
    feed.subscribe(after.append)
    chat.post("Ann", "sold 1")
    [record] = sales.claims()
    assert record.outcome is ClaimOutcome.ERROR and record.error == "the database is locked"
    assert len(after) == 1  # the subscriber after it still got the message


def test_bad_templates_failing_codes_and_senders_never_raise(tmp_path: Path) -> None:
    shop = small_shop(tmp_path)
    feed, chat = ChatFeed(), LocalChat()
    chat.start(feed)
    calls = {"codes": 0}

    def codes() -> list[str]:
        calls["codes"] += 1
        if calls["codes"] == 2:
            raise OSError("catalog offline")
        return ["1", "2"]

    def reply(message: ChatMessage, text: str) -> bool:
        raise ConnectionError("gone")

    sales = CommentToBuy(feed, shop.till, codes, reply, "@{nope} {code}")
    chat.post("Ann", "sold 2")  # bad template: no reply, the claim stands
    sales.reply_template = "@{name}"
    chat.post("Bob", "sold 2")  # codes fail: the last parser is used; the sender raises
    assert [(r.outcome, r.reply) for r in sales.claims()] == [
        (ClaimOutcome.SOLD, ""),
        (ClaimOutcome.SOLD, ""),
    ]
    sales.close()
    chat.post("Cy", "sold 2")
    assert len(sales.claims()) == 2


def test_variants_resolve_only_when_one_matches(tmp_path: Path) -> None:
    tee = small_shop(tmp_path).catalog.get("tee")
    assert resolve_variant(tee, ()) is None
    assert resolve_variant(tee, ("Blue", "S")) == "TEE-BS"
    assert resolve_variant(tee, ("red",)) == "TEE-RM"
    assert resolve_variant(tee, ("Blue",)) == "Blue"  # two match: the ledger will ask
    assert ClaimStatus.SOLD.value == EntryStatus.SOLD.value == ClaimOutcome.SOLD.value
