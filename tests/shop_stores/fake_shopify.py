"""A local stand-in for Shopify's GraphQL Admin API, serving the documented response shapes."""

from __future__ import annotations

from typing import Any

from studio.shop.stores import SHOPIFY_API_VERSION
from tests.shop_stores.fake_http import Answer, FakeServer, Request

TOKEN = "shpat_test_0123456789abcdef"
GRAPHQL_PATH = f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json"


def variant_node(
    number: int,
    sku: str,
    price: str,
    stock: int | None,
    options: dict[str, str] | None = None,
    compare_at: str | None = None,
) -> dict[str, Any]:
    selected = [{"name": k, "value": v} for k, v in (options or {"Title": "Default Title"}).items()]
    return {
        "id": f"gid://shopify/ProductVariant/{number}",
        "title": " / ".join(v["value"] for v in selected),
        "sku": sku,
        "price": price,
        "compareAtPrice": compare_at,
        "inventoryQuantity": stock,
        "selectedOptions": selected,
        "image": None,
    }


def product_node(number: int, title: str, variants: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": f"gid://shopify/Product/{number}",
        "handle": title.lower().replace(" ", "-"),
        "title": title,
        "description": f"The {title}.",
        "onlineStoreUrl": f"https://shop.example/products/{number}",
        "featuredImage": {"url": f"https://cdn.example/{number}/main.jpg"},
        "images": {
            "nodes": [
                {"url": f"https://cdn.example/{number}/main.jpg"},
                {"url": f"https://cdn.example/{number}/side.jpg"},
            ]
        },
        "variants": {"nodes": variants},
    }


def simple_product(number: int, price: str = "10.00", stock: int | None = 5) -> dict[str, Any]:
    return product_node(
        number, f"Item {number}", [variant_node(number * 10, f"SKU-{number}", price, stock)]
    )


def line_item(
    number: int, product: int, variant_sku: str, quantity: int, amount: str, title: str = ""
) -> dict[str, Any]:
    return {
        "id": f"gid://shopify/LineItem/{number}",
        "title": title or f"Item {product}",
        "quantity": quantity,
        "sku": variant_sku,
        "variant": {"id": f"gid://shopify/ProductVariant/{number}", "sku": variant_sku,
                    "title": "Default Title"},
        "product": {"id": f"gid://shopify/Product/{product}"},
        "originalUnitPriceSet": {"shopMoney": {"amount": amount, "currencyCode": "USD"}},
    }  # fmt: skip


def order_node(
    number: int, created_at: str, lines: list[dict[str, Any]], cancelled: bool = False
) -> dict[str, Any]:
    return {
        "id": f"gid://shopify/Order/{number}",
        "name": f"#{number}",
        "createdAt": created_at,
        "cancelledAt": "2026-11-01T19:00:00Z" if cancelled else None,
        "lineItems": {"nodes": lines},
    }


def cost(requested: int, available: float, maximum: int = 1000, rate: int = 50) -> Any:
    return {
        "cost": {
            "requestedQueryCost": requested,
            "actualQueryCost": requested - 2,
            "throttleStatus": {
                "maximumAvailable": maximum,
                "currentlyAvailable": available,
                "restoreRate": rate,
            },
        }
    }


def throttled(requested: int = 200, available: int = 0) -> Answer:
    return Answer(
        body={
            "errors": [
                {
                    "message": "Throttled",
                    "extensions": {
                        "code": "THROTTLED",
                        "documentation": "https://shopify.dev/api/usage/limits",
                    },
                }
            ],
            "extensions": cost(requested, available),
        }
    )


class FakeShopify(FakeServer):
    """Pages through ``products`` and ``orders`` with opaque cursors; checks the token."""

    def __init__(self, products: list[Any], orders: list[Any] | None = None) -> None:
        self.products = products
        self.orders = orders or []
        self.token = TOKEN
        self.requested_cost = 50
        self.available: float = 1000
        self.order_queries: list[str] = []
        super().__init__(self.respond)

    def respond(self, request: Request) -> Answer:
        if request.path != GRAPHQL_PATH or request.method != "POST":
            return Answer(404, {"errors": "Not Found"})
        if request.headers.get("X-Shopify-Access-Token") != self.token:
            return Answer(
                401, {"errors": "[API] Invalid API key or access token (unrecognized login)"}
            )
        document = request.json()
        variables = document["variables"]
        if "orders(" in document["query"]:
            self.order_queries.append(variables["query"])
            since = variables["query"].split(">", 1)[1].strip("'")
            items = [o for o in self.orders if o["createdAt"] > since]
            data = {"orders": self._page(items, variables)}
        else:
            data = {
                "shop": {"currencyCode": "USD"},
                "products": self._page(self.products, variables),
            }
        return Answer(body={"data": data, "extensions": cost(self.requested_cost, self.available)})

    @staticmethod
    def _page(items: list[Any], variables: dict[str, Any]) -> dict[str, Any]:
        start = int(variables["after"].removeprefix("cursor-")) if variables["after"] else 0
        end = start + int(variables["first"])
        return {
            "pageInfo": {"hasNextPage": end < len(items), "endCursor": f"cursor-{end}"},
            "nodes": items[start:end],
        }

    def graphql_requests(self) -> list[Any]:
        return [r.json() for r in self.requests if r.path == GRAPHQL_PATH]
