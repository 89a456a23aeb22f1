"""`studio chat listen --show RUN_OF_SHOW`: the show's codes come from the run of show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from studio.cli.chat_command import codes_from_show
from studio.shop import Catalog, Money, Product, Variant

REPO = Path(__file__).resolve().parents[2]


def make_catalog(path: Path) -> None:
    with Catalog.open(path) as catalog:
        catalog.add(Product(id="mug", code="12", title="Mug", price=Money.of("14.50", "USD")))
        catalog.add(
            Product(
                id="tee",
                code="15",
                title="Tee",
                price=Money.of("20.00", "USD"),
                variants=[
                    Variant(sku="TEE-BM", options={"Colour": "Blue", "Size": "M"}, stock=1),
                    Variant(sku="TEE-RS", options={"Colour": "Red", "Size": "S"}, stock=1),
                ],
            )
        )
        catalog.add(Product(id="nocode", title="Gift card", price=Money.of("10", "USD")))


def run_of_show(path: Path, *products: str) -> Path:
    segments = [{"product": p, "planned_minutes": 2} for p in products]
    path.write_text(json.dumps({"format_version": 1, "segments": segments}))
    return path


def test_codes_and_variant_options_come_from_the_catalog(tmp_path: Path) -> None:
    make_catalog(tmp_path / "catalog.sqlite")
    show = run_of_show(tmp_path / "show.json", "mug", "15", "99")
    codes = codes_from_show(show, tmp_path / "catalog.sqlite")
    assert codes == {
        "12": [],
        "15": ["Blue", "M", "Red", "S", "TEE-BM", "TEE-RS"],
        "99": [],  # not in the catalog (yet): still a code viewers can claim
    }


def test_a_product_named_by_id_claims_by_its_show_code(tmp_path: Path) -> None:
    make_catalog(tmp_path / "catalog.sqlite")
    with Catalog.open(tmp_path / "catalog.sqlite") as catalog:
        gift = catalog.get("nocode")
    assert gift is not None and gift.code  # the catalog gives every product a code
    show = run_of_show(tmp_path / "show.json", "nocode")
    assert codes_from_show(show, tmp_path / "catalog.sqlite") == {gift.code: []}


def test_a_bad_run_of_show_is_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken-show.json"
    bad.write_text('{"format_version": 1, "segments": [{"product": "12"}]}')
    result = subprocess.run(
        [sys.executable, "-m", "studio", "chat", "listen", "--irc", "irc://127.0.0.1:1/#shop",
         "--show", str(bad), "--catalog", str(tmp_path / "catalog.sqlite"), "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert str(bad) in result.stderr and "segments[0].planned_minutes" in result.stderr
    assert result.stdout == ""
