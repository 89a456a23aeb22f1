"""Text and placeholder rasters drawn with Qt's font engine.

studio.render is the core's one way to Qt's GUI types (fonts, painting: text, cards, chat,
the report's PDF), never its widgets: the core stays headless, and rendering needs just a
QGuiApplication (the 'offscreen' platform when there is no display). Create it on the
main thread with :func:`ensure_gui_app` early; after that, painting a QImage with QPainter
and QFont is safe from any thread. Results are premultiplied BGRA numpy arrays (a copy), the
memory layout of ``QImage.Format_ARGB32_Premultiplied`` on little-endian machines.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, ParamSpec, TypeVar

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QRawFont,
    QTextLayout,
)

from studio.resources import resources_dir

log = logging.getLogger(__name__)

BUNDLED_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
DEFAULT_FONT_FAMILY = "DejaVu Sans"
MAX_RASTER_PX = 8192  # keeps a runaway text from allocating gigabytes

_app: QGuiApplication | None = None  # held so it is not garbage collected
_app_lock = threading.Lock()
# Qt's font engine is not safe for two threads painting text at once (two text sources
# rasterising together crashed the process): every raster is drawn under this lock.
_paint_lock = threading.Lock()
P = ParamSpec("P")
R = TypeVar("R")
_fonts_registered: list[str] = []


class RenderUnavailableError(RuntimeError):
    """Qt cannot render yet (no QGuiApplication, and not on the main thread to create one)."""


def ensure_gui_app(*, every_enum: bool = False) -> QGuiApplication:
    """Create the QGuiApplication if none exists (call on the main thread, before sources
    start) and register the bundled fonts. Headless machines get the 'offscreen' platform.
    ``every_enum``: the desktop app, whose window paints with any Qt enum while sources draw
    (see :func:`_create_enum_types`)."""
    global _app
    with _app_lock:
        existing = QGuiApplication.instance()
        if existing is None:
            if threading.current_thread() is not threading.main_thread():
                raise RenderUnavailableError(
                    "Text rendering is not ready: ensure_gui_app() must first run on the "
                    "main thread."
                )
            headless = sys.platform.startswith("linux") and not (
                os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            )
            if headless and not os.environ.get("QT_QPA_PLATFORM"):
                os.environ["QT_QPA_PLATFORM"] = "offscreen"
            _app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "studio"])
            existing = _app
        if not _fonts_registered:
            _register_bundled_fonts()
        if threading.current_thread() is threading.main_thread():
            _create_enum_types(every_enum)
        assert isinstance(existing, QGuiApplication)
        return existing


# The Qt classes whose enums painting off the main thread reads: every QtCore/QtGui name the
# render package and the clip cutter import, and the classes their methods return enums of.
# tests/render/test_enum_types.py fails when a module there imports a name missing here.
RENDER_QT_CLASSES = (
    "Qt", "QBrush", "QBuffer", "QByteArray", "QColor", "QFont", "QFontDatabase", "QFontInfo",
    "QFontMetricsF", "QGradient", "QGuiApplication", "QImage", "QIODevice", "QLinearGradient",
    "QMarginsF", "QPageLayout", "QPageSize", "QPainter", "QPainterPath", "QPdfWriter", "QPen",
    "QPointF", "QRawFont", "QRectF", "QTextCharFormat", "QTextFormat", "QTextLayout", "QTextLine",
    "QTextOption", "QTransform",
)  # fmt: skip
_enum_types_created: set[bool] = set()  # which of the two sets (True: every enum) were made


def _create_enum_types(every_enum: bool = False) -> None:
    """Have PySide create the enum types painting reads now, on the main thread.

    PySide makes each enum's Python type the first time it is used. Two threads making the
    same one at once crash the process: the window's first paint and a product card's first
    raster both reached ``QPainter.RenderHint`` at start (a segfault in a few starts in a
    hundred). Made here, once, before any source draws, they are only ever read. Headless,
    only the render classes' enums are needed (~40 ms); the window may use any of QtCore's and
    QtGui's (~0.13 s and ~9 MB more)."""
    if every_enum in _enum_types_created or True in _enum_types_created:
        return
    from PySide6 import QtCore, QtGui

    if every_enum:
        owners = [getattr(module, name, None) for module in (QtCore, QtGui) for name in dir(module)]
    else:
        owners = [getattr(QtCore, name, None) or getattr(QtGui, name) for name in RENDER_QT_CLASSES]
    for owner in owners:
        if not isinstance(owner, type):
            continue
        for name in dir(owner):
            if name[:1].isupper():
                with contextlib.suppress(Exception):
                    getattr(owner, name)
    _enum_types_created.add(every_enum)


