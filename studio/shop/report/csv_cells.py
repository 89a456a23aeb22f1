"""CSV cells that a spreadsheet shows as text, never runs.

Buyer names, product titles, SKUs and variants come from strangers (chat, the store). A cell
that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading one of those) is a formula to Excel, LibreOffice and Google
Sheets: ``=HYPERLINK(...)`` in a buyer's name would run when the seller opens the report. Such
a cell gets a leading apostrophe, the spreadsheets' own mark for "this is text" (OWASP's
advice for CSV injection). Numbers the studio writes itself are left alone.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str | None) -> str:
    """``value`` safe to open in a spreadsheet: unchanged unless it would start a formula."""
    text = value or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
