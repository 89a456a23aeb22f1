"""The shop panels of the window (Catalog, Chat, Sales) over the headless shop core."""

from studio.ui.shop.catalog_panel import CatalogPanel
from studio.ui.shop.chat_panel import ChatPanel
from studio.ui.shop.context import ShopContext
from studio.ui.shop.sales_panel import SalesPanel
from studio.ui.shop.shop_bridge import ShopBridge

__all__ = ["CatalogPanel", "ChatPanel", "SalesPanel", "ShopBridge", "ShopContext"]
