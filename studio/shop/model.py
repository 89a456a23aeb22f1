"""The catalog's documents: a Product with its Variants, validated with pydantic.

Prices are Money (exact Decimal + currency, floats refused); stock is a strict int ≥ 0. A product
with variants holds its stock in the variants; its own ``stock`` is then their sum.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from studio.shop.money import Money

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,15}$")
Stock = Annotated[int, Field(ge=0, strict=True)]


def new_product_id() -> str:
    return uuid.uuid4().hex[:16]


def _no_floats(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError("floats are not accepted here; use an int or a decimal string")
    return value


class Variant(BaseModel):
    """One purchasable variant: its own SKU, options (colour, size…), price and stock."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    sku: str = ""
    options: dict[str, str] = Field(default_factory=dict)
    price: Money | None = None  # None: the product's price
    compare_at_price: Money | None = None
    stock: Stock = 0
    image: str = ""

    _reject_floats = field_validator("stock", mode="before")(_no_floats)

    @property
    def title(self) -> str:
        """``Red / M``: the option values, as shops show them."""
        return " / ".join(self.options.values()) or self.sku

    def matches(self, text: str) -> bool:
        wanted = text.strip().casefold()
        candidates = [self.sku, self.title, *self.options.values()]
        return any(c.casefold() == wanted for c in candidates if c)


class Product(BaseModel):
    """A product as the host sells it in a show, identified on air by its ``code``."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    id: str = Field(default_factory=new_product_id, min_length=1, max_length=200)
    sku: str = ""
    title: str = Field(min_length=1)
    description: str = ""
    price: Money
    compare_at_price: Money | None = None
    variants: list[Variant] = Field(default_factory=list)
    stock: Stock = 0
    image: str = ""  # path or URL of the main image
    images: list[str] = Field(default_factory=list)  # further images
    url: str = ""
    code: str | None = None  # the show code viewers type ("SOLD 12"); assigned when missing

    _reject_floats = field_validator("stock", mode="before")(_no_floats)

    @field_validator("title")
    @classmethod
    def _clean_title(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("a product needs a title")
        return value

    @field_validator("code")
    @classmethod
    def _valid_code(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        value = value.strip()
        if not CODE_PATTERN.match(value):
            raise ValueError("a show code is 1–16 letters, digits or dashes, e.g. '12'")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Product:
        currency = self.price.currency
        prices = [self.compare_at_price]
        for variant in self.variants:
            prices += [variant.price, variant.compare_at_price]
        for price in prices:
            if price is not None and price.currency != currency:
                raise ValueError(f"all prices must be in {currency}, found {price.currency}")
        if self.variants:
            self.stock = sum(v.stock for v in self.variants)
        return self

    def variant_price(self, variant: Variant | None) -> Money:
        if variant is not None and variant.price is not None:
            return variant.price
        return self.price

    def find_variant(self, text: str) -> Variant | None:
        return next((v for v in self.variants if v.matches(text)), None)
