"""The Catalog tab's Add…, Edit… and Delete: the product form, and what follows a change.

After a save the list is searched again and the live shop re-reads the featured product, so
the on-stream card shows the edit (a stock set to 0 turns it SOLD OUT); comment-to-buy reads
the show codes and variant options again with the next comment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

from studio.shop.model import Product
from studio.ui.shop.product_form import ProductForm

if TYPE_CHECKING:
    from studio.ui.shop.catalog_panel import CatalogPanel

Confirm = Callable[[str], bool]


class EditButtons(QWidget):
    """``confirm(question)`` asks before a delete (a message box; tests answer it)."""

    def __init__(self, panel: CatalogPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.form: ProductForm | None = None  # the open form, if any
        self.confirm: Confirm = self._ask
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton("Add…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.add_button.setToolTip("Add a product to the catalog")
        self.edit_button.setToolTip("Change the selected product (double-click features it)")
        self.delete_button.setToolTip("Remove the selected product from the catalog")
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.update_buttons()

    def update_buttons(self) -> None:
        selected = self.panel.selected_product() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    # -- the form --------------------------------------------------------------------------
    def add(self) -> ProductForm:
        return self._open(None)

    def edit(self) -> ProductForm | None:
        selected = self.panel.selected_product()
        # The row may be older than the last sale: the form starts from the stored product.
        product = self.panel.catalog.get(selected.id) if selected else None
        return self._open(product) if product is not None else None

    def _open(self, product: Product | None) -> ProductForm:
        if self.form is not None:
            self.form.close()
        form = ProductForm(self.panel.catalog, product, currency=self._currency(), parent=self)
        form.saved.connect(self._saved)
        form.finished.connect(lambda _result: self._forget(form))
        self.form = form
        form.open()  # window-modal without a nested event loop
        return form

    def _forget(self, form: ProductForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def _saved(self, product: Product) -> None:
        self.panel.status.setText(f"Saved {product.title} (show code #{product.code}).")
        self._changed(product.id)

    def _changed(self, product_id: str | None) -> None:
        panel = self.panel
        panel.reload()
        row = panel.model.row_of(product_id)
        if row is not None:
            panel.view.selectRow(row)
        panel.bridge.run(panel.shop.refresh)  # the featured card re-reads the product
        panel.show_core.comment_to_buy.refresh()

    def _currency(self) -> str:
        revenue = self.panel.shop.sales.revenue
        if revenue is not None:
            return revenue.currency
        first = next(iter(self.panel.catalog.products()), None)
        return first.price.currency if first is not None else "USD"

    # -- delete ----------------------------------------------------------------------------
    def delete(self) -> None:
        product = self.panel.selected_product()
        if product is None:
            return
        question = (
            f"Delete “{product.title}” (show code #{product.code}) from the catalog? "
            "Its past sales stay in the ledger."
        )
        if not self.confirm(question):
            return
        shop, catalog = self.panel.shop, self.panel.catalog

        def work() -> bool:
            # Off screen first: the card and a deal must not show a product that is gone.
            deal = shop.flash_deal
            if deal is not None and deal.product_id == product.id:
                shop.end_flash_deal()
            featured = shop.featured
            if featured is not None and featured.id == product.id:
                shop.clear()
            return catalog.delete(product.id)

        def done(_deleted: bool) -> None:
            self.panel.status.setText(f"Deleted {product.title}.")
            self._changed(None)

        self.panel.bridge.run(work, done, self.panel._failed)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(
            self, "Delete product", question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes
