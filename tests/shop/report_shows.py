"""Shows for the report tests: a realistic one and one a hostile catalog would make."""

from __future__ import annotations

from pathlib import Path

from studio.shop import Catalog, Ledger, Product
from studio.shop.report import ShowWindow
from tests.shop.helpers import START, FakeClock, usd

# A title that is long, right-to-left, has emoji and dollar signs matplotlib would read as
# mathtext, and a line break.
HOSTILE_TITLES = {
    "rtl": "כובע צמר 🧶 חורף — מבצע $5 $\\alpha$ " * 3,
    "math": "2 for $30 $$ \\frac{1}{2} ^_^ price",
    "long": "Super " * 30 + "Mug\nwith a line break",
}


def realistic_show(folder: Path) -> tuple[Ledger, int, ShowWindow]:
    """Three products featured in turn, 20 sales over 30 minutes of a show that went on air
    10 minutes after the studio opened (the ledger's show started then)."""
    catalog = Catalog.open(folder=folder)
    for product_id, title, price in [
        ("mug", "Enamel Mug", "14.50"),
        ("socks", "Wool Socks", "9.99"),
        ("scarf", "Silk Scarf", "39.00"),
    ]:
        catalog.add(Product(id=product_id, title=title, price=usd(price), stock=100))
    clock = FakeClock()
    ledger = Ledger(catalog, clock=clock)
    show = ledger.start_show("Friday Night", "USD")  # the studio opens
    clock.advance(600)
    on_air_start = clock()
    plan = ["mug"] * 7 + ["socks"] * 8 + ["scarf"] * 5
    for index, product_id in enumerate(plan):
        if index in (0, 7, 15):
            ledger.feature(show.id, product_id)
            clock.advance(20)
        clock.advance(80)
        ledger.record_sale(show.id, product_id, 1 + index % 2)
    clock.advance(1800 - (clock() - on_air_start).total_seconds())
    ledger.clear_feature(show.id)
    return ledger, show.id, ShowWindow(on_air_start, clock())


def hostile_show(folder: Path) -> tuple[Ledger, int, FakeClock]:
    catalog = Catalog.open(folder=folder)
    for product_id, title in HOSTILE_TITLES.items():
        catalog.add(Product(id=product_id, title=title, price=usd("1234.50"), stock=50))
    clock = FakeClock()
    ledger = Ledger(catalog, clock=clock)
    show = ledger.start_show("<b>Night</b> $x$ 🎉", "USD")
    clock.advance(3600)  # an hour of the studio open before anything happens
    for product_id in HOSTILE_TITLES:
        ledger.feature(show.id, product_id)
        clock.advance(200)
        ledger.record_sale(show.id, product_id, 3)
        clock.advance(100)
    return ledger, show.id, clock


__all__ = ["HOSTILE_TITLES", "START", "hostile_show", "realistic_show"]
