"""Pictures of featured products, kept in the ledger: one PNG of at most 512 px per image.

Why in the database rather than in a folder beside it: the snapshot must outlive the product
and its image file (sellers delete both after a show), commit together with the interval that
names it, and travel with the ledger when the data folder is backed up or moved. At 512 px a
picture is tens to a few hundred KB, stored once per content (sha256) however often the
product is featured, and a product featured again reuses it without decoding its file (the
file's path, size and mtime are kept with it).

A picture that cannot be read (missing, broken, a web address) is simply not kept: featuring
never fails for it, as the on-stream card then shows no picture either.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass

import av
import numpy as np
from av.video.reformatter import Interpolation

from studio.shop.database import ShopDatabase

log = logging.getLogger(__name__)

MAX_PICTURE_PX = 512


@dataclass(frozen=True, slots=True)
class Picture:
    png: bytes
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.png).hexdigest()


def picture_of_file(path: str) -> Picture | None:
    """The file's first picture as a PNG at most MAX_PICTURE_PX on its longer side (never
    enlarged); None when it cannot be read."""
    try:
        with av.open(path) as container:
            if not container.streams.video:
                return None
            frame = next(container.decode(video=0), None)
            if frame is None:
                return None
            scale = min(1.0, MAX_PICTURE_PX / max(frame.width, frame.height))
            width = max(1, round(frame.width * scale))
            height = max(1, round(frame.height * scale))
            rgba = frame.reformat(
                width=width, height=height, format="rgba", interpolation=Interpolation.AREA
            ).to_ndarray()
        return Picture(encode_png(rgba), width, height)
    except (OSError, av.FFmpegError, ValueError, StopIteration) as error:
        log.info("no picture kept of %s: %s", path, error)
        return None


def encode_png(rgba: np.ndarray) -> bytes:
    height, width = rgba.shape[:2]
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgba"
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgba), format="rgba")
    packets = [*codec.encode(frame), *codec.encode(None)]
    return b"".join(bytes(packet) for packet in packets)


def keep_picture(database: ShopDatabase, image: str) -> int | None:
    """The id of the kept picture of the product image ``image`` (a local path), decoding
    and storing it unless this version of the file was kept before; None without one."""
    if not image or "://" in image:
        return None  # web addresses are not fetched (the card shows local files only)
    try:
        stat = os.stat(image)
    except OSError:
        return None
    rows = database.query(
        "SELECT id FROM featured_pictures WHERE source = ? AND source_mtime_ns = ?"
        " AND source_size = ? ORDER BY id DESC LIMIT 1",
        (image, stat.st_mtime_ns, stat.st_size),
    )
    if rows:
        return int(rows[0][0])
    picture = picture_of_file(image)  # outside the write lock: decoding takes a moment
    if picture is None:
        return None
    with database.transaction() as connection:
        connection.execute(
            "INSERT OR IGNORE INTO featured_pictures (sha256, png, width, height)"
            " VALUES (?, ?, ?, ?)",
            (picture.sha256, picture.png, picture.width, picture.height),
        )
        connection.execute(
            "UPDATE featured_pictures SET source = ?, source_mtime_ns = ?, source_size = ?"
            " WHERE sha256 = ?",
            (image, stat.st_mtime_ns, stat.st_size, picture.sha256),
        )
        row = connection.execute(
            "SELECT id FROM featured_pictures WHERE sha256 = ?", (picture.sha256,)
        ).fetchone()
    return int(row[0])


def picture_png(database: ShopDatabase, picture_id: int) -> bytes | None:
    rows = database.query("SELECT png FROM featured_pictures WHERE id = ?", (picture_id,))
    return bytes(rows[0][0]) if rows else None
