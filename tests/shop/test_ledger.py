"""The sales ledger: claims first come first served, waitlist, merges, durable totals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

from studio.shop import Catalog, ClaimStatus, EntrySource, Ledger
from tests.shop.helpers import ledger_for, stocked_catalog, usd

REPO = Path(__file__).resolve().parents[2]


def test_claims_first_come_first_served_then_waitlist(tmp_path: Path) -> None:
    ledger, clock = ledger_for(stocked_catalog(tmp_path))
    show = ledger.start_show("Friday", "USD")
    first = ledger.claim(show.id, "1", 1, "ann", external_id="c1")
    second = ledger.claim(show.id, "1", 1, "bob", external_id="c2")
    third = ledger.claim(show.id, "1", 1, "cat", external_id="c3")
    assert [r.status for r in (first, second, third)] == ["sold", "sold", "waitlisted"]
    assert ledger.claim(show.id, "1", 1, "ann", external_id="c1").status is ClaimStatus.DUPLICATE
    assert ledger.claim(show.id, "99", 1, "ann").status is ClaimStatus.UNKNOWN_CODE
    assert ledger.catalog.get("mug").stock == 0  # type: ignore[union-attr]
    merged = ledger.claim(show.id, "1", 2, "CAT", external_id="c4")
    assert merged.merged and merged.entry is not None and merged.entry.quantity == 3
    assert ledger.claim(show.id, "1", 1, "x", external_id="c4").status == "duplicate"
    # Variants: named by option value or SKU; unnamed on a multi-variant product is refused.
    assert ledger.claim(show.id, "2", 1, "dan").status is ClaimStatus.UNKNOWN_VARIANT
    clock.advance(70)
    sold = ledger.claim(show.id, "2", 1, "dan", variant="s")
    assert sold.status == "sold" and sold.entry is not None and sold.entry.sku == "TEE-S"
    assert ledger.claim(show.id, "2", 1, "eve", variant="TEE-M").status == "waitlisted"
    totals = ledger.totals(show.id)
    assert totals.units == 3 and totals.revenue == usd("49.00")
    assert isinstance(totals.revenue.amount, Decimal)
    by_product = {t.product_id: t for t in totals.products}
    assert by_product["mug"].waitlisted_units == 3 and by_product["tee"].waitlisted_units == 1
    buckets = ledger.sales_over_time(show.id, 60)
    assert [(b.units, str(b.revenue.amount)) for b in buckets] == [(2, "29.00"), (1, "20.00")]


def test_cancel_restocks_and_platform_orders_dedup(tmp_path: Path) -> None:
    ledger, _ = ledger_for(stocked_catalog(tmp_path))
    show = ledger.start_show("Sat", "USD")
    order = ledger.record_sale(
        show.id, "mug", 1, source=EntrySource.PLATFORM_ORDER, external_id="o1"
    )
    again = ledger.record_sale(
        show.id, "mug", 1, source=EntrySource.PLATFORM_ORDER, external_id="o1"
    )
    assert order.status == "sold" and again.status == "duplicate"
    assert ledger.catalog.get("mug").stock == 1  # type: ignore[union-attr]
    assert order.entry is not None
    ledger.cancel(order.entry.id)
    assert ledger.catalog.get("mug").stock == 2  # type: ignore[union-attr]
    assert ledger.totals(show.id).units == 0


def test_featured_intervals(tmp_path: Path) -> None:
    ledger, clock = ledger_for(stocked_catalog(tmp_path))
    show = ledger.start_show("Sun", "USD")
    ledger.feature(show.id, "mug")
    clock.advance(30)
    ledger.feature(show.id, "tee")
    clock.advance(30)
    ledger.clear_feature(show.id)
    intervals = ledger.featured_intervals(show.id)
    assert [(i.product_id, (i.end - i.start).seconds) for i in intervals if i.end] == [
        ("mug", 30),
        ("tee", 30),
    ]


WRITER = """
import sys
from pathlib import Path
from studio.shop import Catalog, Ledger
catalog = Catalog.open(folder=Path(sys.argv[1]))
ledger = Ledger(catalog)
show_id = int(sys.argv[2])
n = 0
while True:
    ledger.record_sale(show_id, "mug", 1, external_id=f"o{n}")
    n += 1
    print(n, flush=True)
"""


def test_totals_survive_a_killed_writer(tmp_path: Path) -> None:
    catalog = stocked_catalog(tmp_path)
    ledger = Ledger(catalog)
    show = ledger.start_show("Crash", "USD")
    catalog.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WRITER), str(tmp_path), str(show.id)],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ},
    )  # fmt: skip
    assert writer.stdout is not None
    for _ in range(25):
        writer.stdout.readline()
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    with Catalog.open(folder=tmp_path) as reopened:
        ledger = Ledger(reopened)
        entries = ledger.entries(show.id)
        totals = ledger.totals(show.id)
        assert len(entries) >= 25
        assert totals.units == sum(e.quantity for e in entries)
        assert totals.revenue == usd("14.50") * len(entries)
