"""The end-of-show report and the `studio catalog` / `studio report` commands as processes."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import av

from studio.shop import Catalog, Ledger
from studio.shop.importing import import_file
from studio.shop.report import write_report
from tests.shop.helpers import DATA, ledger_for

REPO = Path(__file__).resolve().parents[2]


def studio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True, text=True, timeout=60, cwd=REPO, env={**os.environ},
    )  # fmt: skip


def test_money_stays_decimal_from_import_to_report(tmp_path: Path) -> None:
    catalog = Catalog.open(folder=tmp_path)
    report = import_file(DATA / "shopify_products.csv", catalog)
    for product in report.imported:
        assert isinstance(product.price.amount, Decimal)
    ledger, clock = ledger_for(catalog)
    show = ledger.start_show("Big", "USD")
    ledger.feature(show.id, "shopify-gold-ring")
    ledger.record_sale(show.id, "shopify-gold-ring", 3)
    clock.advance(200)
    ledger.claim(show.id, "2", 1, "ann")
    files = write_report(ledger, show.id, tmp_path / "report")
    rows = list(csv.DictReader(files.totals_csv.open()))
    assert rows[-1]["revenue"] == "300000000014.47"  # exact: a float would round
    ledger_rows = list(csv.DictReader(files.ledger_csv.open()))
    assert ledger_rows[0]["unit_price"] == "99999999999.99"
    with av.open(str(files.chart_png)) as container:
        frame = next(container.decode(video=0))
        assert frame.width == 960
    assert "$300,000,000,014.47" in files.summary_html.read_text()


def test_cli_import_list_and_report(tmp_path: Path) -> None:
    db = str(tmp_path / "catalog.sqlite")
    result = studio("catalog", "import", str(DATA / "shopify_bad_rows.csv"), "--catalog", db)
    assert result.returncode == 0, result.stderr
    assert "imported 2 product(s), skipped 4 row(s)" in result.stdout
    assert "skipped line 3: Variant Price" in result.stdout
    listing = studio("catalog", "list", "--json", "--catalog", db)
    products = json.loads(listing.stdout)
    assert products[0]["price"] == {"amount": "29.90", "currency": "USD"}
    nothing = tmp_path / "nothing.csv"
    nothing.write_text("title,price\n,\n")
    assert studio("catalog", "import", str(nothing), "--catalog", db).returncode == 1
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\x01\x02")
    assert studio("catalog", "import", str(garbage), "--catalog", db).returncode == 2
    with Catalog.open(Path(db)) as catalog:
        Ledger(catalog).start_show("Friday Night", "USD")
    report = studio("report", "friday night", "--catalog", db, "--folder", str(tmp_path / "r"))
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "r" / "sales.png").is_file()
    assert (tmp_path / "r" / "report.pdf").read_bytes().startswith(b"%PDF-")
