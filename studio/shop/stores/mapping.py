"""Reading store JSON into our types: a missing or odd field is a MappingError naming it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, TypeVar

from pydantic import ValidationError

from studio.shop.money import Money, MoneyError, minor_digits, parse_amount
from studio.shop.stores.errors import StoreError


class MappingError(ValueError):
    """Why one product or order from the store could not be read."""


def field(node: Any, name: str) -> Any:
    if not isinstance(node, dict) or node.get(name) is None:
        raise MappingError(f"{name} is missing")
    return node[name]


def text(node: Any, name: str) -> str:
    value = node.get(name) if isinstance(node, dict) else None
    return value.strip() if isinstance(value, str) else ""


def money(value: Any, currency: str, name: str, *, round_to_minor: bool = False) -> Money:
    """Money from a decimal string (or a Decimal that JSON parsing made): never a float."""
    try:
        amount = parse_amount(value)
        if round_to_minor:  # a store's computed unit price may carry more decimals
            step = Decimal(1).scaleb(-minor_digits(currency.upper()))
            amount = amount.quantize(step, rounding=ROUND_HALF_EVEN)
        return Money.of(amount, currency)
    except (MoneyError, ValidationError, ArithmeticError) as error:
        raise MappingError(f"{name}: {value!r} is not a price in {currency}") from error


def stock(value: Any) -> int:
    """A stock count; untracked (null) and oversold (negative) counts become 0."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise MappingError(f"stock {value!r} is not a whole number")
    return max(0, value)


def parse_time(value: Any) -> datetime:
    """An ISO 8601 time; one without a zone is taken as UTC (WooCommerce's *_gmt fields)."""
    if not isinstance(value, str):
        raise MappingError(f"time {value!r} is not text")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise MappingError(f"time {value!r} is not ISO 8601") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_problem(node: Any, error: Exception, what: str = "product") -> str:
    """``product 123: price is missing`` — the store's id and the reason, one line."""
    ident = node.get("id") if isinstance(node, dict) else None
    if isinstance(error, ValidationError):
        details = error.errors()
        location = ".".join(str(p) for p in details[0]["loc"]) if details else ""
        message = details[0]["msg"] if details else "invalid"
        reason = f"{location}: {message}" if location else message
    elif isinstance(error, MappingError | MoneyError):
        reason = str(error)
    else:
        reason = f"unreadable ({type(error).__name__})"
    return f"{what} {ident if ident is not None else '?'}: {reason}"


T = TypeVar("T")


def read_records(
    records: Iterable[Any], read: Callable[[Any], T], what: str = "product"
) -> tuple[list[T], list[str]]:
    """Each record through ``read``; one that cannot be read is skipped with a one-line
    problem (``read_problem``), the others kept. A StoreError still ends the sync."""
    kept: list[T] = []
    problems: list[str] = []
    for record in records:
        try:
            kept.append(read(record))
        except StoreError:
            raise
        except Exception as error:
            problems.append(read_problem(record, error, what))
    return kept, problems
