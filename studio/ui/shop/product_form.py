"""Add or edit one product: a form whose errors are sentences beside the field they concern.

Prices are typed as text and become exact Decimal Money (never a float); the catalog's refusals
(a show code already in use) land next to the field too, and the dialog stays open with
everything typed, so nothing is lost. A field's error is checked again as the host types in it,
so it goes as soon as the field is right (a negative stock is refused as it is typed, never
silently turned positive). Fields the form does not show (description, further
images, a variant's own price) are kept from the product being edited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.shop.catalog import Catalog, CatalogError, ShowCodeTakenError
from studio.shop.model import CODE_PATTERN, Product, Variant
from studio.shop.money import CURRENCY_PATTERN, Money
from studio.ui.shop.product_rows import format_options, money_from_text, parse_variant_rows

MAX_STOCK = 10_000_000
ERROR_STYLE = "color: #d93025;"
PickImage = Callable[[QWidget], str | None]


def pick_image_file(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Product image", "", "Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)"
    )
    return path or None


class ProductForm(QDialog):
    """``saved(Product)`` is emitted with the product as the catalog stored it."""

    saved = Signal(object)

    def __init__(
        self,
        catalog: Catalog,
        product: Product | None = None,
        *,
        currency: str = "USD",
        pick_image: PickImage = pick_image_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("productForm")
        self.setWindowTitle(f"Edit {product.title}" if product else "Add a product")
        self.catalog, self.original, self.pick_image = catalog, product, pick_image
        self.errors: dict[str, QLabel] = {}
        self._checked: set[str] = set()  # fields whose error has been shown
        form = QFormLayout()
        self.title_edit = self._row(form, "title", "Title", QLineEdit())
        self.sku_edit = self._row(form, "sku", "SKU", QLineEdit())
        self.code_edit = self._row(form, "code", "Show code", QLineEdit())
        self.code_edit.setPlaceholderText("assigned when empty, e.g. 12")
        self.price_edit = self._row(form, "price", "Price", QLineEdit())
        self.price_edit.setPlaceholderText("e.g. 19.99")
        self.compare_edit = self._row(form, "compare_at_price", "Compare-at price", QLineEdit())
        self.compare_edit.setPlaceholderText("optional, the struck-through price")
        self.currency_edit = self._row(form, "currency", "Currency", QLineEdit())
        self.currency_edit.setMaxLength(3)
        self.stock_spin = self._row(form, "stock", "Stock", CountSpinBox(MAX_STOCK))
        self.stock_spin.setToolTip("With variants, the stock is theirs, summed")
        self.url_edit = self._row(form, "url", "Product link", QLineEdit())
        self.url_edit.setPlaceholderText("https://…")
        self.image_edit = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        image_row = QWidget()
        image_layout = QHBoxLayout(image_row)
        image_layout.setContentsMargins(0, 0, 0, 0)
        image_layout.addWidget(self.image_edit, 1)
        image_layout.addWidget(browse)
        self._row(form, "image", "Image", image_row)

        self.variants = QTableWidget(0, 3)
        self.variants.setObjectName("productVariants")
        self.variants.setHorizontalHeaderLabels(["Options (Colour: Blue, Size: M)", "SKU", "Stock"])
        self.variants.horizontalHeader().setStretchLastSection(True)
        add_variant, remove_variant = QPushButton("Add variant"), QPushButton("Remove variant")
        add_variant.clicked.connect(lambda: self.add_variant_row())
        remove_variant.clicked.connect(self._remove_variant)
        variant_buttons = QHBoxLayout()
        variant_buttons.addWidget(add_variant)
        variant_buttons.addWidget(remove_variant)
        variant_buttons.addStretch(1)
        self.errors["variants"] = _error_label()
        self.errors["form"] = _error_label()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Variants"))
        layout.addWidget(self.variants, 1)
        layout.addLayout(variant_buttons)
        layout.addWidget(self.errors["variants"])
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.buttons)
        self._fill(product, currency)
        self._check_as_typed()

    # -- building --------------------------------------------------------------------------
    def _row(self, form: QFormLayout, name: str, label: str, field: Any) -> Any:
        error = _error_label()
        error.setObjectName(f"{name}Error")
        self.errors[name] = error
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(field)
        column.addWidget(error)
        form.addRow(label, box)
        return field

    def _fill(self, product: Product | None, currency: str) -> None:
        if product is None:
            self.currency_edit.setText(currency)
            return
        self.title_edit.setText(product.title)
        self.sku_edit.setText(product.sku)
        self.code_edit.setText(product.code or "")
        self.price_edit.setText(str(product.price.amount))
        if product.compare_at_price is not None:
            self.compare_edit.setText(str(product.compare_at_price.amount))
        self.currency_edit.setText(product.price.currency)
        self.stock_spin.setValue(product.stock)
        self.url_edit.setText(product.url)
        self.image_edit.setText(product.image)
        for variant in product.variants:
            self.add_variant_row(
                format_options(variant.options), variant.sku, variant.stock, variant
            )

    def _check_as_typed(self) -> None:
        """Each field's error follows its edits; the stock is refused the moment it is
        negative."""
        fields = {
            "title": (self.title_edit,),
            "sku": (self.sku_edit,),
            "code": (self.code_edit,),
            "price": (self.price_edit, self.currency_edit),
            "compare_at_price": (self.compare_edit, self.price_edit, self.currency_edit),
            "currency": (self.currency_edit,),
            "url": (self.url_edit,),
        }
        for name, edits in fields.items():
            for edit in edits:
                edit.textChanged.connect(lambda _text, name=name: self._recheck(name))
        self.stock_spin.valueChanged.connect(lambda _value: self._recheck("stock", always=True))
        self.variants.itemChanged.connect(lambda _item: self._recheck("variants", "sku"))

    def _recheck(self, *names: str, always: bool = False) -> None:
        """Show ``names``' errors as they are now: only for fields that had one (a field the
        host has not got to is not scolded), or ``always``."""
        if not always and not self._checked.intersection(names) and not self.errors["form"].text():
            return
        problems = self._problems()[0]
        for name in names:
            self.errors[name].setText(problems.get(name, ""))
        self.errors["form"].clear()

    def add_variant_row(
        self, options: str = "", sku: str = "", stock: int = 0, original: Variant | None = None
    ) -> int:
        row = self.variants.rowCount()
        self.variants.insertRow(row)
        first = QTableWidgetItem(options)
        first.setData(Qt.ItemDataRole.UserRole, original)  # its price and image are kept
        self.variants.setItem(row, 0, first)
        self.variants.setItem(row, 1, QTableWidgetItem(sku))
        self.variants.setItem(row, 2, QTableWidgetItem(str(stock)))
        return row

    def _remove_variant(self) -> None:
        row = self.variants.currentRow()
        if row >= 0:
            self.variants.removeRow(row)

    def _browse(self) -> None:
        path = self.pick_image(self)
        if path:
            self.image_edit.setText(path)

    # -- reading and saving ----------------------------------------------------------------
    def _variant_rows(self) -> list[tuple[str, str, str, Variant | None]]:
        rows = []
        for row in range(self.variants.rowCount()):
            cells = [self.variants.item(row, c) for c in range(3)]
            texts = [cell.text() if cell is not None else "" for cell in cells]
            original = cells[0].data(Qt.ItemDataRole.UserRole) if cells[0] else None
            rows.append((texts[0], texts[1], texts[2], original))
        return rows

    def read_product(self) -> Product | None:
        """The product the form describes, or None with every error shown in words."""
        for label in self.errors.values():
            label.clear()
        problems, data = self._problems()
        if data is None:
            self._show(problems)
            return None
        try:
            return Product.model_validate(data)
        except ValidationError as error:
            for item in error.errors():
                field = str(item["loc"][0]) if item["loc"] else "form"
                problems[field if field in self.errors else "form"] = item["msg"]
            self._show(problems)
            return None

    def _problems(self) -> tuple[dict[str, str], dict[str, Any] | None]:
        """What is wrong, field by field, and the product's data when nothing is."""
        problems: dict[str, str] = {}
        title = self.title_edit.text().strip()
        if not title:
            problems["title"] = "A product needs a title."
        code = self.code_edit.text().strip()
        if code and not CODE_PATTERN.match(code):
            problems["code"] = "A show code is 1–16 letters, digits or dashes, e.g. 12."
        elif code and (owner := self.catalog.by_code(code)) and owner.id != self._own_id():
            problems["code"] = f"Show code {code} is already used by “{owner.title}”."
        currency = self.currency_edit.text().strip().upper()
        if not CURRENCY_PATTERN.match(currency):
            problems["currency"] = "A currency is a three-letter code such as USD or EUR."
        price = self._money(self.price_edit, currency, "price", problems, required=True)
        compare = self._money(self.compare_edit, currency, "compare_at_price", problems)
        if price is not None and compare is not None and not price < compare:
            problems["compare_at_price"] = "The compare-at price must be above the price."
        url = self.url_edit.text().strip()
        if url and not url.startswith(("http://", "https://")):
            problems["url"] = "A product link starts with http:// or https://."
        variants, variant_problem = parse_variant_rows(self._variant_rows())
        if variant_problem:
            problems["variants"] = variant_problem
        sku = self.sku_edit.text().strip()
        skus = [s for s in [sku, *(v.sku for v in variants)] if s]
        if len({s.casefold() for s in skus}) < len(skus):
            problems["sku"] = "Each SKU may appear once (check the variants' SKUs)."
        elif taken := self._sku_taken(skus):
            problems["sku"] = taken
        if self.stock_spin.value() < 0:
            problems["stock"] = "Stock cannot be negative: type 0 or more."
        if problems or price is None:
            return problems, None
        data = self.original.model_dump() if self.original else {}
        data.update(
            title=title, sku=sku, code=code or None, price=price, compare_at_price=compare,
            stock=self.stock_spin.value(), url=url, image=self.image_edit.text().strip(),
            variants=variants,
        )  # fmt: skip
        return problems, data

    def save(self) -> Product | None:
        """Validate and write through the catalog. A single-row write to the local file, done
        here (not on a worker) so a refusal can be shown before the dialog closes."""
        product = self.read_product()
        if product is None:
            return None
        try:
            stored = self.catalog.update(product) if self.original else self.catalog.add(product)
        except CatalogError as error:
            field = "code" if isinstance(error, ShowCodeTakenError) else "form"
            self._show({field: f"{error}."})
            return None
        self.saved.emit(stored)
        self.accept()
        return stored

    def _own_id(self) -> str | None:
        return self.original.id if self.original else None

    def _money(
        self, edit: QLineEdit, currency: str, name: str, problems: dict[str, str],
        required: bool = False,
    ) -> Money | None:  # fmt: skip
        text = edit.text().strip()
        if not text:
            if required:
                problems[name] = "A price is needed, e.g. 19.99."
            return None
        if "currency" in problems:
            return None
        money = money_from_text(text, currency)
        if isinstance(money, str):
            problems[name] = money
            return None
        if money.minor_units < 0:
            problems[name] = "A price cannot be negative."
            return None
        return money

    def _sku_taken(self, skus: list[str]) -> str | None:
        wanted = {s.casefold() for s in skus}
        for other in self.catalog.products():
            if other.id == self._own_id():
                continue
            theirs = {s.casefold() for s in [other.sku, *(v.sku for v in other.variants)] if s}
            clash = next((s for s in skus if s.casefold() in theirs), None)
            if clash is not None and wanted & theirs:
                return f"SKU {clash} is already used by “{other.title}”."
        return None

    def _show(self, problems: dict[str, str]) -> None:
        self._checked.update(problems)  # from now on checked as they are typed
        for name, text in problems.items():
            self.errors.get(name, self.errors["form"]).setText(text)


class CountSpinBox(QSpinBox):
    """A count (stock, seconds) that takes a typed minus sign as typed, so "-5" can be refused
    in words instead of silently becoming 5, while its arrows and wheel stop at 0."""

    def __init__(self, maximum: int) -> None:
        super().__init__()
        self.setRange(-maximum, maximum)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = super().stepEnabled()
        if self.value() <= 0:
            flags &= ~QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label
