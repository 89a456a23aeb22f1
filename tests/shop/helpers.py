"""Builders shared by the shop tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from studio.shop import Catalog, Ledger, Money, Product, Variant

DATA = Path(__file__).parent / "data"
START = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def stocked_catalog(folder: Path) -> Catalog:
    catalog = Catalog.open(folder=folder)
    catalog.add(Product(id="mug", title="Enamel Mug", sku="MUG", price=usd("14.50"), stock=2))
    catalog.add(
        Product(
            id="tee",
            title="Tee",
            price=usd("20.00"),
            variants=[
                Variant(sku="TEE-S", options={"Size": "S"}, stock=1),
                Variant(sku="TEE-M", options={"Size": "M"}, price=usd("22.00"), stock=0),
            ],
        )
    )
    return catalog


def ledger_for(catalog: Catalog) -> tuple[Ledger, FakeClock]:
    clock = FakeClock()
    return Ledger(catalog, clock=clock), clock