def _register_bundled_fonts() -> None:
    fonts_dir = resources_dir() / "fonts"
    for name in BUNDLED_FONTS:
        font_id = QFontDatabase.addApplicationFont(str(fonts_dir / name))
        if font_id >= 0:
            _fonts_registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    if not _fonts_registered:
        _fonts_registered.append("")  # marks "tried"; system fonts still work


_registered_files: dict[Path, list[str]] = {}


def register_font_files(paths: list[Path]) -> list[str]:
    """Teach Qt the fonts in ``paths`` (a template's brand kit), each file once per process;
    returns the families they provide. A file Qt cannot read is skipped (logged): the text
    falls back to another font rather than failing."""
    ensure_gui_app()
    families: list[str] = []
    with _app_lock:
        for path in paths:
            key = Path(os.path.abspath(path))
            if key not in _registered_files:
                _registered_files[key] = _add_font_file(key)
            families += _registered_files[key]
    return families


def _add_font_file(path: Path) -> list[str]:
    # A face this computer already has (DejaVu on Linux) is used as it is, not registered a
    # second time beside the installed one.
    installed = _installed_face(path)
    if installed is not None:
        return [installed]
    font_id = QFontDatabase.addApplicationFont(str(path))
    found = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not found:
        log.warning("the font %s could not be loaded", path)
    return list(found)


def _installed_face(path: Path) -> str | None:
    """The file's family if the font database already has that family in that style.

    Read with Qt's own font engine (the names it would register the file under): fontTools
    cost ~80 ms and ~8 MB at every start of every process that draws text."""
    face = QRawFont(str(path), 12.0)
    if not face.isValid():
        return None
    family, style = face.familyName(), face.styleName()
    if family and family in QFontDatabase.families() and style in QFontDatabase.styles(family):
        return family
    return None


def bundled_font_families() -> list[str]:
    ensure_gui_app()
    return [family for family in _fonts_registered if family]


def qcolor(hex_color: str) -> QColor:
    digits = hex_color.lstrip("#")
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    a = int(digits[6:8], 16) if len(digits) == 8 else 255
    return QColor(r, g, b, a)


def to_bgra(image: QImage) -> np.ndarray:
    """Copy a Format_ARGB32_Premultiplied QImage into a (h, w, 4) uint8 array."""
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    buffer = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, : width * 4].reshape(height, width, 4).copy()


