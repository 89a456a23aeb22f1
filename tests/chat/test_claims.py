"""Comment-to-buy grammar: a table of real-looking comments, and it never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.chat import Claim, ClaimParser

CODES = {
    "12": ["Blue", "Red", "S", "M", "L"],
    "15": [],
    "A7": ["Black", "One Size"],
    "104": ["6", "8", "10"],
    "3": [],
}
PARSER = ClaimParser(CODES)


def claim(code: str, quantity: int = 1, *options: str) -> tuple[str, int, tuple[str, ...]]:
    return (code, quantity, options)


TABLE: list[tuple[str, tuple[str, int, tuple[str, ...]] | None]] = [
    # the documented forms
    ("SOLD 12", claim("12")),
    ("sold 12 x2", claim("12", 2)),
    ("Sold12", claim("12")),
    ("12 blue M", claim("12", 1, "Blue", "M")),
    ("#12", claim("12")),
    ("sold #12 2", claim("12", 2)),
    ("12 x 2", claim("12", 2)),
    ("SOLD 12 BLUE/M", claim("12", 1, "Blue", "M")),
    # spacing, case, glue, decoration
    ("  sOlD    12  ", claim("12")),
    ("sold12x3", claim("12", 3)),
    ("sold 12x2", claim("12", 2)),
    ("SOLD 12 ×2", claim("12", 2)),
    ("sold 12 2x", claim("12", 2)),
    ("sold 12 qty 3", claim("12", 3)),
    ("🔥SOLD 12🔥", claim("12")),
    ("SOLD 12!!!", claim("12")),
    ("sold 12, red, L", claim("12", 1, "Red", "L")),
    ("@ShopWithJo sold 15", claim("15")),
    ("sold a7 black", claim("A7", 1, "Black")),
    ("SOLD 104 size 8", claim("104", 1, "8")),
    ("sold 012", claim("12")),
    ("Ｓｏｌｄ １２", claim("12")),  # full-width, from a phone keyboard
    ("mine 15", claim("15")),
    ("claim 3 x2 please 🙏", claim("3", 2)),
    ("sold 15 for my sister", claim("15")),
    ("vendido 12 azul", claim("12")),
    ("#15 x2", claim("15", 2)),
    ("15 mine", claim("15")),
    # not claims: questions, prices, times, other numbers, other words
    ("is 12 still available?", None),
    ("12?", None),
    ("sold out?", None),
    ("sold out", None),
    ("SOLD 12?", None),
    ("$12", None),
    ("12$", None),
    ("it's $12 right", None),
    ("12pm", None),
    ("see you at 12pm!", None),
    ("12:30", None),
    ("12", None),  # a lone number answers a question as often as it buys
    ("12 is so cute 😍", None),
    ("I sold 12 of these last week", None),
    ("how much is 15", None),
    ("what sizes for 12", None),
    ("sold 99", None),  # not a code in this show
    ("sold 12 x500", None),  # more than anyone buys live: a typo
    ("sold 12 x0", None),
    ("not sold 12", None),
    ("sold not 12", None),
    ("already sold 12 sorry", None),
    ("¿el 12 todavía está disponible?", None),
    ("هل القطعة 12 متوفرة؟", None),
    ("tengo 12 años", None),
    ("combien pour le 12 ?", None),
    ("😍😍😍", None),
    ("", None),
    ("sold", None),
    ("sold sold sold", None),
    ("12 blue purple", None),  # purple is no option: without a keyword, not a claim
    ("#", None),
]


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 40


@pytest.mark.parametrize(("comment", "expected"), TABLE)
def test_claim_table(comment: str, expected: tuple[str, int, tuple[str, ...]] | None) -> None:
    result = PARSER.parse(comment)
    if expected is None:
        assert result is None
    else:
        assert result == Claim(*expected, raw=comment)


def test_keywords_and_bare_codes_are_configurable() -> None:
    parser = ClaimParser(["12", "15"], keywords=["take"], bare_code_claims=True)
    assert parser.parse("take 15") == Claim("15", 1, (), "take 15")
    assert parser.parse("sold 15") is None
    assert parser.parse("12") == Claim("12", 1, (), "12")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    result = PARSER.parse(text)
    assert result is None or (result.code in CODES and 1 <= result.quantity <= 20)


words = st.sampled_from(
    ["sold", "SOLD", "#12", "12", "x2", "x", "2", "blue", "M", "/", "?", "$12", "🔥", "مرحبا", "a7"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=8).map(" ".join))
def test_never_raises_on_claim_like_text(text: str) -> None:
    result = PARSER.parse(text)
    if result is not None:
        assert "?" not in text and result.raw == text


def test_option_values_in_any_order_and_case_and_of_several_words() -> None:
    parser = ClaimParser({"1": ["Red", "Blue", "M", "L", "Navy Blue"]})
    for text in ("SOLD 1 RED M", "sold 1 m red", "Sold 1 M Red x2"):
        claim = parser.parse(text)
        assert claim is not None and set(claim.variant_options) == {"Red", "M"}
    claim = parser.parse("SOLD 1 NAVY BLUE L")
    assert claim is not None and claim.variant_options == ("Navy Blue", "L")
    claim = parser.parse("1 navy blue")  # no keyword: known options only
    assert claim is not None and claim.variant_options == ("Navy Blue",)
