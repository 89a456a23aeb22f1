"""The ledger remembers what was featured as it was then (code, title, price, link, a small
copy of its picture) and when each recording of a show began; a database of the previous
schema is migrated, its old intervals titled from the catalog where it still can."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta
from pathlib import Path

import av
import pytest

from studio.shop import Catalog, Ledger, LedgerError, Money, Product
from studio.shop.database import MIGRATIONS, ShopDatabase
from studio.shop.ledger_model import FeaturedProduct
from studio.shop.ledger_pictures import MAX_PICTURE_PX
from tests.shop.helpers import START, ledger_for, stocked_catalog, usd
from tests.support.scenes import solid_png

GREEN = (20, 200, 40)


def picture_size_and_colour(png: bytes) -> tuple[tuple[int, int], tuple[int, int, int]]:
    with av.open(io.BytesIO(png), "r") as container:
        frame = next(container.decode(video=0))
        rgb = frame.to_ndarray(format="rgb24")
    middle = rgb[rgb.shape[0] // 2, rgb.shape[1] // 2]
    return (frame.width, frame.height), (int(middle[0]), int(middle[1]), int(middle[2]))


def test_a_featured_product_is_kept_as_it_was_even_once_deleted(tmp_path: Path) -> None:
    catalog = stocked_catalog(tmp_path)
    picture = solid_png(tmp_path / "lamp.png", 1200, 900, GREEN)
    catalog.add(Product(id="lamp", code="7", title="Desk Lamp", price=usd("39.00"), stock=3,
                        image=str(picture), url="https://shop.example/lamp"))  # fmt: skip
    ledger, clock = ledger_for(catalog)
    show = ledger.start_show("Friday", "USD")
    ledger.feature(show.id, "lamp")
    clock.advance(30)
    ledger.set_live_price(show.id, lambda product: usd("29.00"))  # a flash deal from here
    ledger.feature(show.id, "lamp")
    clock.advance(30)
    ledger.feature(show.id, "gone")  # not in the catalog: featured all the same, no snapshot
    ledger.clear_feature(show.id)

    catalog.delete("lamp")
    picture.unlink()
    first, second, unknown = ledger.featured_intervals(show.id)
    assert first.product == FeaturedProduct(
        code="7", title="Desk Lamp", price=usd("39.00"), url="https://shop.example/lamp",
        picture_id=first.product.picture_id if first.product else None,
    )  # fmt: skip
    assert second.product is not None and second.product.price == usd("29.00")
    assert unknown.product_id == "gone" and unknown.product is None
    assert first.start == START and first.end == START + timedelta(seconds=30)

    # One small copy of the picture, shared by both intervals, outliving the file.
    assert first.product is not None and first.product.picture_id is not None
    assert second.product.picture_id == first.product.picture_id
    png = ledger.featured_picture(first.product.picture_id)
    assert png is not None
    size, colour = picture_size_and_colour(png)
    assert size == (MAX_PICTURE_PX, 384)
    assert all(abs(a - b) <= 4 for a, b in zip(colour, GREEN, strict=True)), colour
    assert ledger.database.query("SELECT COUNT(*) FROM featured_pictures")[0][0] == 1
    assert ledger.featured_picture(9999) is None


def test_a_missing_or_broken_picture_never_stops_featuring(tmp_path: Path) -> None:
    catalog = stocked_catalog(tmp_path)
    (tmp_path / "broken.png").write_bytes(b"not a picture")
    catalog.add(Product(id="a", code="8", title="A", price=usd("1"), image=str(tmp_path / "x.png")))
    catalog.add(Product(id="b", code="9", title="B", price=usd("1"),
                        image=str(tmp_path / "broken.png")))  # fmt: skip
    catalog.add(Product(id="c", code="10", title="C", price=usd("1"),
                        image="https://cdn.example/c.png"))  # fmt: skip
    ledger, _ = ledger_for(catalog)
    show = ledger.start_show("Friday", "USD")
    for product_id in ("a", "b", "c"):
        ledger.feature(show.id, product_id)
    snapshots = [interval.product for interval in ledger.featured_intervals(show.id)]
    assert [s.title if s else None for s in snapshots] == ["A", "B", "C"]
    assert [s.picture_id if s else 0 for s in snapshots] == [None, None, None]


def test_recordings_of_a_show_and_when_each_began(tmp_path: Path) -> None:
    ledger, _ = ledger_for(stocked_catalog(tmp_path))
    show = ledger.start_show("Friday", "USD")
    later = ledger.add_recording(show.id, "vertical", "/videos/v.mkv", START + timedelta(seconds=2))
    first = ledger.add_recording(show.id, "main", "/videos/show.mkv", START)
    assert ledger.recordings(show.id) == [first, later]
    assert (first.canvas, first.path, first.started_at) == ("main", "/videos/show.mkv", START)
    assert ledger.recordings(show.id + 1) == []
    with pytest.raises(LedgerError, match="no show"):
        ledger.add_recording(show.id + 1, "main", "/videos/x.mkv", START)
    with pytest.raises(LedgerError, match="path"):
        ledger.add_recording(show.id, "main", "", START)


def old_database(path: Path) -> None:
    """A shop database as the previous version (schema 3) left it: a show that featured the
    mug (still in the catalog) and a scarf deleted since."""
    connection = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        for statement in migration:
            connection.execute(statement)
    document = Product(id="mug", code="12", title="Enamel Mug", price=Money.of("14.50", "EUR"),
                       url="https://shop.example/mug").model_dump_json()  # fmt: skip
    connection.execute(
        "INSERT INTO products (id, code, title, search_text, currency, price_minor, stock,"
        " document, position) VALUES ('mug', '12', 'Enamel Mug', 'enamel mug', 'EUR', 1450,"
        " 3, ?, 1)",
        (document,),
    )
    connection.execute(
        "INSERT INTO shows (name, started_at_us, currency) VALUES ('Old show', 1000000, 'EUR')"
    )
    connection.execute(
        "INSERT INTO featured_intervals (show_id, product_id, from_us, to_us) VALUES"
        " (1, 'mug', 1000000, 2000000), (1, 'scarf', 2000000, NULL)"
    )
    connection.execute("PRAGMA user_version=3")
    connection.commit()
    connection.close()


def test_a_database_of_the_previous_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    old_database(path)
    database = ShopDatabase(path)
    assert database.schema_version == len(MIGRATIONS) == 4
    with Catalog(database) as catalog:
        ledger = Ledger(catalog)
        mug, scarf = ledger.featured_intervals(1)
        assert mug.product == FeaturedProduct(
            code="12", title="Enamel Mug", price=Money.of("14.50", "EUR"),
            url="https://shop.example/mug", picture_id=None,
        )  # fmt: skip
        assert scarf.product_id == "scarf" and scarf.product is None and scarf.end is None
        assert ledger.recordings(1) == []
        recording = ledger.add_recording(1, "main", "/videos/old.mkv", mug.start)
        assert ledger.recordings(1) == [recording]
