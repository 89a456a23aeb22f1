"""Money stays exact and the catalog keeps products, codes and search."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from studio.shop import Catalog, CatalogError, Money, MoneyError, Product, format_money
from studio.shop.database import MIGRATIONS
from tests.shop.helpers import stocked_catalog, usd


def test_format_money_per_locale() -> None:
    assert format_money(usd("1234.5"), "en_US") == "$1,234.50"
    assert format_money(Money.of("1234.5", "EUR"), "de_DE") == "1.234,50\u00a0€"
    assert format_money(Money.of("1234.5", "EUR"), "fr_FR") == "1\u202f234,50\u00a0€"
    assert format_money(Money.of("1500", "JPY"), "ja_JP") == "￥1,500"


def test_floats_are_refused_and_json_round_trips_as_strings() -> None:
    with pytest.raises((MoneyError, ValidationError)):
        Money.of(19.99, "USD")
    with pytest.raises(ValidationError):
        Money.model_validate({"amount": 19.99, "currency": "USD"})
    with pytest.raises(ValidationError):
        Product(title="x", price=usd("1"), stock=1.0)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Money.of("1.005", "USD")
    huge = Money.of("99999999999.99", "USD")
    assert huge.minor_units == 9999999999999
    text = huge.model_dump_json()
    assert text == '{"amount":"99999999999.99","currency":"USD"}'
    assert Money.model_validate_json(text).amount == Decimal("99999999999.99")


def test_catalog_assigns_codes_searches_and_edits(tmp_path: Path) -> None:
    catalog = stocked_catalog(tmp_path)
    assert [p.code for p in catalog.products()] == ["1", "2"]
    assert catalog.database.path == tmp_path / "catalog.sqlite"
    assert [p.id for p in catalog.search("mUg")] == ["mug"]
    assert [p.id for p in catalog.search("tee-m")] == ["tee"]
    assert catalog.by_code("2") is not None
    with pytest.raises(CatalogError):
        catalog.add(Product(title="Other", price=usd("1"), code="1"))
    mug = catalog.get("mug")
    assert mug is not None
    catalog.update(mug.model_copy(update={"title": "Écharpe"}))
    assert [p.id for p in catalog.search("ÉCHARPE")] == ["mug"]
    assert catalog.delete("mug") and catalog.get("mug") is None
    catalog.close()
    reopened = Catalog.open(folder=tmp_path)
    assert reopened.database.schema_version == len(MIGRATIONS)
    assert [p.id for p in reopened.products()] == ["tee"]
    assert reopened.get("tee").stock == 1  # type: ignore[union-attr]
