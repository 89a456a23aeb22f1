"""Product files as stores write them: formats, bad rows with line numbers, encodings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.shop import Catalog
from studio.shop.importing import import_file, parse_product_text, read_product_file
from studio.shop.importing.text import UnreadableFileError, decode_bytes
from tests.shop.helpers import DATA


def test_shopify_variants_on_continuation_rows() -> None:
    parsed = read_product_file(DATA / "shopify_products.csv")
    assert parsed.format == "shopify" and parsed.skipped == []
    hoodie, mug, ring = parsed.products
    assert hoodie.title == "Classic Hoodie, Organic"
    assert "\n<li>Machine wash" in hoodie.description
    assert [v.sku for v in hoodie.variants] == ["HOOD-RED-M", "HOOD-RED-L", "HOOD-BLU-M"]
    assert hoodie.variants[1].options == {"Colour": "Red", "Size": "L"}
    assert hoodie.stock == 8 and hoodie.variants[1].stock == 0
    assert len(hoodie.images) == 2 and hoodie.image.endswith("hoodie-red.jpg")
    assert mug.variants == [] and mug.sku == "MUG-01" and mug.stock == 12
    assert ring.price.amount == Decimal("99999999999.99") and ring.stock == 0
    assert [str(w) for w in parsed.warnings] == ["line 9: Gold Ring: no image"]


def test_bad_rows_are_skipped_with_physical_line_numbers() -> None:
    parsed = read_product_file(DATA / "shopify_bad_rows.csv")
    assert [p.title for p in parsed.products] == ["Silk Scarf", "Wool Socks"]
    assert [p.line for p in parsed.skipped] == [3, 5, 6, 7]  # line 3 spans two lines
    assert "Variant Price" in parsed.skipped[0].reason
    assert [p.line for p in parsed.warnings] == [8]  # oversold stock becomes 0


def test_woocommerce_variable_products_with_variations() -> None:
    parsed = read_product_file(DATA / "woocommerce_products.csv")
    assert parsed.format == "woocommerce"
    tee, cap, gift = parsed.products
    assert [v.options for v in tee.variants] == [
        {"Colour": "Black", "Size": "S"},
        {"Colour": "White", "Size": "M"},
    ]
    sale = tee.variants[1]
    assert sale.price is not None and sale.price.amount == Decimal("19.50")
    assert sale.compare_at_price is not None and sale.compare_at_price.amount == Decimal("25.00")
    assert tee.images == ["https://shop.example/wp-content/uploads/tee-back.jpg"]
    assert cap.title == "Café Cap" and cap.price.amount == Decimal("18.50")
    assert gift.stock == 100
    assert [(p.line, p.reason[:20]) for p in parsed.skipped] == [
        (8, "product type 'groupe"),
        (9, "its parent 'id:99' i"),
    ]


def test_encodings_and_missing_images(tmp_path: Path) -> None:
    latin = read_product_file(DATA / "native_cp1252.csv")
    utf16 = read_product_file(DATA / "native_utf16.csv")
    assert latin.encoding == "cp1252" and "Windows-1252" in latin.warnings[0].reason
    assert utf16.encoding == "utf-16"
    assert [p.title for p in latin.products] == [p.title for p in utf16.products]
    assert latin.products[0].title == "Écharpe rouge" and latin.products[1].stock == 0
    assert decode_bytes("\ufeffa".encode()).text == "a"
    path = tmp_path / "p.json"
    path.write_text('{"products": [{"title": "X", "price": "1", "image": "gone.png"}]}')
    parsed = read_product_file(path)
    assert len(parsed.products) == 1 and "image not found" in parsed.warnings[0].reason


def test_import_into_catalog_keeps_codes_on_reimport(tmp_path: Path) -> None:
    with Catalog.open(folder=tmp_path) as catalog:
        first = import_file(DATA / "woocommerce_products.csv", catalog, "EUR")
        again = import_file(DATA / "woocommerce_products.csv", catalog, "EUR")
        assert [p.code for p in first.imported] == [p.code for p in again.imported]
        assert len(catalog) == 3 and catalog.products()[1].price.currency == "EUR"


def test_unknown_format_is_unreadable() -> None:
    try:
        parse_product_text("a,b\n1,2\n")
    except UnreadableFileError:
        return
    raise AssertionError("expected UnreadableFileError")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list('ab,"\n\r;\t1.-x ')), max_size=200))
def test_csv_parser_never_crashes(body: str) -> None:
    for header in ("title,price,stock\n", "Handle,Title,Variant Price,Option1 Value\n"):
        try:
            parsed = parse_product_text(header + body)
        except UnreadableFileError:
            continue
        assert all(p.line >= 0 for p in parsed.skipped)
