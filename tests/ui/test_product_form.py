"""Add, edit and delete products from the Catalog tab, with errors in words beside the field."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QWidget
from pytestqt.qtbot import QtBot

from studio.capture.shop_overlays import ProductCardSettings, card_view
from studio.shop.catalog import CatalogError
from studio.ui.shop.product_form import ProductForm
from studio.ui.shop.product_rows import parse_options
from tests.ui.shop_helpers import Tab, catalog_tab, usd

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def tab(tmp_path: Path, qtbot: QtBot) -> Iterator[Tab]:
    with catalog_tab(tmp_path, qtbot) as opened:
        yield opened


def open_form(tab: Tab, qtbot: QtBot, button: str) -> ProductForm:
    editing = tab.panel.editing
    qtbot.mouseClick(getattr(editing, f"{button}_button"), LEFT)
    form = editing.form
    assert form is not None and form.isVisible()
    return form


def test_a_new_product_is_saved_exactly_and_listed(tab: Tab, qtbot: QtBot) -> None:
    form = open_form(tab, qtbot, "add")
    assert form.currency_edit.text() == "USD"  # the show's currency
    form.title_edit.setText("Silk Scarf")
    form.sku_edit.setText("SCARF-1")
    form.price_edit.setText("19.99")
    form.compare_edit.setText("25.00")
    form.stock_spin.setValue(3)
    form.url_edit.setText("https://shop.example/scarf")
    form.pick_image = lambda _parent: "/pictures/scarf.png"
    form._browse()
    qtbot.mouseClick(form.buttons.button(form.buttons.StandardButton.Save), LEFT)

    assert not form.isVisible()
    saved = tab.catalog.search("scarf")[0]
    assert saved.price.amount == Decimal("19.99") and saved.compare_at_price == usd("25.00")
    assert (saved.code, saved.stock, saved.image) == ("3", 3, "/pictures/scarf.png")
    model = tab.panel.model
    row = model.row_of(saved.id)
    assert row is not None and model.index(row, model.PRICE).data() == "$19.99"
    assert tab.panel.selected_product() == saved
    assert "Saved Silk Scarf" in tab.panel.status.text()


def test_errors_are_sentences_beside_their_fields_and_nothing_typed_is_lost(
    tab: Tab, qtbot: QtBot
) -> None:
    form = open_form(tab, qtbot, "add")
    form.price_edit.setText("19,99")
    form.compare_edit.setText("5.00")
    form.code_edit.setText("1")  # the mug's
    form.url_edit.setText("shop.example/x")
    form.add_variant_row("Size: L", "TEE-S", 1)  # the tee's variant SKU
    assert form.save() is None
    errors = {name: label.text() for name, label in form.errors.items() if label.text()}
    assert errors == {
        "title": "A product needs a title.",
        "code": "Show code 1 is already used by “Enamel Mug”.",
        "price": errors["price"],
        "url": "A product link starts with http:// or https://.",
        "sku": "SKU TEE-S is already used by “Tee”.",
    }
    assert errors["price"] == "Write the amount as digits, e.g. 19.99."
    assert form.isVisible() and form.price_edit.text() == "19,99"  # kept for correcting
    assert len(tab.catalog) == 2

    form.title_edit.setText("Lamp")
    form.price_edit.setText("19.99")  # now the compare-at price is below it
    form.code_edit.setText("9")
    form.url_edit.clear()
    form.variants.item(0, 1).setText("LAMP-L")  # type: ignore[union-attr]
    form.variants.item(0, 2).setText("x")  # type: ignore[union-attr]
    assert form.save() is None
    assert form.errors["compare_at_price"].text() == (
        "The compare-at price must be above the price."
    )
    assert form.errors["variants"].text() == "Variant row 1: stock is a whole number, 0 or more."
    assert form.errors["title"].text() == ""  # corrected fields lose their error

    form.compare_edit.clear()
    form.variants.item(0, 2).setText("6")  # type: ignore[union-attr]
    saved = form.save()
    assert saved is not None and saved.code == "9" and saved.stock == 6
    assert saved.variants[0].options == {"Size": "L"}


def test_a_code_taken_meanwhile_is_refused_by_the_catalog_and_shown(
    tab: Tab, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = open_form(tab, qtbot, "add")
    form.title_edit.setText("Lamp")
    form.price_edit.setText("39.00")
    form.code_edit.setText("2")
    # Another window took the code after the form looked: the catalog's own check answers.
    monkeypatch.setattr(form.catalog, "by_code", lambda _code: None)
    with pytest.raises(CatalogError):
        tab.catalog.add(form.read_product())  # type: ignore[arg-type]
    assert form.save() is None
    assert "show code '2' is already used" in form.errors["code"].text()
    assert form.isVisible() and form.title_edit.text() == "Lamp"


def test_editing_keeps_what_the_form_hides_and_the_card_follows(tab: Tab, qtbot: QtBot) -> None:
    tab.live.feature("mug")
    settings = ProductCardSettings()
    view = card_view(settings, tab.live, tab.live.snapshot())
    assert view is not None and not view.sold_out and view.stock_note == "Only 2 left"
    tab.select("mug")
    form = open_form(tab, qtbot, "edit")
    assert (form.title_edit.text(), form.price_edit.text(), form.stock_spin.value()) == (
        "Enamel Mug", "14.50", 2,
    )  # fmt: skip
    form.stock_spin.setValue(0)
    form.price_edit.setText("12.00")
    assert form.save() is not None

    def card_sold_out() -> bool:
        view = card_view(settings, tab.live, tab.live.snapshot())
        return view is not None and view.sold_out and view.price == "$12.00"

    qtbot.waitUntil(card_sold_out)
    mug = tab.catalog.get("mug")
    assert mug is not None and mug.description == "Keeps tea hot" and mug.code == "1"
    assert mug.images == ["https://img.example/mug-2.jpg"]
    model = tab.panel.model
    assert model.index(model.row_of("mug"), model.STOCK).data() == "Sold out"  # type: ignore[arg-type]


def test_variant_rows_keep_their_own_prices(tab: Tab, qtbot: QtBot) -> None:
    tab.select("tee")
    form = open_form(tab, qtbot, "edit")
    assert form.variants.item(0, 0).text() == "Size: S"  # type: ignore[union-attr]
    form.variants.item(0, 2).setText("1")  # type: ignore[union-attr]
    form.add_variant_row("Size: M, Blue", "TEE-M", 5)
    form.add_variant_row()  # an empty row is ignored
    saved = form.save()
    assert saved is not None and saved.stock == 6
    assert [v.options for v in saved.variants] == [
        {"Size": "S"},
        {"Size": "M", "Option 2": "Blue"},
    ]
    assert saved.variants[0].price == usd("21.00") and saved.variants[1].price is None
    assert parse_options("Colour: Blue, Size: M") == {"Colour": "Blue", "Size": "M"}


def test_delete_asks_first_and_takes_the_product_off_air(tab: Tab, qtbot: QtBot) -> None:
    tab.live.feature("mug")
    tab.live.start_flash_deal(usd("9.99"), 60, "mug")
    tab.select("mug")
    editing = tab.panel.editing
    editing.confirm = lambda _question: False
    qtbot.mouseClick(editing.delete_button, LEFT)
    assert tab.catalog.get("mug") is not None
    questions: list[str] = []
    editing.confirm = lambda question: questions.append(question) or True
    qtbot.mouseClick(editing.delete_button, LEFT)
    qtbot.waitUntil(lambda: tab.panel.model.row_of("mug") is None)
    assert "Enamel Mug" in questions[0]
    assert tab.catalog.get("mug") is None
    assert tab.live.featured is None and tab.live.flash_deal is None
    assert not editing.edit_button.isEnabled()  # nothing selected any more


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Click into the field, select what is there and type over it, as a host does."""
    target = widget.lineEdit() if isinstance(widget, QAbstractSpinBox) else widget
    qtbot.mouseClick(target, LEFT)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def save_button(form: ProductForm) -> QWidget:
    return form.buttons.button(form.buttons.StandardButton.Save)


