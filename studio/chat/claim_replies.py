"""The automatic replies to a claim: filled templates that never dangle, and the "which one?"
question for a claim that names no variant.

A template is read as clauses split at " — ", ", ", ". ", "; " or " | ". A clause whose every
placeholder is empty goes whole, with one separator ("— check out at {url}" for a product
without a link); an empty placeholder in a clause that says something else just
vanishes, with the brackets around it ("#{code} ({variant})" → "#12"). Replies go back into
the platforms' chat: one line, no control characters, at most :data:`MAX_REPLY_CHARS`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from studio.chat.message import clean_text

# Clauses whose placeholders are all empty are left out (see fill_reply).
DEFAULT_REPLY = "@{name} you got #{code} ({variant}) — check out at {url}"
DEFAULT_WAITLIST_REPLY = "@{name} #{code} is sold out — you are on the waitlist"
MAX_REPLY_CHARS = 200  # YouTube's limit for a live chat message, the shortest of the platforms
MAX_NAME_CHARS = 32
MAX_CHOICE_CHARS = 40  # one "SOLD 1 RED M" offer
MAX_CHOICES = 8
_SEPARATOR = re.compile(r"(\s+[—–-]\s+|[,;.!]\s+|\s+\|\s+)")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|“\s*”|\"\s*\"")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;!?)\]])")
_FORMATTER = string.Formatter()


@dataclass
class _Clause:
    separator: str  # the text before it ("" for the first)
    pieces: list[str] = field(default_factory=list)
    filled: int = 0  # placeholders with a value
    fields: int = 0

    @property
    def dropped(self) -> bool:
        return self.fields > 0 and self.filled == 0


def fill_reply(template: str, fields: Mapping[str, Any]) -> str:
    """``template`` filled from ``fields``, without the clauses of empty placeholders; "" when
    nothing is left. Raises KeyError, ValueError, IndexError or AttributeError for a template
    that cannot be filled (as ``str.format_map`` does)."""
    clauses = [_Clause("")]
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        parts = _SEPARATOR.split(literal)
        clauses[-1].pieces.append(parts[0])
        for separator, text in zip(parts[1::2], parts[2::2], strict=True):
            clauses.append(_Clause(separator, [text]))
        if name is None:
            continue
        value, _ = _FORMATTER.get_field(name, (), fields)
        if conversion:
            value = _FORMATTER.convert_field(value, conversion)
        text = _FORMATTER.format_field(value, spec or "")
        clause = clauses[-1]
        clause.fields += 1
        clause.filled += bool(text.strip())
        clause.pieces.append(text)
    text, carried = "", None
    for clause in clauses:
        if clause.dropped:
            # "Thanks {name}! Pay at {url}. See you": the "!" ended the clause before it
            carried = clause.separator if carried is None else carried
            continue
        separator = clause.separator if carried is None else carried
        text += (separator if text else "") + "".join(clause.pieces)
        carried = None
    return one_line(_EMPTY_BRACKETS.sub("", text))


def one_line(text: str, max_chars: int = MAX_REPLY_CHARS) -> str:
    """``text`` as one clean chat line of at most ``max_chars``; "" when only marks remain."""
    text, _ = clean_text(text, max_chars)
    text = _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", text)).strip(" —–-,;|:")
    return text if any(ch.isalnum() for ch in text) else ""


def safe_name(name: str) -> str:
    """A viewer's name as a reply may mention it: one short line."""
    cleaned, _ = clean_text(name, MAX_NAME_CHARS)
    return cleaned.lstrip("@/.!") or "there"


def which_one_reply(name: str, code: str, quantity: int, choices: Sequence[str]) -> str:
    """ "@Ann which one? Reply SOLD 1 RED M, SOLD 1 RED L" — as many offers as fit (``choices``
    are the words of each in-stock variant, see :func:`~studio.shop.variant_choice.buy_words`);
    "sold out" when none is in stock."""
    head = f"@{safe_name(name)}"
    if not choices:
        return one_line(f"{head} #{code} is sold out in every option")
    times = f" x{quantity}" if quantity > 1 else ""
    text = f"{head} which one? Reply "
    offers = [one_line(f"SOLD {code} {words}{times}", MAX_CHOICE_CHARS) for words in choices][
        :MAX_CHOICES
    ]
    shown = 0
    for offer in offers:
        addition = (", " if shown else "") + offer
        if len(text) + len(addition) > MAX_REPLY_CHARS - 2:
            break
        text += addition
        shown += 1
    if shown < len(choices):
        text += " …"
    return one_line(text)
