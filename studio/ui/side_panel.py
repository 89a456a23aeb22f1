"""The right-hand panel beside the preview: catalog, chat and sales (coming with the shop)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QTabWidget, QWidget

TABS = (
    ("Catalog", "Your products, ready to pin on screen — coming with the shop."),
    ("Chat", "The live chat from every platform in one place — coming with the shop."),
    ("Sales", "Orders and sales counts as they happen — coming with the shop."),
)


class SidePanelDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Shop", parent)
        self.setObjectName("shopDock")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("shopTabs")
        for title, text in TABS:
            label = QLabel(text)
            label.setObjectName("placeholder")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            index = self.tabs.addTab(label, title)
            self.tabs.setTabToolTip(index, f"{title}: {text}")
        self.setWidget(self.tabs)
        self.setToolTip("Catalog, chat and sales of the show")
