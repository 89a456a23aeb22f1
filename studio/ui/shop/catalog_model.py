"""The catalog as a Qt table model: thumbnail, show code, title, price and a stock badge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from studio.shop.model import Product
from studio.shop.money_format import format_money
from studio.ui.shop.thumbnails import ThumbnailCache

LOW_STOCK = 5  # at or below this many, the badge counts down ("Only 2 left")
ProductRole = Qt.ItemDataRole.UserRole + 1
FEATURED_BACKGROUND = QColor("#1e5631")
SOLD_OUT_COLOUR = QColor("#d93025")
LOW_STOCK_COLOUR = QColor("#f29900")

Index = QModelIndex | QPersistentModelIndex


def stock_badge(stock: int) -> str:
    if stock <= 0:
        return "Sold out"
    if stock <= LOW_STOCK:
        return f"Only {stock} left"
    return "In stock"


class CatalogModel(QAbstractTableModel):
    CODE, TITLE, PRICE, STOCK = range(4)
    HEADERS = ("Code", "Product", "Price", "Stock")

    def __init__(self, thumbnails: ThumbnailCache, locale: str = "en_US") -> None:
        super().__init__()
        self.thumbnails = thumbnails
        self.locale = locale
        self._products: list[Product] = []
        self._featured_id: str | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        thumbnails.loaded.connect(self._thumbnail_loaded)

    # -- content -------------------------------------------------------------------------
    def set_products(self, products: list[Product]) -> None:
        self.beginResetModel()
        self._products = list(products)
        self.endResetModel()

    def product(self, row: int) -> Product | None:
        return self._products[row] if 0 <= row < len(self._products) else None

    def row_of(self, product_id: str | None) -> int | None:
        for row, product in enumerate(self._products):
            if product.id == product_id:
                return row
        return None

    @property
    def featured_id(self) -> str | None:
        return self._featured_id

    def set_featured(self, product_id: str | None) -> None:
        if product_id == self._featured_id:
            return
        rows = [self.row_of(self._featured_id), self.row_of(product_id)]
        self._featured_id = product_id
        for row in rows:
            if row is not None:
                self._row_changed(row)

    # -- the model -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._products)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        product = self.product(index.row()) if index.isValid() else None
        if product is None:
            return None
        column = index.column()
        featured = product.id == self._featured_id
        if role == ProductRole:
            return product
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(product, column, featured)
        if role == Qt.ItemDataRole.DecorationRole and column == self.TITLE:
            return self.thumbnails.get(product.image)
        if role == Qt.ItemDataRole.BackgroundRole and featured:
            return FEATURED_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and featured:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STOCK:
            if product.stock <= 0:
                return SOLD_OUT_COLOUR
            if product.stock <= LOW_STOCK:
                return LOW_STOCK_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            on_air = "\nOn air now" if featured else ""
            return f"{product.title} — show code {product.code}{on_air}"
        return None

    def _text(self, product: Product, column: int, featured: bool) -> str:
        if column == self.CODE:
            return f"#{product.code}" if product.code else ""
        if column == self.TITLE:
            return f"● {product.title}" if featured else product.title
        if column == self.PRICE:
            return format_money(product.price, self.locale)
        return stock_badge(product.stock)

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _thumbnail_loaded(self, path: str) -> None:
        for row, product in enumerate(self._products):
            if product.image == path:
                index = self.index(row, self.TITLE)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
