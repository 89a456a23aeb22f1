"""Store connectors (headless): Shopify (GraphQL Admin API) and WooCommerce (REST v3).

Each connector polls its store on its own worker thread, imports products into the local
Catalog and merges the orders of the running show into the Ledger (deduplicated by order
line), keeps the last good data when a call fails and reports a status: ok, warning (with a
sentence) or failed.
"""

from studio.shop.connectors.base import (
    CONNECTOR_KINDS,
    ConnectorHealth,
    ConnectorStatus,
    PollSettings,
    StoreConnector,
    SyncReport,
    connector_settings,
    register_connector,
)
from studio.shop.connectors.errors import StoreError, StoreErrorReason
from studio.shop.connectors.http import RetryPolicy
from studio.shop.connectors.shopify import SHOPIFY_API_VERSION, ShopifyConnector, ShopifySettings
from studio.shop.connectors.sync import OrderCounts, OrderLine, ProductCounts, StoreOrder
from studio.shop.connectors.woocommerce import WooCommerceConnector, WooCommerceSettings

__all__ = [
    "CONNECTOR_KINDS",
    "SHOPIFY_API_VERSION",
    "ConnectorHealth",
    "ConnectorStatus",
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
    "StoreOrder",
    "SyncReport",
    "WooCommerceConnector",
    "WooCommerceSettings",
    "connector_settings",
    "register_connector",
]
