"""Claims that name no variant are held, the buyer is asked which one, and the buyer's answer
or the host's choice sells it once — against the real sample catalog and a real ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.chat import ChatFeed, LocalChat
from studio.chat.claim_replies import MAX_REPLY_CHARS, fill_reply, which_one_reply
from studio.resources import resources_dir
from studio.shop import Catalog, Ledger, Product, Variant
from studio.shop.importing import import_file
from studio.shop.live import ShopLive
from studio.shop.variant_choice import buy_words
from studio.show.comment_to_buy import DEFAULT_REPLY, ClaimOutcome, CommentToBuy, reply_via
from studio.show.pending_claims import PENDING_TTL_S
from tests.chat_live.helpers import usd

HOOD_URL = "https://shop.example/products/hood"


class Clock:
    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


class Sample:
    """The sample catalog (hoodie #1 in Red M ×5, Red L ×2, Blue M ×0; mug #2 …), a show,
    the rehearsal chat and comment-to-buy answering through it."""

    def __init__(self, folder: Path) -> None:
        self.catalog = Catalog.open(folder=folder)
        import_file(resources_dir() / "catalog" / "sample.json", self.catalog)
        self.ledger = Ledger(self.catalog)
        self.show = self.ledger.start_show("Friday drop", "USD")
        self.feed, self.chat, self.clock = ChatFeed(), LocalChat(), Clock()
        self.chat.start(self.feed)
        self.sales = CommentToBuy(
            self.feed,
            ShopLive(self.catalog, self.ledger, self.show.id),
            lambda: [p.code for p in self.catalog.products() if p.code],
            reply_via([self.chat]),
            clock=self.clock,
        )

    def replies(self) -> list[str]:
        return [m.text for m in self.feed.history() if m.author.display_name == "host"]

    def units(self) -> int:
        return self.ledger.totals(self.show.id).units

    def hoodie_stock(self) -> list[int]:
        hoodie = self.catalog.by_code("1")
        assert hoodie is not None
        return [v.stock for v in hoodie.variants]


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    return Sample(tmp_path)


def test_sold_1_for_the_hoodie_asks_which_one_and_the_answer_sells_it_once(
    sample: Sample,
) -> None:
    sample.chat.post("Ann", "SOLD 1")
    [held] = sample.sales.claims()
    assert held.outcome is ClaimOutcome.PENDING and held.pending_id is not None
    # Blue M is sold out: only the red ones are offered, spelled as the parser reads them.
    assert sample.replies() == ["@Ann which one? Reply SOLD 1 RED M, SOLD 1 RED L"]
    assert [(p.buyer, p.claim.raw, p.title) for p in sample.sales.pending()] == [
        ("Ann", "SOLD 1", "Classic Hoodie")
    ]
    assert sample.units() == 0

    sample.chat.post("ann", "sold 1 m Red")  # her answer, in another order and case
    answer = sample.sales.claims()[-1]
    assert answer.outcome is ClaimOutcome.SOLD and answer.pending_id == held.pending_id
    assert answer.entry is not None and answer.entry.sku == "HOOD-R-M"
    assert sample.sales.pending() == []
    assert sample.units() == 1 and sample.hoodie_stock() == [4, 2, 0]
    assert sample.replies()[-1] == f"@ann you got #1 (Red / M) — check out at {HOOD_URL}"


def test_a_variant_that_does_not_exist_is_held_too(sample: Sample) -> None:
    sample.chat.post("Bob", "SOLD 1 BLUE L")  # blue comes in M only
    [record] = sample.sales.claims()
    assert record.outcome is ClaimOutcome.PENDING
    assert "no Blue L" in record.error
    assert sample.replies() == ["@Bob which one? Reply SOLD 1 RED M, SOLD 1 RED L"]
    sample.chat.post("Bob", "SOLD 1 RED")  # still two reds: asked again, one claim waits
    assert len(sample.sales.pending()) == 1
    assert sample.replies()[-1] == "@Bob which one? Reply SOLD 1 RED M, SOLD 1 RED L"


def test_one_in_stock_choice_is_taken_as_meant(sample: Sample, tmp_path: Path) -> None:
    sample.chat.post("Cy", "SOLD 1 M")  # red M or blue M, and blue M is sold out
    assert sample.sales.claims()[-1].outcome is ClaimOutcome.SOLD
    assert sample.hoodie_stock() == [4, 2, 0]
    sample.chat.post("Cy", "SOLD 1 blue")  # one blue at all: waitlisted, not asked
    assert sample.sales.claims()[-1].outcome is ClaimOutcome.WAITLISTED

    cap = Product(
        id="cap", code="C9", title="Cap", price=usd("10.00"),
        variants=[Variant(sku="CAP-R", options={"Colour": "Red"}, stock=0),
                  Variant(sku="CAP-B", options={"Colour": "Blue"}, stock=3)],
    )  # fmt: skip
    sample.catalog.add(cap)
    sample.chat.post("Dee", "sold c9")  # the only cap in stock
    record = sample.sales.claims()[-1]
    assert record.outcome is ClaimOutcome.SOLD and record.entry is not None
    assert record.entry.sku == "CAP-B"
    assert sample.sales.pending() == []


def test_the_host_settles_once_and_the_buyers_late_answer_is_no_second_sale(
    sample: Sample,
) -> None:
    sample.chat.post("Ann", "sold 1 x2")
    assert sample.replies() == ["@Ann which one? Reply SOLD 1 RED M x2, SOLD 1 RED L x2"]
    [pending] = sample.sales.pending()
    seen: list[ClaimOutcome] = []
    sample.sales.subscribe(lambda record: seen.append(record.outcome))

    settled = sample.sales.settle(pending.id, "HOOD-R-L")
    assert settled is not None and settled.outcome is ClaimOutcome.SOLD
    assert settled.settled_by_host and settled.pending_id == pending.id
    assert seen == [ClaimOutcome.SOLD]
    assert sample.hoodie_stock() == [5, 0, 0] and sample.units() == 2
    assert sample.replies()[-1] == f"@Ann you got #1 (Red / L) — check out at {HOOD_URL}"
    assert sample.sales.settle(pending.id, "HOOD-R-M") is None  # gone: nothing sold twice

    sample.chat.post("Ann", "SOLD 1 RED L x2")  # her answer arrives after the host's choice
    assert sample.sales.claims()[-1].outcome is ClaimOutcome.DUPLICATE
    assert sample.units() == 2 and sample.hoodie_stock() == [5, 0, 0]


def test_pending_claims_are_dismissed_expire_and_replays_ask_once(sample: Sample) -> None:
    first = sample.chat.post("Ann", "SOLD 1")
    sample.chat.post("Bob", "SOLD 1")
    assert first is not None
    assert sample.sales.handle(first).outcome is ClaimOutcome.DUPLICATE  # type: ignore[union-attr]
    assert len(sample.replies()) == 2  # the replayed comment is not asked again
    ann, bob = sample.sales.pending()
    assert sample.sales.dismiss(ann.id) and not sample.sales.dismiss(ann.id)
    assert sample.sales.pending() == [bob]
    sample.clock.now_s += PENDING_TTL_S + 1
    assert sample.sales.pending() == []
    assert sample.sales.settle(bob.id, "HOOD-R-M") is None
    assert sample.units() == 0


def test_a_product_without_a_link_gets_a_reply_without_a_link_clause(sample: Sample) -> None:
    sample.catalog.add(Product(id="pin", code="P8", title="Pin", price=usd("3.00"), stock=1))
    sample.chat.post("Ann", "sold p8")
    sample.chat.post("Bob", "sold p8")
    assert sample.replies() == [
        "@Ann you got #P8",
        "@Bob #P8 is sold out — you are on the waitlist",
    ]


@pytest.mark.parametrize(
    ("template", "fields", "expected"),
    [
        (DEFAULT_REPLY, {"url": ""}, "@Ann you got #12"),
        (DEFAULT_REPLY, {"variant": "Red / M"}, "@Ann you got #12 (Red / M) — check out at U"),
        ("Thanks {name}! Pay at {url}. See you", {"url": ""}, "Thanks Ann! See you"),
        ("Pay at {url}, {name}", {"url": ""}, "Ann"),
        ("{url}", {"url": ""}, ""),
        ("@{name} got {title} {variant}", {"title": "", "variant": ""}, "@Ann got"),
        ("@{name} | link: {url} | #{code}", {"url": ""}, "@Ann | #12"),
    ],
)
def test_replies_never_dangle_for_an_empty_placeholder(
    template: str, fields: dict[str, str], expected: str
) -> None:
    values = {"name": "Ann", "code": "12", "quantity": 1, "title": "Mug", "variant": ""}
    values |= {"url": "U"} | fields
    assert fill_reply(template, values) == expected


def test_hostile_names_and_options_keep_the_reply_one_short_line() -> None:
    name = "<b>Eve</b>\r\nPRIVMSG #shop :free stuff" + "x" * 300
    offers = [f"{'VERY LONG COLOUR NAME ' * 4}{n}" for n in range(20)]
    text = which_one_reply(name, "1", 1, offers)
    assert "\n" not in text and "\r" not in text and len(text) <= MAX_REPLY_CHARS
    assert text.startswith("@<b>Eve</b> PRIVMSG") and text.endswith("…")
    assert fill_reply("@{name} you got #{code}", {"name": "a\nb", "code": "1"}) == "@a b you got #1"
    assert which_one_reply("Ann", "1", 1, []) == "@Ann #1 is sold out in every option"


def test_buy_words_are_what_the_parser_reads_back() -> None:
    assert buy_words(Variant(sku="H-RM", options={"Colour": "Red", "Size": "M"})) == "RED M"
    assert buy_words(Variant(sku="T-NB", options={"Colour": "Navy Blue"})) == "NAVY BLUE"
    assert buy_words(Variant(sku="S-SM", options={"Size": "S/M"})) == "S-SM"  # "/" splits
