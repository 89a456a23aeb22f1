"""`format_money(money, locale)`: money as a viewer in that locale expects to read it.

A small table of common locales instead of a full CLDR library: separators, where the symbol
goes, and the symbols of common currencies. Unknown locales fall back by language, then en_US.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from studio.shop.money import Money, minor_digits

NBSP = "\u00a0"
NNBSP = "\u202f"


@dataclass(frozen=True)
class LocaleStyle:
    group: str
    decimal: str
    symbol_after: bool
    symbols: dict[str, str]


EN_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$",
              "AUD": "A$", "CNY": "CN¥", "KRW": "₩", "BRL": "R$", "MXN": "MX$"}  # fmt: skip
EURO_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF"}

LOCALES: dict[str, LocaleStyle] = {
    "en_US": LocaleStyle(",", ".", False, EN_SYMBOLS),
    "en_GB": LocaleStyle(",", ".", False, {**EN_SYMBOLS, "USD": "US$"}),
    "en_CA": LocaleStyle(",", ".", False, {**EN_SYMBOLS, "CAD": "$", "USD": "US$"}),
    "en_AU": LocaleStyle(",", ".", False, {**EN_SYMBOLS, "AUD": "$", "USD": "US$"}),
    "en_IN": LocaleStyle(",", ".", False, EN_SYMBOLS),
    "de_DE": LocaleStyle(".", ",", True, EURO_SYMBOLS),
    "de_AT": LocaleStyle(NBSP, ",", False, EURO_SYMBOLS),
    "de_CH": LocaleStyle("’", ".", False, EURO_SYMBOLS),
    "fr_FR": LocaleStyle(NNBSP, ",", True, {**EURO_SYMBOLS, "USD": "$US"}),
    "fr_CA": LocaleStyle(NBSP, ",", True, {**EURO_SYMBOLS, "CAD": "$", "USD": "$ US"}),
    "es_ES": LocaleStyle(".", ",", True, {**EURO_SYMBOLS, "USD": "US$"}),
    "es_MX": LocaleStyle(",", ".", False, {"MXN": "$", "USD": "USD", "EUR": "EUR"}),
    "it_IT": LocaleStyle(".", ",", True, {**EURO_SYMBOLS, "USD": "USD"}),
    "nl_NL": LocaleStyle(".", ",", False, {**EURO_SYMBOLS, "USD": "US$"}),
    "pt_BR": LocaleStyle(".", ",", False, {"BRL": "R$", "USD": "US$", "EUR": "€"}),
    "pl_PL": LocaleStyle(NBSP, ",", True, {"PLN": "zł", "EUR": "€", "USD": "USD"}),
    "sv_SE": LocaleStyle(NBSP, ",", True, {"SEK": "kr", "EUR": "€", "USD": "US$"}),
    "ja_JP": LocaleStyle(",", ".", False, {"JPY": "￥", "USD": "$", "EUR": "€"}),
    "zh_CN": LocaleStyle(",", ".", False, {"CNY": "¥", "USD": "US$", "EUR": "€"}),
    "ko_KR": LocaleStyle(",", ".", False, {"KRW": "₩", "USD": "US$", "EUR": "€"}),
}
LANGUAGE_DEFAULTS = {
    "en": "en_US", "de": "de_DE", "fr": "fr_FR", "es": "es_ES", "it": "it_IT", "nl": "nl_NL",
    "pt": "pt_BR", "pl": "pl_PL", "sv": "sv_SE", "ja": "ja_JP", "zh": "zh_CN", "ko": "ko_KR",
}  # fmt: skip
# French places a space between the amount and the symbol, as do most "symbol after" locales.
SYMBOL_GAP = NBSP


def locale_style(locale: str) -> LocaleStyle:
    name = locale.replace("-", "_").split(".")[0]
    if name in LOCALES:
        return LOCALES[name]
    parts = name.split("_")
    fallback = LANGUAGE_DEFAULTS.get(parts[0].lower(), "en_US")
    return LOCALES[fallback]


def group_digits(digits: str, separator: str) -> str:
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def format_money(money: Money, locale: str = "en_US") -> str:
    """``$1,234.50`` (en_US), ``1.234,50 €`` (de_DE), ``1 234,50 €`` (fr_FR, narrow space)."""
    style = locale_style(locale)
    digits = minor_digits(money.currency)
    amount: Decimal = money.amount
    negative = amount < 0
    text = f"{abs(amount):.{digits}f}"
    whole, _, fraction = text.partition(".")
    number = group_digits(whole, style.group) + (style.decimal + fraction if fraction else "")
    symbol = style.symbols.get(money.currency, money.currency)
    if style.symbol_after:
        result = f"{number}{SYMBOL_GAP}{symbol}"
    elif len(symbol) > 1 and symbol.isalpha():
        result = f"{symbol}{NBSP}{number}"
    else:
        result = f"{symbol}{number}"
    return f"-{result}" if negative else result
