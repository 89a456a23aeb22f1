"""Reading a product file as text and as CSV rows that know their physical line numbers."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 200 * 1024 * 1024
csv.field_size_limit(16 * 1024 * 1024)


class UnreadableFileError(ValueError):
    """The file cannot be read as a product file at all (missing, binary, unknown format)."""


@dataclass
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes) -> DecodedText:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableFileError(f"broken UTF-16 text: {error.reason}") from error
    if b"\x00" in data[:4096]:
        raise UnreadableFileError("this is not a text file (it contains NUL bytes)")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    warning = "the file is not UTF-8; read it as Windows-1252 (check accented letters)"
    try:
        return DecodedText(data.decode("cp1252"), "cp1252", [warning])
    except UnicodeDecodeError:
        latin = "the file is not UTF-8; read it as Latin-1 (check accented letters)"
        return DecodedText(data.decode("latin-1"), "latin-1", [latin])


def read_text(path: Path) -> DecodedText:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableFileError(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(f"{path}: {error.strerror or error}") from error
    return decode_bytes(data)


@dataclass
class CsvRow:
    line: int  # physical line in the file where the row starts (1 = header line)
    end_line: int
    cells: dict[str, str]


@dataclass
class CsvTable:
    header: list[str]
    rows: list[CsvRow]
    problems: list[tuple[int, str]]  # rows that could not be split into cells


def sniff_delimiter(first_line: str) -> str:
    """Excel's "Unicode text" is tab-separated and European Excel uses semicolons."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(text: str) -> CsvTable:
    """Rows as dicts by header name, each with the physical line it starts on: a quoted cell
    may span lines, so line numbers follow the file, not the row count."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    header: list[str] = []
    rows: list[CsvRow] = []
    problems: list[tuple[int, str]] = []
    consumed = 0
    for cells in _rows(reader, problems):
        line, consumed = consumed + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if not header:
            header = [cell.strip() for cell in cells]
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append((line, f"{len(cells)} cells but the header has {len(header)}"))
            continue
        padded = cells + [""] * (len(header) - len(cells))
        rows.append(CsvRow(line, consumed, dict(zip(header, padded, strict=False))))
    return CsvTable(header, rows, problems)


def _rows(reader: Any, problems: list[tuple[int, str]]) -> Iterator[list[str]]:
    """The reader's rows; a row the csv module cannot split ends the table with a problem."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append((reader.line_num, f"cannot read the rest of the file: {error}"))
            return
        yield cells