def test_a_typed_negative_stock_is_refused_beside_stock_and_nothing_changes(
    tab: Tab, qtbot: QtBot
) -> None:
    tab.select("mug")
    form = open_form(tab, qtbot, "edit")
    retype(qtbot, form.stock_spin, "-5")
    error = form.errors["stock"]
    assert error.text() == "Stock cannot be negative: type 0 or more."  # at once, as typed
    qtbot.mouseClick(save_button(form), LEFT)
    assert form.isVisible() and error.isVisible()
    assert error.parentWidget() is form.stock_spin.parentWidget()  # beside the Stock field
    assert form.stock_spin.text() == "-5"  # kept as typed, not turned into 5
    mug = tab.catalog.get("mug")
    assert mug is not None and mug.stock == 2

    retype(qtbot, form.stock_spin, "3")
    assert error.text() == ""  # corrected: the error goes before any Save
    qtbot.mouseClick(save_button(form), LEFT)
    assert not form.isVisible()
    mug = tab.catalog.get("mug")
    assert mug is not None and mug.stock == 3


def test_the_stock_arrows_stop_at_zero(tab: Tab, qtbot: QtBot) -> None:
    form = open_form(tab, qtbot, "add")
    assert form.stock_spin.value() == 0
    qtbot.mouseClick(form.stock_spin.lineEdit(), LEFT)
    qtbot.keyClick(form.stock_spin, Qt.Key.Key_Down)
    assert form.stock_spin.value() == 0 and form.errors["stock"].text() == ""


def test_an_error_clears_as_soon_as_its_field_is_corrected_and_on_reopening(
    tab: Tab, qtbot: QtBot
) -> None:
    form = open_form(tab, qtbot, "add")
    retype(qtbot, form.price_edit, "19,99")
    qtbot.mouseClick(save_button(form), LEFT)
    errors = form.errors
    assert errors["title"].text() == "A product needs a title."
    assert errors["price"].text() == "Write the amount as digits, e.g. 19.99."

    retype(qtbot, form.title_edit, "Lamp")
    assert errors["title"].text() == ""  # typed right: gone without a Save
    assert errors["price"].text() != ""  # a field not yet touched keeps its error
    retype(qtbot, form.price_edit, "19,9")
    assert errors["price"].text() == "Write the amount as digits, e.g. 19.99."  # still wrong
    retype(qtbot, form.price_edit, "19.90")
    assert errors["price"].text() == ""

    retype(qtbot, form.price_edit, "x")
    qtbot.mouseClick(save_button(form), LEFT)
    assert errors["price"].text() != ""
    qtbot.mouseClick(form.buttons.button(form.buttons.StandardButton.Cancel), LEFT)
    again = open_form(tab, qtbot, "add")
    assert [label.text() for label in again.errors.values() if label.text()] == []