def new_image(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    x: float  # offset for alignment within the text block
    y: float  # top of the line
    width: float


def _layout_lines(
    text: str, font: QFont, wrap_width_px: int | None
) -> tuple[list[_Line], float, float]:
    """Break text into lines (newlines, then wrapping); returns lines, block width, height."""
    metrics = QFontMetricsF(font)
    spacing = metrics.lineSpacing()
    raw: list[tuple[str, float]] = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(float(wrap_width_px) if wrap_width_px else 1e7)
            start, length = line.textStart(), line.textLength()
            piece = paragraph[start : start + length].rstrip()
            raw.append((piece, metrics.horizontalAdvance(piece)))
        layout.endLayout()
        if not paragraph:
            raw.append(("", 0.0))
    block_width = float(wrap_width_px) if wrap_width_px else max(w for _, w in raw)
    lines = [_Line(piece, 0.0, i * spacing, width) for i, (piece, width) in enumerate(raw)]
    return lines, block_width, len(lines) * spacing


def one_painter_at_a_time(function: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(function)
    def serialised(*args: P.args, **kwargs: P.kwargs) -> R:
        with _paint_lock:
            return function(*args, **kwargs)

    return serialised


@one_painter_at_a_time
def render_text_image(
    text: str,
    *,
    font_family: str = DEFAULT_FONT_FAMILY,
    font_size_px: int = 48,
    bold: bool = False,
    color: str = "#FFFFFF",
    background: str | None = None,
    outline_color: str | None = None,
    outline_px: int = 0,
    padding_px: int = 8,
    align: Literal["left", "center", "right"] = "left",
    wrap_width_px: int | None = None,
) -> np.ndarray:
    """Text as a premultiplied BGRA raster sized to fit it (plus padding and outline)."""
    ensure_gui_app()
    font = QFont(font_family)
    font.setPixelSize(font_size_px)
    font.setBold(bold)
    lines, block_w, block_h = _layout_lines(text, font, wrap_width_px)
    margin = padding_px + outline_px  # room so the outline is not clipped
    width = min(MAX_RASTER_PX, max(1, int(np.ceil(block_w)) + 2 * margin))
    height = min(MAX_RASTER_PX, max(1, int(np.ceil(block_h)) + 2 * margin))
    image = new_image(width, height)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if background is not None:
            painter.fillRect(QRectF(0, 0, width, height), qcolor(background))
        ascent = QFontMetricsF(font).ascent()
        align_factor = {"left": 0.0, "center": 0.5, "right": 1.0}[align]
        origins = [
            QPointF(margin + (block_w - line.width) * align_factor, margin + line.y + ascent)
            for line in lines
        ]
        if outline_color is not None and outline_px > 0:
            path = QPainterPath()
            for origin, line in zip(origins, lines, strict=True):
                path.addText(origin, font, line.text)
            # Stroke twice as wide, then fill over it: the visible outline is outline_px.
            pen = QPen(qcolor(outline_color), 2.0 * outline_px)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(path, pen)
            painter.fillPath(path, QBrush(qcolor(color)))
        else:
            # Glyphs straight from the font engine's cache: several times faster than paths.
            painter.setFont(font)
            painter.setPen(qcolor(color))
            for origin, line in zip(origins, lines, strict=True):
                painter.drawText(origin, line.text)
    finally:
        painter.end()
    return to_bgra(image)


PLACEHOLDER_FILL = "#2B2B2B"
PLACEHOLDER_BORDER = "#F0A30A"  # warning amber
PLACEHOLDER_TEXT = "#EEEEEE"


@one_painter_at_a_time
def render_placeholder(width: int, height: int, title: str, message: str) -> np.ndarray:
    """An opaque box drawn in place of a failed source: dark grey, amber border, and the
    title and message shrunk until they fit (omitted when the box is too small)."""
    ensure_gui_app()
    width, height = max(1, min(width, MAX_RASTER_PX)), max(1, min(height, MAX_RASTER_PX))
    image = new_image(width, height)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(QRectF(0, 0, width, height), qcolor(PLACEHOLDER_FILL))
        border = max(1, min(width, height) // 40)
        pen = QPen(qcolor(PLACEHOLDER_BORDER), border)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(border / 2, border / 2, width - border, height - border))
        inner = QRectF(0, 0, width, height).adjusted(
            3 * border, 3 * border, -3 * border, -3 * border
        )
        if inner.width() > 8 and inner.height() > 6:
            _draw_fitted_text(painter, inner, title, message)
    finally:
        painter.end()
    return to_bgra(image)


def _draw_fitted_text(painter: QPainter, box: QRectF, title: str, message: str) -> None:
    flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
    size = max(4, int(min(box.height() / 4, box.width() / 10)))
    while size >= 4:
        title_font, body_font = QFont(DEFAULT_FONT_FAMILY), QFont(DEFAULT_FONT_FAMILY)
        title_font.setPixelSize(size)
        title_font.setBold(True)
        body_font.setPixelSize(max(4, int(size * 0.7)))
        wide = QRectF(0, 0, box.width(), 1e6)
        title_rect = QFontMetricsF(title_font).boundingRect(wide, flags, title)
        body_rect = QFontMetricsF(body_font).boundingRect(wide, flags, message)
        gap = size * 0.4 if message else 0.0
        total = title_rect.height() + gap + (body_rect.height() if message else 0.0)
        fits = title_rect.width() <= box.width() and body_rect.width() <= box.width()
        if fits and total <= box.height():
            top = box.top() + (box.height() - total) / 2
            painter.setPen(qcolor(PLACEHOLDER_BORDER))
            painter.setFont(title_font)
            painter.drawText(
                QRectF(box.left(), top, box.width(), title_rect.height()), flags, title
            )
            if message:
                painter.setPen(qcolor(PLACEHOLDER_TEXT))
                painter.setFont(body_font)
                body_top = top + title_rect.height() + gap
                painter.drawText(
                    QRectF(box.left(), body_top, box.width(), body_rect.height()), flags, message
                )
            return
        size = int(size * 0.85) if size > 5 else size - 1
