"""Comment-to-buy: "SOLD 12", "sold 12 x2", "#12", "12 blue M" … become Claim values.

Only the show's known codes (and each code's option values) count, so "is 12 still available?",
"$12" or "12pm" are not claims. A comment with a keyword ("sold", "mine", "claim"…) may carry
other words after the code; without a keyword it must be nothing but a code marked with ``#``, a
quantity or known options (``12 x 2``, ``12 blue M``, in any order and case, a value of up to
three words such as ``navy blue`` included). Questions are never claims. The parser
never raises: anything it does not understand is ``None``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

DEFAULT_KEYWORDS = ("sold", "mine", "claim", "claimed", "vendido", "vendida", "vendu")
# Words that turn "sold 12 …" into something other than a purchase.
NEGATIONS = frozenset({"not", "no", "out", "already", "yet", "gone", "never", "isn't", "wasn't"})
MAX_COMMENT_CHARS = 500
MAX_OPTION_WORDS = 3  # an option value may be typed as up to three words ("navy blue")
_QUESTION_MARKS = ("?", "¿", "؟")
_SPLIT_OPTIONS = re.compile(r"[/,+|;&]")
_QTY_TOKEN = re.compile(r"(?:x|×|\*|qty:?)(\d{1,4})|(\d{1,4})(?:x|×|pcs|pc)")
_QTY_WORDS = frozenset({"x", "×", "*", "qty", "qty:"})
_GLUED_QTY = re.compile(r"(.+?)(?:x|×|\*)(\d{1,4})")
_TRIM_CATEGORIES = frozenset({"So", "Sk", "Mn", "Me", "Cf", "Po", "Pe", "Ps", "Pf", "Pi"})


@dataclass(frozen=True, slots=True)
class Claim:
    code: str  # as the caller spelled it
    quantity: int
    variant_options: tuple[str, ...]  # as the caller spelled them, in comment order
    raw: str  # the comment as written


def _trim(chunk: str) -> str:
    """Emoji and punctuation off both ends ("12🔥", "(12)", "sold!"), but keep a leading "#"."""
    start, end = 0, len(chunk)
    while (
        start < end
        and chunk[start] != "#"
        and unicodedata.category(chunk[start]) in (_TRIM_CATEGORIES)
    ):
        start += 1
    while end > start and unicodedata.category(chunk[end - 1]) in _TRIM_CATEGORIES:
        end -= 1
    return chunk[start:end]


def _option_words(tokens: list[str], start: int, options: Mapping[str, str]) -> int:
    """How many tokens from ``start`` spell one option value ("navy blue" is two), longest
    first; 0 when none does."""
    for words in range(min(MAX_OPTION_WORDS, len(tokens) - start), 0, -1):
        if _code_key(" ".join(tokens[start : start + words])) in options:
            return words
    return 0


def _code_key(code: str) -> str:
    key = unicodedata.normalize("NFKC", code).casefold().strip()
    if key.isascii() and key.isdigit():
        key = key.lstrip("0") or "0"  # "012" is item 12
    return key


class ClaimParser:
    """Parses comments against the show's codes: ``{"12": ["Blue", "Red", "S", "M"], "15": []}``."""

    def __init__(
        self,
        codes: Mapping[str, Iterable[str]] | Iterable[str],
        *,
        keywords: Iterable[str] = DEFAULT_KEYWORDS,
        max_quantity: int = 20,
        bare_code_claims: bool = False,  # a lone "12" (no keyword, no "#") claims item 12
    ) -> None:
        items = codes.items() if isinstance(codes, Mapping) else ((c, ()) for c in codes)
        self._codes: dict[str, tuple[str, dict[str, str]]] = {}
        for code, options in items:
            code = str(code).strip()
            if code:
                option_keys = {_code_key(o): str(o) for o in options if str(o).strip()}
                self._codes[_code_key(code)] = (code, option_keys)
        self.keywords = tuple(sorted({k.casefold() for k in keywords if k}, key=len, reverse=True))
        self.max_quantity = max_quantity
        self.bare_code_claims = bare_code_claims

    @property
    def codes(self) -> list[str]:
        return [code for code, _ in self._codes.values()]

    def parse(self, text: str) -> Claim | None:
        """The claim in ``text``, or None. Never raises."""
        try:
            return self._parse(text)
        except Exception:  # a parser bug must not take the chat down
            log.exception("claim parser failed on a comment")
            return None

    def _tokens(self, text: str) -> list[str]:
        tokens: list[str] = []
        for chunk in text.split():
            if chunk.startswith("@") and not tokens:
                continue  # "@host sold 12"
            for part in _SPLIT_OPTIONS.split(chunk):
                part = _trim(part)
                if part:
                    tokens.append(part)
        return tokens

    def _match_code(self, token: str) -> tuple[str, int | None] | None:
        """A known code key, with a quantity glued on ("12x2"), or None."""
        token = token.lstrip("#")
        if not token:
            return None
        key = _code_key(token)
        if key in self._codes:
            return key, None
        glued = _GLUED_QTY.fullmatch(token)
        if glued and _code_key(glued.group(1)) in self._codes:
            return _code_key(glued.group(1)), int(glued.group(2))
        return None

    def _split_keyword(self, tokens: list[str]) -> bool:
        """Whether the comment starts with a keyword; "sold12" is split into "sold", "12"."""
        first = tokens[0]
        for keyword in self.keywords:
            if first == keyword:
                return True
            rest = first[len(keyword) :]
            if first.startswith(keyword) and self._match_code(rest) is not None:
                tokens[0:1] = [keyword, rest]
                return True
        return False

    def _parse(self, text: str) -> Claim | None:
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_COMMENT_CHARS:
            return None
        norm = unicodedata.normalize("NFKC", text).casefold()
        if any(mark in norm for mark in _QUESTION_MARKS):
            return None
        tokens = self._tokens(norm)
        if not tokens:
            return None
        has_keyword = self._split_keyword(tokens)
        position = 1 if has_keyword else 0
        if position >= len(tokens):
            return None
        hashed = tokens[position].startswith("#")
        matched = self._match_code(tokens[position])
        if matched is None:
            return None
        key, quantity = matched
        code, options = self._codes[key]
        variants: list[str] = []
        extra = False
        rest = tokens[position + 1 :]
        i = 0
        while i < len(rest):
            token = rest[i]
            qty = _QTY_TOKEN.fullmatch(token)
            if token in NEGATIONS:
                return None
            if quantity is None and qty:
                quantity = int(qty.group(1) or qty.group(2))
            elif (
                quantity is None
                and token in _QTY_WORDS
                and i + 1 < len(rest)
                and rest[i + 1].isascii()
                and rest[i + 1].isdigit()
            ):
                quantity = int(rest[i + 1][:4])
                i += 1
            elif words := _option_words(rest, i, options):
                variants.append(options[_code_key(" ".join(rest[i : i + words]))])
                i += words - 1
            elif quantity is None and token.isascii() and token.isdigit() and len(token) <= 4:
                quantity = int(token)
            elif token in self.keywords:
                has_keyword = True
            else:
                extra = True
            i += 1
        if extra and not has_keyword:
            return None
        if not (has_keyword or hashed or quantity or variants or self.bare_code_claims):
            return None
        quantity = 1 if quantity is None else quantity
        if not 1 <= quantity <= self.max_quantity:
            return None
        return Claim(code=code, quantity=quantity, variant_options=tuple(variants), raw=text)
