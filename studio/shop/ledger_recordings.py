"""The recordings of a show and the instant each began, so ledger times map to their times.

A recording's start is written as soon as its first frame is on disk (not when it closes):
a recording cut short by a crash still gets its chapters and clips from the ledger.
"""

from __future__ import annotations

from studio.shop.database import ShopDatabase
from studio.shop.ledger_model import LedgerError, ShowRecording, from_us

_COLUMNS = "id, show_id, canvas, path, started_us"


def add_recording(
    database: ShopDatabase, show_id: int, canvas: str, path: str, started_us: int
) -> ShowRecording:
    if not path:
        raise LedgerError("a recording needs the path of its file")
    with database.transaction() as connection:
        cursor = connection.execute(
            "INSERT INTO recordings (show_id, canvas, path, started_us) VALUES (?, ?, ?, ?)",
            (show_id, canvas, path, started_us),
        )
        recording_id = int(cursor.lastrowid or 0)
    return recordings(database, show_id, recording_id)[0]


def recordings(
    database: ShopDatabase, show_id: int, recording_id: int | None = None
) -> list[ShowRecording]:
    """The show's recordings by start (one, by id, when ``recording_id`` is given)."""
    where, parameters = "show_id = ?", [show_id]
    if recording_id is not None:
        where, parameters = f"{where} AND id = ?", [show_id, recording_id]
    rows = database.query(
        f"SELECT {_COLUMNS} FROM recordings WHERE {where} ORDER BY started_us, id", parameters
    )
    return [
        ShowRecording(
            id=row[0], show_id=row[1], canvas=row[2], path=row[3], started_at=from_us(row[4])
        )
        for row in rows
    ]
