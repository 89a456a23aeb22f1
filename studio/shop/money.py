"""Money: an exact Decimal amount in an ISO 4217 currency. Never a float, anywhere.

Amounts are kept at the currency's minor unit (cents for USD, none for JPY) so that they can be
stored as integer minor units and summed exactly in SQL.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

# Currencies whose minor unit is not two digits; every other ISO code has two.
MINOR_DIGITS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0, "HUF": 2,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
AMOUNT_PATTERN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class MoneyError(ValueError):
    """An amount or currency that cannot be money (a float, too many decimals, not a number)."""


def minor_digits(currency: str) -> int:
    return MINOR_DIGITS.get(currency, 2)


def parse_amount(value: object) -> Decimal:
    """An exact Decimal from a Decimal, an int or a plain decimal string; floats are refused."""
    if isinstance(value, bool):
        raise MoneyError("an amount must be a number, not a boolean")
    if isinstance(value, float):
        raise MoneyError("floats are not accepted for money; give the amount as a string")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if not AMOUNT_PATTERN.match(text):
            raise MoneyError(f"{value!r} is not an amount")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:  # pragma: no cover - the pattern already checks
            raise MoneyError(f"{value!r} is not an amount") from error
    else:
        raise MoneyError(f"an amount must be a string or Decimal, not {type(value).__name__}")
    if not amount.is_finite():
        raise MoneyError("an amount must be finite")
    return amount


class Money(BaseModel):
    """An exact amount in one currency, e.g. ``Money.of("19.99", "USD")``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Decimal
    currency: str

    @field_validator("amount", mode="before")
    @classmethod
    def _exact_amount(cls, value: Any) -> Decimal:
        return parse_amount(value)

    @field_validator("currency", mode="before")
    @classmethod
    def _iso_currency(cls, value: Any) -> str:
        if not isinstance(value, str) or not CURRENCY_PATTERN.match(value.strip().upper()):
            raise MoneyError(f"{value!r} is not an ISO 4217 currency code")
        return value.strip().upper()

    @model_validator(mode="after")
    def _at_minor_unit(self) -> Money:
        digits = minor_digits(self.currency)
        try:
            quantized = self.amount.quantize(Decimal(1).scaleb(-digits))
        except InvalidOperation as error:
            raise MoneyError(f"{self.amount} is too large an amount") from error
        if quantized != self.amount:
            raise MoneyError(
                f"{self.amount} has more decimals than {self.currency} allows ({digits})"
            )
        object.__setattr__(self, "amount", quantized)
        return self

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        return cls(amount=parse_amount(amount), currency=currency)

    @classmethod
    def from_minor(cls, minor_units: int, currency: str) -> Money:
        if not isinstance(minor_units, int) or isinstance(minor_units, bool):
            raise MoneyError("minor units must be an int")
        code = currency.upper()
        return cls(amount=Decimal(minor_units).scaleb(-minor_digits(code)), currency=code)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls.from_minor(0, currency)

    @property
    def minor_units(self) -> int:
        return int(self.amount.scaleb(minor_digits(self.currency)))

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money.from_minor(self.minor_units + other.minor_units, self.currency)

    def __mul__(self, quantity: int) -> Money:
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            return NotImplemented
        return Money.from_minor(self.minor_units * quantity, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise MoneyError(f"cannot mix {self.currency} and {other.currency}")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
