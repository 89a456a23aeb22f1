"""A local stand-in for the WooCommerce REST API v3, serving the documented response shapes."""

from __future__ import annotations

import base64
import math
from decimal import Decimal
from typing import Any

from tests.shop_stores.fake_http import Answer, FakeServer, Request

CONSUMER_KEY = "ck_test_5b1e0c0ffee"
CONSUMER_SECRET = "cs_test_9d8c7b6a5f4e"
API = "/wp-json/wc/v3"


def simple_product(
    number: int, price: str = "12.50", stock: int | None = 4, sale_from: str | None = None
) -> dict[str, Any]:
    return {
        "id": number,
        "name": f"Woo item {number}",
        "type": "simple",
        "sku": f"W-{number}",
        "permalink": f"https://shop.example/product/{number}",
        "description": "<p>Nice.</p>",
        "short_description": "Nice.",
        "price": price,
        "regular_price": sale_from or price,
        "sale_price": price if sale_from else "",
        "manage_stock": stock is not None,
        "stock_quantity": stock,
        "stock_status": "instock",
        "images": [{"id": 1, "src": f"https://cdn.example/w{number}.jpg"}],
        "variations": [],
    }


def variable_product(number: int, variation_ids: list[int]) -> dict[str, Any]:
    product = simple_product(number, price="20.00", stock=None)
    product.update(type="variable", name=f"Woo tee {number}", sku=f"WT-{number}",
                   variations=variation_ids)  # fmt: skip
    return product


def variation(number: int, size: str, price: str, stock: int) -> dict[str, Any]:
    return {
        "id": number,
        "sku": f"WT-{size}",
        "price": price,
        "regular_price": price,
        "sale_price": "",
        "stock_quantity": stock,
        "image": {"id": 2, "src": f"https://cdn.example/v{number}.jpg"},
        "attributes": [{"id": 1, "name": "Size", "option": size}],
    }


def line(number: int, product_id: int, sku: str, quantity: int, price: Any,
         variation_id: int = 0) -> dict[str, Any]:  # fmt: skip
    return {
        "id": number,
        "name": f"Woo item {product_id}",
        "product_id": product_id,
        "variation_id": variation_id,
        "quantity": quantity,
        "sku": sku,
        "subtotal": "0.00",
        "total": "0.00",
        "price": Decimal(price) if isinstance(price, str) else price,  # a JSON number
    }


def order(
    number: int, created_gmt: str, lines: list[dict[str, Any]], status: str = "processing"
) -> dict[str, Any]:
    return {
        "id": number,
        "number": str(number),
        "status": status,
        "currency": "EUR",
        "date_created": created_gmt,
        "date_created_gmt": created_gmt,
        "billing": {"first_name": "Ada", "last_name": "L."},
        "line_items": lines,
    }


class FakeWooCommerce(FakeServer):
    def __init__(
        self,
        products: list[Any],
        variations: dict[int, list[Any]] | None = None,
        orders: list[Any] | None = None,
    ) -> None:
        self.products = products
        self.variations = variations or {}
        self.orders = orders or []
        self.currency = "EUR"
        self.send_total_pages = True
        super().__init__(self.respond)

    def respond(self, request: Request) -> Answer:
        expected = base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            return Answer(
                401,
                {"code": "woocommerce_rest_cannot_view",
                 "message": "Sorry, you cannot list resources.", "data": {"status": 401}},
            )  # fmt: skip
        path = request.path.removeprefix(API)
        if path == "/settings/general/woocommerce_currency":
            return Answer(body={"id": "woocommerce_currency", "value": self.currency})
        if path == "/products":
            return self._page(self.products, request)
        if path.startswith("/products/") and path.endswith("/variations"):
            return self._page(self.variations.get(int(path.split("/")[2]), []), request)
        if path == "/orders":
            after = request.query.get("after", "")
            return self._page([o for o in self.orders if o["date_created_gmt"] > after], request)
        return Answer(404, {"code": "rest_no_route", "message": "No route was found."})

    def _page(self, items: list[Any], request: Request) -> Answer:
        per_page = int(request.query.get("per_page", "10"))
        if per_page > 100:
            return Answer(400, {"code": "rest_invalid_param", "message": "per_page > 100"})
        page = int(request.query.get("page", "1"))
        pages = max(1, math.ceil(len(items) / per_page))
        headers = {"X-WP-Total": str(len(items))}
        if self.send_total_pages:
            headers["X-WP-TotalPages"] = str(pages)
        return Answer(body=items[(page - 1) * per_page : page * per_page], headers=headers)
