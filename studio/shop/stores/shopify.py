"""Shopify through the GraphQL Admin API (the REST Admin API is legacy).

``POST {base}/admin/api/{SHOPIFY_API_VERSION}/graphql.json`` with ``X-Shopify-Access-Token``
(saved in the keyring as token ``shopify:<shop>``). Products with their variants, images,
inventory and compare-at prices, and orders created after the show started, are read page by
page (``first``/``after``, ``pageInfo{hasNextPage,endCursor}``). The cost-based rate limit is
honoured (see shopify_throttle); a THROTTLED answer waits until the cost is restored and
retries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self

from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.model import Product, Variant
from studio.shop.stores.base import PollSettings, StoreConnector, register_store_kind
from studio.shop.stores.errors import StoreError, StoreErrorReason, masked
from studio.shop.stores.mapping import (
    MappingError,
    field,
    money,
    parse_time,
    read_records,
    stock,
    text,
)
from studio.shop.stores.shopify_queries import ORDERS_QUERY, PRODUCTS_QUERY
from studio.shop.stores.shopify_throttle import CostThrottle, read_cost
from studio.shop.stores.sync import OrderLine, StoreOrder
from studio.shop.stores.tokens import TokenSource

# Quarterly versions live at least 12 months; move this one constant forward once a year.
SHOPIFY_API_VERSION = "2026-01"
SHOP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MAX_PAGES = 2000  # a guard against a server that never says hasNextPage: false


@dataclass(kw_only=True)
class ShopifySettings(PollSettings):
    shop: str  # "my-shop" or "my-shop.myshopify.com"
    api_base_url: str | None = None  # default https://{shop}.myshopify.com (tests: local)
    products_page_size: int = 10  # keeps each query's cost well under Shopify's 1000 points
    variants_per_product: int = 40
    images_per_product: int = 10
    orders_page_size: int = 25
    lines_per_order: int = 50
    max_throttle_retries: int = 5


def shop_name(value: str) -> str:
    """``my-shop`` from ``my-shop``, ``my-shop.myshopify.com`` or its https:// address."""
    name = value.strip().lower().removeprefix("https://").removeprefix("http://")
    name = name.split("/", 1)[0].removesuffix(".myshopify.com")
    if not SHOP_NAME.match(name):
        raise StoreError(
            StoreErrorReason.INVALID_SETTINGS,
            f"{value.strip()!r} is not a Shopify shop name (like 'my-shop.myshopify.com').",
        )
    return name


def gid_number(gid: object) -> str:
    """``123`` from ``gid://shopify/Product/123``."""
    if not isinstance(gid, str) or not gid.rsplit("/", 1)[-1].isdigit():
        raise MappingError(f"id {gid!r} is not a Shopify id")
    return gid.rsplit("/", 1)[-1]


