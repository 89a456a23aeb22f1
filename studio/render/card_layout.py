"""Where everything on a product card goes, for any card size: the layout, not the pixels.

The card is laid out again for each size it is shown at (never a bitmap stretched), so it
is readable from a small corner badge to a tall vertical card. What must be whole on air is
the buy line — the words a buyer types, e.g. "SOLD 1 RED M" — and the price; the title wraps
onto a few lines and shrinks, and only a title longer than any card gets an ellipsis. When
space runs short the card shrinks its text down to :data:`MIN_FONT_PX`, then gives up the QR
code, then the image, then the optional words (the stock note, the struck-through price, the
buy line's "Comment" and its variant); only then does it shrink below the minimum.

Every piece of text is a :class:`TextRun` with the box it occupies, so tests (and the
painter) read exactly what was placed where.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextOption

MIN_FONT_PX = 11  # below this, text on a stream is a smudge
FLOOR_FONT_PX = 5  # a last resort: a buy line whole but tiny beats one cut in half
SHRINK_STEP = 0.92
TITLE_LINES = {"landscape": 2, "vertical": 3}
MIN_QR_MODULE_PX = 2  # one pixel per module does not survive video compression
QR_QUIET_MODULES = 2  # a light border of two modules: enough for phone cameras on a card
ELLIPSIS = "…"

Role = Literal[
    "title", "price", "compare_at", "stock", "buy_lead", "buy_code", "buy_tail"
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def inside(self, width: float, height: float, margin: float = 0.0) -> bool:
        return (
            self.x >= margin - 0.01
            and self.y >= margin - 0.01
            and self.right <= width - margin + 0.01
            and self.bottom <= height - margin + 0.01
        )


@dataclass(frozen=True, slots=True)
class TextRun:
    role: Role
    text: str
    box: Box  # the run's advance × line height, where it is drawn
    font_px: int
    bold: bool = False
    strike: bool = False


@dataclass(frozen=True, slots=True)
class CardText:
    """What a card says, as plain strings (already formatted for the viewer)."""

    title: str
    price: str
    compare_at_price: str | None = None
    stock_note: str | None = None
    # The buy line: "Comment" + the words to type (fullest first: "SOLD 1 RED M", then
    # "SOLD 1") + an optional tail ("to buy").
    buy_lead: str = ""
    buy_codes: tuple[str, ...] = ()
    buy_tail: str = ""


@dataclass(frozen=True, slots=True)
class CardLayout:
    width: int
    height: int
    layout: Literal["landscape", "vertical"]
    image: Box | None
    qr: Box | None
    runs: tuple[TextRun, ...]
    chip: Box | None  # the highlighted pill behind the words to type
    font_px: int  # the title's size; the other sizes follow from it
    title_elided: bool
    within_minimum: bool  # every text at MIN_FONT_PX or larger
    dropped: tuple[str, ...] = field(default=())  # what did not fit: "qr", "image", "stock"…

    def runs_of(self, role: Role) -> list[TextRun]:
        return [run for run in self.runs if run.role == role]

    @property
    def buy_code(self) -> str:
        return " ".join(run.text for run in self.runs_of("buy_code"))


def font_of(family: str, px: float, bold: bool = False, strike: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    font.setStrikeOut(strike)
    return font


def _advance(font: QFont, text: str) -> float:
    return QFontMetricsF(font).horizontalAdvance(text)


def _line_height(font: QFont) -> float:
    return QFontMetricsF(font).height()


def wrap(text: str, font: QFont, width: float) -> list[str]:
    """``text`` broken into lines of at most ``width`` (at words, else anywhere: a title of
    one 300-letter word still wraps), in Qt's bidirectional order for RTL text."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    try:
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, width))
            start, length = line.textStart(), line.textLength()
            lines.append(text[start : start + length].strip())
    finally:
        layout.endLayout()
    return [line for line in lines if line] or [""]


def _elide(text: str, font: QFont, width: float) -> str:
    """The longest start of ``text`` that fits with an ellipsis (titles only)."""
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if metrics.horizontalAdvance(text[:mid].rstrip() + ELLIPSIS) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS if low else ""


@dataclass(slots=True)
class _Stack:
    """Text runs stacked top-down from y = 0; moved into place once the stack fits."""

    runs: list[TextRun] = field(default_factory=list)
    chip: Box | None = None
    height: float = 0.0
    elided: bool = False
    dropped: list[str] = field(default_factory=list)

    def add(self, run: TextRun) -> None:
        self.runs.append(run)


