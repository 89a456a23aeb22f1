"""WooCommerce through its REST API v3 (``/wp-json/wc/v3``), Basic auth over HTTPS.

The consumer key is a setting; the consumer secret is in the keyring (token
``woocommerce:<host>``). Built from an account (:meth:`WooCommerceConnector.for_account`), the
key comes from the keyring too (token ``woocommerce-key:<host>``). Lists are read with
``page``/``per_page`` (≤ 100) up to the ``X-WP-TotalPages`` header; variable products'
variants come from ``/products/{id}/variations``. Prices are strings (order line prices are
JSON numbers, read as Decimal): money stays exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urlsplit

from studio.logging_setup import register_secret
from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.model import Product, Variant
from studio.shop.stores.base import PollSettings, StoreConnector, register_store_kind
from studio.shop.stores.errors import StoreError, StoreErrorReason
from studio.shop.stores.http import JsonResponse
from studio.shop.stores.mapping import (
    MappingError,
    field,
    money,
    parse_time,
    read_records,
    stock,
    text,
)
from studio.shop.stores.sync import OrderLine, StoreOrder
from studio.shop.stores.tokens import TokenSource, read_token

API_PATH = "/wp-json/wc/v3"
MAX_PER_PAGE = 100  # WooCommerce refuses more
MAX_PAGES = 2000
SOLD_STATUSES = frozenset({"processing", "completed", "on-hold"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(kw_only=True)
class WooCommerceSettings(PollSettings):
    url: str  # the site: https://shop.example
    consumer_key: str  # ck_…; the secret (cs_…) is in the keyring
    currency: str | None = None  # None: the store's woocommerce_currency setting
    per_page: int = MAX_PER_PAGE


@register_store_kind
class WooCommerceConnector(StoreConnector):
    kind = "woocommerce"
    store_title = "WooCommerce"
    Settings = WooCommerceSettings
    settings: WooCommerceSettings

    def __init__(self, settings: WooCommerceSettings, *args: Any, **options: Any) -> None:
        super().__init__(settings, *args, **options)
        self.currency: str | None = settings.currency
        self._variant_names: dict[str, str] = {}  # variation id → its SKU or title

    @classmethod
    def for_account(
        cls,
        address: str,
        api_url: str | None,
        catalog: Catalog,
        ledger: Ledger | None,
        *,
        secrets: TokenSource,
        **poll_options: Any,
    ) -> Self:
        """``address`` is the site (``https://shop.example``); ``api_url`` is not used (the
        REST API lives on the site). The consumer key is read here, as the settings take it."""
        site = site_host(address)
        key = read_token(
            secrets,
            f"woocommerce-key:{site}",
            "No WooCommerce consumer key is saved: add it in Settings → Store.",
        )
        settings = WooCommerceSettings(url=address, consumer_key=key, **poll_options)
        return cls(settings, catalog, ledger, secrets=secrets)

    @property
    def display_name(self) -> str:
        return f"woocommerce:{urlsplit(self.settings.url.strip()).netloc or self.settings.url}"

    @property
    def auth_refused_sentence(self) -> str:
        return (
            "The WooCommerce access token (consumer key and secret) was refused: "
            "check them in Settings → Store"
        )

    @property
    def api_base(self) -> str:
        return self.settings.url.strip().rstrip("/") + API_PATH

    def _prepare(self) -> None:
        site = site_host(self.settings.url)
        key = self.settings.consumer_key.strip()
        if not key:
            raise StoreError(
                StoreErrorReason.NO_CREDENTIALS, "The WooCommerce consumer key is not set."
            )
        register_secret(key)
        self._secret_values.append(key)
        secret = self._secret(f"woocommerce:{site}", "WooCommerce consumer secret")
        self.http.session.auth = (key, secret)

    # -- products -------------------------------------------------------------------------
    def fetch_products(self) -> tuple[list[Product], list[str]]:
        currency = self._currency()
        return read_records(
            self._items("/products", {}), lambda item: self._product(item, currency)
        )

    def _currency(self) -> str:
        if self.currency is None:
            body = self._get("/settings/general/woocommerce_currency", {}).body
            value = body.get("value") if isinstance(body, dict) else None
            if not isinstance(value, str) or not value.strip():
                raise StoreError(
                    StoreErrorReason.MALFORMED, "WooCommerce did not say the shop's currency."
                )
            self.currency = value.strip().upper()
        return self.currency

    def _product(self, item: Any, currency: str) -> Product:
        woo_id = field(item, "id")
        images = [text(i, "src") for i in item.get("images") or [] if isinstance(i, dict)]
        images = [i for i in images if i]
        common: dict[str, Any] = {
            "id": f"woocommerce-{woo_id}",
            "sku": text(item, "sku"),
            "title": text(item, "name"),
            "description": text(item, "short_description") or text(item, "description"),
            "image": images[0] if images else "",
            "images": images[1:],
            "url": text(item, "permalink"),
        }
        if item.get("type") != "variable":
            price, compare = _prices(item, currency)
            return Product(
                **common, price=price, compare_at_price=compare,
                stock=stock(item.get("stock_quantity")),
            )  # fmt: skip
        variants = []
        for variation in self._items(f"/products/{woo_id}/variations", {}):
            variant = _variant(variation, currency)
            variants.append(variant)
            self._variant_names[str(variation.get("id"))] = variant.sku or variant.title
        if not variants:
            raise MappingError("a variable product without variations")
        prices = [v.price for v in variants if v.price is not None]
        return Product(**common, price=min(prices), variants=variants)

    # -- orders ---------------------------------------------------------------------------
    def fetch_orders(self, since: datetime) -> tuple[list[StoreOrder], list[str]]:
        params = {
            "after": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "dates_are_gmt": "true",
            "orderby": "date",
            "order": "asc",
        }
        sold = (
            item
            for item in self._items("/orders", params)
            if not (isinstance(item, dict) and item.get("status") not in SOLD_STATUSES)
        )
        return read_records(sold, self._order, "order")

    def _order(self, item: Any) -> StoreOrder:
        order_id = str(field(item, "id"))
        currency = str(field(item, "currency"))
        lines = []
        for line in field(item, "line_items"):
            quantity = field(line, "quantity")
            if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
                raise MappingError(f"quantity {quantity!r} is not a positive whole number")
            variation = str(line.get("variation_id") or "")
            sku = text(line, "sku")
            product_id = line.get("product_id")
            lines.append(
                OrderLine(
                    line_id=str(field(line, "id")),
                    product_id=f"woocommerce-{product_id}" if product_id else "",
                    sku=sku,
                    variant=(sku or self._variant_names.get(variation, "")) if variation else "",
                    quantity=quantity,
                    unit_price=money(field(line, "price"), currency, "price", round_to_minor=True),
                    title=text(line, "name"),
                )
            )
        billing = item.get("billing") if isinstance(item.get("billing"), dict) else {}
        buyer = " ".join(p for p in (text(billing, "first_name"), text(billing, "last_name")) if p)
        return StoreOrder(
            order_id=order_id,
            name=f"#{text(item, 'number') or order_id}",
            created_at=parse_time(item.get("date_created_gmt") or item.get("date_created")),
            buyer=buyer,
            lines=tuple(lines),
        )

    # -- REST -----------------------------------------------------------------------------
    def _get(self, path: str, params: dict[str, Any]) -> JsonResponse:
        return self.http.request("GET", self.api_base + path, params=params)

    def _items(self, path: str, params: dict[str, Any]) -> Iterator[Any]:
        """Every item of a list endpoint, page by page up to X-WP-TotalPages."""
        per_page = max(1, min(self.settings.per_page, MAX_PER_PAGE))
        total_pages: int | None = None
        for page in range(1, MAX_PAGES + 1):
            response = self._get(path, {**params, "page": page, "per_page": per_page})
            if not isinstance(response.body, list):
                raise StoreError(
                    StoreErrorReason.MALFORMED,
                    f"WooCommerce's answer for {path} is not a list.",
                )
            yield from response.body
            if total_pages is None:
                total_pages = _header_int(response.headers.get("X-WP-TotalPages"))
            if total_pages is not None and page >= total_pages:
                return
            if total_pages is None and len(response.body) < per_page:
                return
        raise StoreError(StoreErrorReason.MALFORMED, f"WooCommerce's {path} list never ended.")


def site_host(url: str) -> str:
    """The host (and port) of the site at ``url``, which its keyring tokens are named after;
    StoreError(INVALID_SETTINGS) if ``url`` is not a web address keys may be sent to."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(
            StoreErrorReason.INVALID_SETTINGS,
            f"{url!r} is not a web address (like https://shop.example).",
        )
    if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
        raise StoreError(
            StoreErrorReason.INVALID_SETTINGS,
            "WooCommerce keys are only sent over HTTPS: use the https:// address.",
        )
    return parts.netloc


def _prices(item: Any, currency: str) -> tuple[Any, Any]:
    """The price to pay, and the regular price when it is on sale (compare-at)."""
    raw = item.get("price") if isinstance(item, dict) else None
    if raw in (None, ""):
        raw = field(item, "regular_price")
    price = money(raw, currency, "price")
    regular = text(item, "regular_price")
    compare = None
    if text(item, "sale_price") and regular:
        compare = money(regular, currency, "regular_price")
        if compare.amount <= price.amount:
            compare = None
    return price, compare


def _variant(item: Any, currency: str) -> Variant:
    price, compare = _prices(item, currency)
    options = {
        text(a, "name"): text(a, "option")
        for a in item.get("attributes") or []
        if isinstance(a, dict) and text(a, "name") and text(a, "option")
    }
    image = item.get("image")
    return Variant(
        sku=text(item, "sku"),
        options=options,
        price=price,
        compare_at_price=compare,
        stock=stock(item.get("stock_quantity")),
        image=text(image, "src") if isinstance(image, dict) else "",
    )


def _header_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
