"""The right-hand panel beside the preview: catalog, chat and sales of the open show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QTabWidget, QWidget

from studio.show.show import Show
from studio.ui.shop.catalog_panel import CatalogPanel
from studio.ui.shop.chat_panel import ChatPanel
from studio.ui.shop.sales_panel import SalesPanel
from studio.ui.shop.shop_bridge import ShopBridge

__all__ = ["NOT_SET_UP", "TABS", "SidePanelDock"]

TABS = (
    ("Catalog", "Your products, ready to pin on screen."),
    ("Chat", "The live chat from every platform in one place."),
    ("Sales", "Orders and sales counts as they happen."),
)
NOT_SET_UP = (
    "The catalog could not be opened (see the notification): the studio streams without its shop."
)


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("placeholder")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class SidePanelDock(QDockWidget):
    """Shows placeholders until :meth:`set_show` gives it the open show (the dock itself —
    object name, place, visibility — stays the same, so the window's saved layout keeps
    working). The panels only show and command the show, through one :class:`ShopBridge`."""

    def __init__(self, parent: QWidget | None = None, show: Show | None = None) -> None:
        super().__init__("Shop", parent)
        self.setObjectName("shopDock")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("shopTabs")
        self.setWidget(self.tabs)
        self.setToolTip("Catalog, chat and sales of the show")
        self.show_core: Show | None = None
        self.bridge: ShopBridge | None = None
        self.catalog_panel: CatalogPanel | None = None
        self.chat_panel: ChatPanel | None = None
        self.sales_panel: SalesPanel | None = None
        self.set_show(show)

    def set_show(self, show: Show | None) -> None:
        """Build the tabs for ``show`` (None: the placeholders); the current tab stays."""
        current = self.tabs.currentIndex()
        self.close_shop()
        self.show_core = show
        if show is not None:
            self.bridge = ShopBridge(show, self)
            self.catalog_panel = CatalogPanel(show, self.bridge)
            self.chat_panel = ChatPanel(show, self.bridge)
            self.sales_panel = SalesPanel(show, self.bridge)
        panels = (self.catalog_panel, self.chat_panel, self.sales_panel)
        for (title, text), panel in zip(TABS, panels, strict=True):
            if panel is not None:
                widget: QWidget = panel
            else:
                widget = _placeholder(f"{text} {NOT_SET_UP}")
            index = self.tabs.addTab(widget, title)
            self.tabs.setTabToolTip(index, f"{title}: {text}")
        if current >= 0:
            self.tabs.setCurrentIndex(current)

    def close_shop(self) -> None:
        """Stop listening to the shop and end the panels' worker threads."""
        if self.catalog_panel is not None:
            self.catalog_panel.close_panel()
        if self.bridge is not None:
            self.bridge.close()
            self.bridge.deleteLater()
        self.bridge = self.catalog_panel = self.chat_panel = self.sales_panel = None
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