class _Fitter:
    def __init__(self, text: CardText, family: str, width: float) -> None:
        self.text = text
        self.family = family
        self.width = width

    def stack(
        self, px: float, title_lines: int, *, relaxed: bool, floor_px: float
    ) -> _Stack | None:
        """All the text at title size ``px`` in the column, or None if it cannot fit. Relaxed:
        the title may be cut with an ellipsis and optional words dropped."""
        out = _Stack()
        gap = px * 0.22
        if not self._title(out, px, title_lines, relaxed=relaxed):
            return None
        out.height += gap
        if not self._price(out, px * 1.15, relaxed=relaxed, floor_px=floor_px):
            return None
        if self.text.stock_note:
            font_px = px * 0.8
            if not self._stock(out, font_px, floor_px) and not relaxed:
                return None
        if self.text.buy_codes or self.text.buy_lead:
            out.height += gap * 1.5
            if not self._buy(out, px * 0.9, relaxed=relaxed, floor_px=floor_px):
                return None
        return out

    def _title(self, out: _Stack, px: float, max_lines: int, *, relaxed: bool) -> bool:
        font = font_of(self.family, px, bold=True)
        lines = wrap(self.text.title, font, self.width)
        if len(lines) > max_lines:
            if not relaxed:
                return False
            rest = " ".join(lines[max_lines - 1 :])
            lines = [*lines[: max_lines - 1], _elide(rest, font, self.width)]
            out.elided = True
        line_h = _line_height(font)
        for line in lines:
            if _advance(font, line) > self.width + 0.5:
                return False
            box = Box(0.0, out.height, _advance(font, line), line_h)
            out.add(TextRun("title", line, box, round(px), bold=True))
            out.height += line_h
        return True

    def _bold_size_to_fit(self, text: str, px: float, floor_px: float) -> float | None:
        """The largest size from ``px`` down (by SHRINK_STEP) at which bold ``text`` fits the
        column on one line; None when only a size below ``floor_px`` would."""
        size = px
        while _advance(font_of(self.family, size, bold=True), text) > self.width:
            size *= SHRINK_STEP
            if size < floor_px:
                return None
        return size

    def _price(self, out: _Stack, px: float, *, relaxed: bool, floor_px: float) -> bool:
        """The price whole (shrunk if need be); the compare-at price beside it if it fits."""
        price = self.text.price
        size = self._bold_size_to_fit(price, px, floor_px)
        if size is None:
            return False
        font = font_of(self.family, size, bold=True)
        line_h = _line_height(font)
        width = _advance(font, price)
        out.add(TextRun("price", price, Box(0.0, out.height, width, line_h), round(size), True))
        old = self.text.compare_at_price
        if old:
            old_px = max(size * 0.7, min(MIN_FONT_PX, size))
            old_font = font_of(self.family, old_px, strike=True)
            gap = size * 0.35
            old_w, old_h = _advance(old_font, old), _line_height(old_font)
            if width + gap + old_w <= self.width:
                y = out.height + (line_h - old_h) * 0.7
                box = Box(width + gap, y, old_w, old_h)
                out.add(TextRun("compare_at", old, box, round(old_px), strike=True))
            elif not relaxed:
                return False
            else:
                out.dropped.append("compare_at")
        out.height += line_h
        return True

    def _stock(self, out: _Stack, px: float, floor_px: float) -> bool:
        note = self.text.stock_note or ""
        size = self._bold_size_to_fit(note, px, max(floor_px, MIN_FONT_PX))
        if size is None:
            out.dropped.append("stock")
            return False
        font = font_of(self.family, size, bold=True)
        line_h = _line_height(font)
        out.add(TextRun("stock", note, Box(0.0, out.height, _advance(font, note), line_h),
                        round(size), bold=True))  # fmt: skip
        out.height += line_h
        return True

    def _buy_variants(self) -> Iterator[tuple[str, str, str]]:
        """(lead, code, tail) from the fullest to the shortest: the tail goes first, then the
        lead ("Comment"), then the variant; the keyword and code always stay."""
        lead, tail = self.text.buy_lead, self.text.buy_tail
        codes = self.text.buy_codes or ("",)
        seen: set[tuple[str, str, str]] = set()
        for code in codes:
            for option in ((lead, code, tail), (lead, code, ""), ("", code, "")):
                if option not in seen and (option[1] or option[0]):
                    seen.add(option)
                    yield option

    def buy_width(self, lead: str, code: str, tail: str, px: float) -> float:
        plain, bold = font_of(self.family, px), font_of(self.family, px, bold=True)
        space = _advance(plain, " ")
        width = _advance(bold, code) + 2 * self._chip_pad(px) if code else 0.0
        if lead:
            width += _advance(plain, lead) + space
        if tail:
            width += space + _advance(plain, tail)
        return width

    @staticmethod
    def _chip_pad(px: float) -> float:
        return px * 0.4

    def _buy(self, out: _Stack, px: float, *, relaxed: bool, floor_px: float) -> bool:
        """The buy line whole: shrink to the minimum, then drop optional words, then (last
        resort, relaxed only) shrink below the minimum. Never an ellipsis."""
        variants = list(self._buy_variants())
        top = max(px, 1.0)
        low = max(min(MIN_FONT_PX, top), floor_px)
        for i, (lead, code, tail) in enumerate(variants):
            size = top
            while size >= low:
                if self.buy_width(lead, code, tail, size) <= self.width:
                    if i:
                        out.dropped.append("buy_words")
                    self._place_buy(out, lead, code, tail, size)
                    return True
                size *= SHRINK_STEP
            if not relaxed:
                return False
        if not relaxed:
            return False
        lead, code, tail = variants[-1]
        size = low
        while size > FLOOR_FONT_PX and self.buy_width(lead, code, tail, size) > self.width:
            size *= SHRINK_STEP
        if self.buy_width(lead, code, tail, size) > self.width:
            return False
        out.dropped.append("buy_words")
        self._place_buy(out, lead, code, tail, size)
        return True

    def _place_buy(self, out: _Stack, lead: str, code: str, tail: str, px: float) -> None:
        plain, bold = font_of(self.family, px), font_of(self.family, px, bold=True)
        pad = self._chip_pad(px)
        chip_h = _line_height(bold) + pad * 0.6
        y, x = out.height, 0.0
        space = _advance(plain, " ")
        text_y = y + (chip_h - _line_height(plain)) / 2
        if lead:
            width = _advance(plain, lead)
            out.add(TextRun("buy_lead", lead, Box(x, text_y, width, _line_height(plain)),
                            round(px)))  # fmt: skip
            x += width + space
        if code:
            width = _advance(bold, code)
            out.chip = Box(x, y, width + 2 * pad, chip_h)
            box = Box(x + pad, y + pad * 0.3, width, _line_height(bold))
            out.add(TextRun("buy_code", code, box, round(px), bold=True))
            x += width + 2 * pad
        if tail:
            width = _advance(plain, tail)
            out.add(TextRun("buy_tail", tail, Box(x + space, text_y, width, _line_height(plain)),
                            round(px)))  # fmt: skip
        out.height += chip_h