@register_store_kind
class ShopifyConnector(StoreConnector):
    kind = "shopify"
    store_title = "Shopify"
    Settings = ShopifySettings
    settings: ShopifySettings

    def __init__(self, settings: ShopifySettings, *args: Any, **options: Any) -> None:
        super().__init__(settings, *args, **options)
        self.throttle = CostThrottle(self.clock)
        self.currency: str | None = None

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
        """``address`` is the shop (``my-shop.myshopify.com``); its name is checked on the
        first sync, which reads the token ``shopify:<shop>``."""
        settings = ShopifySettings(shop=address, api_base_url=api_url, **poll_options)
        return cls(settings, catalog, ledger, secrets=secrets)

    @property
    def display_name(self) -> str:
        return f"shopify:{self.settings.shop.strip()}"

    @property
    def endpoint(self) -> str:
        shop = shop_name(self.settings.shop)
        base = self.settings.api_base_url or f"https://{shop}.myshopify.com"
        return f"{base.rstrip('/')}/admin/api/{SHOPIFY_API_VERSION}/graphql.json"

    def _prepare(self) -> None:
        shop = shop_name(self.settings.shop)
        token = self._secret(f"shopify:{shop}", "Shopify access token")
        self.http.session.headers["X-Shopify-Access-Token"] = token

    # -- products -------------------------------------------------------------------------
    def fetch_products(self) -> tuple[list[Product], list[str]]:
        s = self.settings
        variables = {
            "first": s.products_page_size,
            "variants": s.variants_per_product,
            "images": s.images_per_product,
        }
        products: list[Product] = []
        problems: list[str] = []
        for data, nodes in self._pages("products", PRODUCTS_QUERY, variables):
            shop = data.get("shop")
            if isinstance(shop, dict) and isinstance(shop.get("currencyCode"), str):
                self.currency = shop["currencyCode"]
            currency = self.currency
            if currency is None:
                raise StoreError(
                    StoreErrorReason.MALFORMED, "Shopify did not say the shop's currency."
                )
            read, unread = read_records(nodes, functools.partial(self._product, currency=currency))
            products += read
            problems += unread
        return products, problems

    def _product(self, node: Any, currency: str) -> Product:
        number = gid_number(field(node, "id"))
        handle = text(node, "handle")
        product_id = f"shopify-product-{number}"
        legacy_id = f"shopify-{handle}"  # what a CSV import of the same product used
        if handle and self.catalog.get(product_id) is None and self.catalog.get(legacy_id):
            product_id = legacy_id
        images = [text(i, "url") for i in _nodes(node.get("images"))]
        featured = node.get("featuredImage")
        image = text(featured, "url") if isinstance(featured, dict) else ""
        images = [i for i in images if i and i != image]
        variant_nodes = _nodes(field(node, "variants"))
        if not variant_nodes:
            raise MappingError("it has no variants")
        variants = [self._variant(v, currency) for v in variant_nodes]
        common: dict[str, Any] = {
            "id": product_id,
            "title": text(node, "title"),
            "description": text(node, "description"),
            "image": image or (images.pop(0) if images else variants[0].image),
            "images": images,
            "url": text(node, "onlineStoreUrl"),
        }
        only = variants[0]
        assert only.price is not None
        if len(variants) == 1 and _is_default(variant_nodes[0]):
            return Product(
                **common, sku=only.sku, price=only.price,
                compare_at_price=only.compare_at_price, stock=only.stock,
            )  # fmt: skip
        prices = [v.price for v in variants if v.price is not None]
        return Product(**common, price=min(prices), variants=variants)

    def _variant(self, node: Any, currency: str) -> Variant:
        compare = node.get("compareAtPrice") if isinstance(node, dict) else None
        options = {
            text(o, "name"): text(o, "value")
            for o in (node.get("selectedOptions") or [])
            if isinstance(o, dict)
        }
        image = node.get("image")
        return Variant(
            sku=text(node, "sku"),
            options={k: v for k, v in options.items() if k and v},
            price=money(field(node, "price"), currency, "price"),
            compare_at_price=money(compare, currency, "compareAtPrice") if compare else None,
            stock=stock(node.get("inventoryQuantity")),
            image=text(image, "url") if isinstance(image, dict) else "",
        )

    # -- orders ---------------------------------------------------------------------------
    def fetch_orders(self, since: datetime) -> tuple[list[StoreOrder], list[str]]:
        s = self.settings
        stamp = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        variables = {
            "first": s.orders_page_size,
            "lines": s.lines_per_order,
            "query": f"created_at:>'{stamp}'",
        }
        orders: list[StoreOrder] = []
        problems: list[str] = []
        for _data, nodes in self._pages("orders", ORDERS_QUERY, variables):
            placed = [n for n in nodes if not (isinstance(n, dict) and n.get("cancelledAt"))]
            read, unread = read_records(placed, self._order, "order")
            orders += read
            problems += unread
        return orders, problems

    def _order(self, node: Any) -> StoreOrder:
        number = gid_number(field(node, "id"))
        lines = []
        for line in _nodes(field(node, "lineItems")):
            price_set = field(field(line, "originalUnitPriceSet"), "shopMoney")
            currency = field(price_set, "currencyCode")
            variant = line.get("variant") if isinstance(line.get("variant"), dict) else {}
            product = line.get("product") if isinstance(line.get("product"), dict) else {}
            sku = text(line, "sku") or text(variant, "sku")
            quantity = field(line, "quantity")
            if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
                raise MappingError(f"quantity {quantity!r} is not a positive whole number")
            lines.append(
                OrderLine(
                    line_id=gid_number(field(line, "id")),
                    product_id=(
                        f"shopify-product-{gid_number(product['id'])}" if product.get("id") else ""
                    ),
                    sku=sku,
                    variant=sku or text(variant, "title"),
                    quantity=quantity,
                    unit_price=money(field(price_set, "amount"), str(currency), "amount"),
                    title=text(line, "title"),
                )
            )
        return StoreOrder(
            order_id=number,
            name=text(node, "name") or f"#{number}",
            created_at=parse_time(field(node, "createdAt")),
            buyer="",
            lines=tuple(lines),
        )

    # -- GraphQL --------------------------------------------------------------------------
    def _pages(
        self, name: str, query: str, variables: dict[str, Any]
    ) -> Iterator[tuple[dict[str, Any], list[Any]]]:
        """Each page's ``data`` and the nodes of its ``name`` connection, following cursors."""
        after: str | None = None
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            data = self._graphql(name, query, {**variables, "after": after})
            connection = data.get(name)
            nodes = connection.get("nodes") if isinstance(connection, dict) else None
            info = connection.get("pageInfo") if isinstance(connection, dict) else None
            if not isinstance(nodes, list) or not isinstance(info, dict):
                raise StoreError(
                    StoreErrorReason.MALFORMED,
                    f"Shopify's answer has no {name} list (nodes and pageInfo are missing).",
                )
            yield data, nodes
            if info.get("hasNextPage") is not True:
                return
            cursor = info.get("endCursor")
            if not isinstance(cursor, str) or not cursor or cursor in seen:
                raise StoreError(
                    StoreErrorReason.MALFORMED,
                    f"Shopify said more {name} follow but gave no new cursor.",
                )
            seen.add(cursor)
            after = cursor
        raise StoreError(StoreErrorReason.MALFORMED, f"Shopify's {name} list never ended.")

    def _graphql(self, name: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        s = self.settings
        for attempt in range(1, s.max_throttle_retries + 2):
            self.wait(self.throttle.wait_before_s(name))
            body = self.http.request(
                "POST", self.endpoint, json={"query": query, "variables": variables}
            ).body
            if not isinstance(body, dict):
                raise StoreError(StoreErrorReason.MALFORMED, "Shopify's answer is not an object.")
            self.throttle.update(name, read_cost(body))
            codes = _error_codes(body)
            if "THROTTLED" not in codes:
                return self._data(body, codes)
            if attempt > s.max_throttle_retries:
                break
            if self.throttle.wait_before_s(name) <= 0:  # no cost figures: plain back-off
                self.wait(self.http.policy.delay_s(attempt))
        raise StoreError(
            StoreErrorReason.RATE_LIMITED,
            "Shopify kept throttling our requests; the next sync will try again.",
        )

    def _data(self, body: dict[str, Any], codes: list[str]) -> dict[str, Any]:
        if "ACCESS_DENIED" in codes:
            raise StoreError(
                StoreErrorReason.AUTH_REFUSED,
                "The Shopify access token may not read products or orders (ACCESS_DENIED): "
                "give the app the read_products and read_orders scopes.",
            )
        data = body.get("data")
        if codes or not isinstance(data, dict):
            first = _first_error_message(body) or "no data"
            raise StoreError(
                StoreErrorReason.QUERY_FAILED if codes else StoreErrorReason.MALFORMED,
                masked(f"Shopify could not answer the query: {first[:200]}", self._secret_values),
            )
        return data


def _nodes(connection: Any) -> list[Any]:
    if connection is None:
        return []
    nodes = connection.get("nodes") if isinstance(connection, dict) else None
    if not isinstance(nodes, list):
        raise MappingError("a list has no nodes")
    return nodes


def _is_default(node: Any) -> bool:
    options = node.get("selectedOptions") or []
    return options in ([], [{"name": "Title", "value": "Default Title"}])


def _error_codes(body: dict[str, Any]) -> list[str]:
    errors = body.get("errors")
    if not errors:
        return []
    if not isinstance(errors, list):
        return ["ERROR"]
    codes = []
    for error in errors:
        code = ""
        if isinstance(error, dict):
            extensions = error.get("extensions")
            if isinstance(extensions, dict):
                code = str(extensions.get("code") or "")
            if not code and error.get("message") == "Throttled":
                code = "THROTTLED"
        codes.append(code or "ERROR")
    return codes


def _first_error_message(body: dict[str, Any]) -> str:
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message", ""))
    return str(errors) if isinstance(errors, str) else ""
