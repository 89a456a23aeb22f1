"""The shop panels of the window (Catalog, Chat, Sales): they show and command the show core
(:class:`studio.show.show.Show`) through one :class:`ShopBridge`."""

from studio.ui.shop.catalog_panel import CatalogPanel
from studio.ui.shop.chat_panel import ChatPanel
from studio.ui.shop.sales_panel import SalesPanel
from studio.ui.shop.shop_bridge import ShopBridge

__all__ = ["CatalogPanel", "ChatPanel", "SalesPanel", "ShopBridge"]