@dataclass(frozen=True, slots=True)
class _Arrangement:
    image: Box | None
    qr: Box | None
    column: Box
    dropped: tuple[str, ...]


def _qr_fits(side: float, qr_modules: int) -> bool:
    return side >= MIN_QR_MODULE_PX * (qr_modules + 2 * QR_QUIET_MODULES)


def _arrangements(
    layout: Literal["landscape", "vertical"], width: int, height: int, pad: float,
    has_image: bool, qr_modules: int,
) -> Iterator[_Arrangement]:  # fmt: skip
    """Image and QR code placed, from the richest card to plain text: the QR code goes first
    (most viewers watch on the phone they would scan with), then the image."""
    wanted = [(has_image, qr_modules > 0), (has_image, False), (False, False)]
    seen: set[tuple[bool, bool]] = set()
    for with_image, with_qr in wanted:
        if (with_image, with_qr) in seen:
            continue
        seen.add((with_image, with_qr))
        dropped = tuple(
            name for name, had, kept in (("qr", qr_modules > 0, with_qr),
                                         ("image", has_image, with_image)) if had and not kept
        )  # fmt: skip
        inner_w, inner_h = width - 2 * pad, height - 2 * pad
        if inner_w <= 0 or inner_h <= 0:
            continue
        if layout == "vertical":
            image = qr = None
            top, bottom = pad, height - pad
            if with_image:
                side = min(inner_w, inner_h * 0.4)
                image = Box(pad, pad, inner_w, side)
                top = image.bottom + pad
            if with_qr:
                side = min(inner_w * 0.5, inner_h * 0.25)
                if not _qr_fits(side, qr_modules):
                    continue
                qr = Box((width - side) / 2, height - pad - side, side, side)
                bottom = qr.y - pad
            if bottom - top <= 0:
                continue
            yield _Arrangement(image, qr, Box(pad, top, inner_w, bottom - top), dropped)
            continue
        left, right = pad, width - pad
        image = qr = None
        if with_image:
            side = min(inner_h, width * 0.3)
            image = Box(pad, (height - side) / 2, side, side)
            left = image.right + pad
        if with_qr:
            side = min(inner_h, width * 0.26)
            if not _qr_fits(side, qr_modules):
                continue
            qr = Box(width - pad - side, (height - side) / 2, side, side)
            right = qr.x - pad
        if right - left <= 0:
            continue
        yield _Arrangement(image, qr, Box(left, pad, right - left, inner_h), dropped)


