"""Store connectors (headless): Shopify (GraphQL Admin API) and WooCommerce (REST v3).

Each connector polls its store on its own worker thread, imports products into the local
Catalog and merges the orders of the running show into the Ledger (deduplicated by order
line), keeps the last good data when a call fails and reports a status: ok, warning (with a
sentence) or failed. Kinds are looked up by name in ``STORE_KINDS`` (:func:`store_kind`); tokens
are read from the :class:`TokenSource` each connector is given.
"""

from studio.shop.stores.base import (
    STORE_KINDS,
    PollSettings,
    StoreConnector,
    StoreHealth,
    StoreStatus,
    SyncReport,
    register_store_kind,
    store_kind,
)
from studio.shop.stores.errors import StoreError, StoreErrorReason
from studio.shop.stores.http import RetryPolicy
from studio.shop.stores.shopify import SHOPIFY_API_VERSION, ShopifyConnector, ShopifySettings
from studio.shop.stores.sync import OrderCounts, OrderLine, ProductCounts, StoreOrder
from studio.shop.stores.tokens import TokenSource
from studio.shop.stores.woocommerce import WooCommerceConnector, WooCommerceSettings

__all__ = [
    "SHOPIFY_API_VERSION",
    "STORE_KINDS",
    "OrderCounts",
    "OrderLine",
    "PollSettings",
    "ProductCounts",
    "RetryPolicy",
    "ShopifyConnector",
    "ShopifySettings",
    "StoreConnector",
    "StoreError",
    "StoreErrorReason",
    "StoreHealth",
    "StoreOrder",
    "StoreStatus",
    "SyncReport",
    "TokenSource",
    "WooCommerceConnector",
    "WooCommerceSettings",
    "register_store_kind",
    "store_kind",
]
