"""The Catalog tab: find a product, put it on air, follow the run of show."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.shop.catalog import Catalog
from studio.shop.live import ShopLive
from studio.shop.model import Product
from studio.show.show import Show
from studio.ui.shop.catalog_editing import EditButtons
from studio.ui.shop.catalog_model import CatalogModel
from studio.ui.shop.deal_controls import DealControls
from studio.ui.shop.prompter_strip import PrompterStrip
from studio.ui.shop.shop_bridge import ShopBridge
from studio.ui.shop.store_status import StoreStatusBar
from studio.ui.shop.thumbnails import THUMBNAIL_PX, ThumbnailCache

SEARCH_DELAY_MS = 150


class CatalogPanel(QWidget):
    """Search runs on the UI thread (a small local SQLite query); featuring writes the
    ledger's featured interval, so it runs on the bridge's worker."""

    def __init__(self, show: Show, bridge: ShopBridge, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("catalogPanel")
        self.bridge = bridge
        self.show_core = show
        self.shop: ShopLive = show.shop
        self.catalog: Catalog = show.catalog
        self.thumbnails = ThumbnailCache(THUMBNAIL_PX, self)
        self.model = CatalogModel(self.thumbnails, show.locale)
        self._last_units: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.prompter: PrompterStrip | None = None
        if show.prompter is not None:
            self.prompter = PrompterStrip(show.prompter)
            layout.addWidget(self.prompter)
        self.store_status = StoreStatusBar(show, bridge, lambda: self.reload())
        layout.addWidget(self.store_status)

        self.search = QLineEdit()
        self.search.setObjectName("catalogSearch")
        self.search.setPlaceholderText("Search title, SKU or show code…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Find a product by its title, SKU or show code")
        layout.addWidget(self.search)

        self.view = QTableView()
        self.view.setObjectName("catalogView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setIconSize(self.thumbnails.placeholder.size())
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(THUMBNAIL_PX + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CatalogModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.view.installEventFilter(self)
        self.view.setToolTip("Your products: double-click or Enter puts one on screen")
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.previous_button = QPushButton("◀ Previous")
        self.feature_button = QPushButton("Feature")
        self.clear_button = QPushButton("Clear")
        self.next_button = QPushButton("Next ▶")
        self.feature_button.setToolTip("Put the selected product on screen (double-click, Enter)")
        self.clear_button.setToolTip("Take the product card off screen")
        self.previous_button.setToolTip("Feature the run of show's previous product")
        self.next_button.setToolTip("Feature the run of show's next product")
        for button in (
            self.previous_button,
            self.feature_button,
            self.clear_button,
            self.next_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.editing = EditButtons(self)
        layout.addWidget(self.editing)
        self.deals = DealControls(self.shop, self.selected_product, show.locale)
        layout.addWidget(self.deals)
        bridge.shop_changed.connect(self.deals.refresh)
        self.status = QLabel()
        self.status.setObjectName("catalogStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.reload)
        self.view.doubleClicked.connect(self._double_clicked)
        self.feature_button.clicked.connect(self.feature_selected)
        self.clear_button.clicked.connect(self.clear_featured)
        self.next_button.clicked.connect(lambda: self.step(forward=True))
        self.previous_button.clicked.connect(lambda: self.step(forward=False))
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        bridge.shop_changed.connect(self._shop_changed)
        self.reload()
        self._shop_changed()

    # -- listing ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Search again (keeps the selection on the same product)."""
        self._search_timer.stop()
        selected = self.selected_product()
        text = self.search.text().strip()
        products = self.catalog.search(text) if text else self.catalog.products()
        self.model.set_products(products)
        row = self.model.row_of(selected.id if selected else None)
        if row is not None:
            self.view.selectRow(row)
        self._update_buttons()

    def selected_product(self) -> Product | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.product(rows[0].row()) if rows else None

    # -- on air ----------------------------------------------------------------------------
    def feature_selected(self) -> None:
        product = self.selected_product()
        if product is not None:
            self.feature(product.id)

    def feature(self, product_id: str) -> None:
        shop = self.shop
        self.bridge.run(lambda: shop.feature(product_id), self._featured, self._failed)

    def clear_featured(self) -> None:
        self.bridge.run(self.shop.clear, None, self._failed)

    def step(self, forward: bool) -> None:
        """Feature the next (or previous) product of the run of show."""
        shop = self.shop
        self.bridge.run(shop.next if forward else shop.previous, self._stepped, self._failed)

    def _featured(self, product: Product) -> None:
        self.status.setText(f"On air: {product.title}")

    def _stepped(self, product: Product | None) -> None:
        if product is None:
            self.status.setText("The run of show has no further segment.")
        else:
            self._featured(product)
        if self.prompter is not None:
            self.prompter.refresh()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(str(error) or type(error).__name__)

    def _double_clicked(self, index: QModelIndex) -> None:
        product = self.model.product(index.row())
        if product is not None:
            self.feature(product.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.feature_selected()
            return True
        return super().eventFilter(watched, event)

    def _shop_changed(self, _version: int = 0) -> None:
        shop = self.shop
        featured = shop.featured
        self.model.set_featured(featured.id if featured else None)
        units = shop.sales.units
        if self._last_units is not None and units != self._last_units:
            self.reload()  # a sale changed stock: the badges follow
        self._last_units = units
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_lineup = bool(self.shop.lineup)
        self.feature_button.setEnabled(self.selected_product() is not None)
        self.editing.update_buttons()
        self.clear_button.setEnabled(self.model.featured_id is not None)
        self.next_button.setEnabled(has_lineup)
        self.previous_button.setEnabled(has_lineup)

    def close_panel(self) -> None:
        self.deals.stop()
        self.thumbnails.close()