def layout_card(
    text: CardText,
    *,
    width: int,
    height: int,
    layout: Literal["landscape", "vertical"],
    font_family: str,
    font_size_px: float,
    padding_px: float,
    has_image: bool,
    qr_modules: int = 0,  # 0: no QR code
) -> CardLayout:
    """The richest layout of ``text`` that fits ``width`` × ``height`` (see the module)."""
    pad = min(padding_px, width / 8, height / 8)
    arrangements = list(_arrangements(layout, width, height, pad, has_image, qr_modules))
    if not arrangements:  # a sliver: text only, edge to edge
        arrangements = [_Arrangement(None, None, Box(0, 0, max(1, width), max(1, height)), ())]
    title_lines = TITLE_LINES[layout]
    passes = ((False, MIN_FONT_PX), (True, MIN_FONT_PX), (True, FLOOR_FONT_PX))
    for relaxed, floor_px in passes:
        for arrangement in arrangements:
            column = arrangement.column
            fitter = _Fitter(text, font_family, column.width)
            px = max(float(font_size_px), MIN_FONT_PX)  # a small box still gets readable text
            while px >= floor_px:
                stack = fitter.stack(px, title_lines, relaxed=relaxed, floor_px=floor_px)
                if stack is not None and stack.height <= column.height:
                    return _placed(stack, arrangement, text, width, height, layout, px)
                px *= SHRINK_STEP
    # Nothing fits even at the floor (a card a few pixels high): the buy line alone.
    column = arrangements[-1].column
    fitter = _Fitter(CardText(title="", price="", buy_codes=text.buy_codes[-1:]), font_family,
                     column.width)  # fmt: skip
    stack = _Stack()
    fitter._buy(stack, min(column.height * 0.6, font_size_px), relaxed=True,
                floor_px=1.0)  # fmt: skip
    return _placed(stack, arrangements[-1], text, width, height, layout, FLOOR_FONT_PX)


def _placed(
    stack: _Stack, arrangement: _Arrangement, text: CardText, width: int, height: int,
    layout: Literal["landscape", "vertical"], px: float,
) -> CardLayout:  # fmt: skip
    """The stack moved into its column, centred vertically."""
    column = arrangement.column
    dx = column.x
    dy = column.y + max(0.0, (column.height - stack.height) / 2)

    def moved(box: Box) -> Box:
        return Box(box.x + dx, box.y + dy, box.width, box.height)

    runs = tuple(
        TextRun(r.role, r.text, moved(r.box), r.font_px, r.bold, r.strike) for r in stack.runs
    )
    dropped = list(arrangement.dropped) + stack.dropped
    if text.stock_note and not any(r.role == "stock" for r in runs) and "stock" not in dropped:
        dropped.append("stock")
    return CardLayout(
        width=width,
        height=height,
        layout=layout,
        image=arrangement.image,
        qr=arrangement.qr,
        runs=runs,
        chip=moved(stack.chip) if stack.chip is not None else None,
        font_px=round(px),
        title_elided=stack.elided,
        within_minimum=all(r.font_px >= MIN_FONT_PX for r in runs),
        dropped=tuple(dropped),
    )
