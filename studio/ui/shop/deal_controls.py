"""Flash deal and sales goal controls under the catalog: what the on-stream overlays show.

A flash deal runs on the selected product at a typed price (exact Decimal, below the regular
price) for a number of seconds, and ends by itself on the show clock; the goal is units or
revenue. Both are ShopLive's; these widgets only read the typed values and show its refusals.
A refusal is checked again as the host types, so it goes as soon as the value is right; a
negative duration is refused as typed, never silently made positive.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.shop.live import Goal, ShopLive, ShopLiveError
from studio.shop.model import Product
from studio.shop.money import Money
from studio.shop.money_format import format_money
from studio.ui.shop.product_form import CountSpinBox
from studio.ui.shop.product_rows import money_from_text

COUNTDOWN_MS = 500  # the countdown label follows the overlay's whole seconds closely enough
MAX_DEAL_S = 24 * 3600
ERROR_STYLE = "color: #d93025;"


def countdown_text(seconds: int) -> str:
    minutes, seconds = divmod(max(seconds, 0), 60)
    return f"{minutes}:{seconds:02d}"


class DealControls(QWidget):
    """``selected()`` answers the catalog's selected product (the deal's product)."""

    def __init__(
        self,
        shop: ShopLive,
        selected: Callable[[], Product | None],
        locale: str = "en_US",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dealControls")
        self.shop, self.selected, self.locale = shop, selected, locale
        # Once a value was refused, its error follows the typing until it is accepted.
        self._deal_refusals = self._goal_refusals = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.deal_price = QLineEdit()
        self.deal_price.setObjectName("dealPrice")
        self.deal_price.setPlaceholderText("Price, e.g. 9.99")
        self.deal_price.setToolTip(
            "The deal price of the selected product, below its regular price (Enter starts it)"
        )
        self.deal_seconds = CountSpinBox(MAX_DEAL_S)
        self.deal_seconds.setObjectName("dealSeconds")
        self.deal_seconds.setValue(60)
        self.deal_seconds.setSuffix(" s")
        self.deal_seconds.setToolTip("How long the deal runs; it ends by itself")
        self.start_deal_button = QPushButton("Start deal")
        self.start_deal_button.setToolTip("A special price on the selected product, counting down")
        self.end_deal_button = QPushButton("End deal")
        self.end_deal_button.setToolTip("End the running deal now")
        self.deal_error, self.deal_status = _ErrorLabel(), QLabel()
        self.deal_status.setObjectName("dealStatus")
        layout.addWidget(
            _section(
                "Flash deal",
                (self.deal_price, self.deal_seconds, self.start_deal_button, self.end_deal_button),
                self.deal_status,
                self.deal_error,
            )
        )

        self.goal_measure = QComboBox()
        self.goal_measure.setObjectName("goalMeasure")
        self.goal_measure.addItem("Units", "units")
        self.goal_measure.addItem("Revenue", "revenue")
        self.goal_measure.setToolTip("Count the goal in units sold or in revenue")
        self.goal_target = QLineEdit()
        self.goal_target.setObjectName("goalTarget")
        self.goal_target.setPlaceholderText("Target, e.g. 50")
        self.goal_target.setToolTip(
            "How many units (e.g. 50) or how much revenue (e.g. 2500.00) to reach (Enter sets it)"
        )
        self.set_goal_button = QPushButton("Set goal")
        self.set_goal_button.setToolTip("Show the goal and its progress on stream")
        self.clear_goal_button = QPushButton("Clear goal")
        self.clear_goal_button.setToolTip("Take the goal off the stream")
        self.goal_error, self.goal_status = _ErrorLabel(), QLabel()
        self.goal_status.setObjectName("goalStatus")
        layout.addWidget(
            _section(
                "Sales goal",
                (self.goal_measure, self.goal_target, self.set_goal_button, self.clear_goal_button),
                self.goal_status,
                self.goal_error,
            )
        )

        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_MS)
        self._countdown.timeout.connect(self.refresh)
        self.start_deal_button.clicked.connect(self.start_deal)
        self.end_deal_button.clicked.connect(self.end_deal)
        self.set_goal_button.clicked.connect(self.set_goal)
        self.clear_goal_button.clicked.connect(self.clear_goal)
        self.deal_price.returnPressed.connect(self.start_deal)
        self.goal_target.returnPressed.connect(self.set_goal)
        self.goal_measure.currentIndexChanged.connect(self._measure_changed)
        self.deal_price.textChanged.connect(self._recheck_deal)
        self.deal_seconds.valueChanged.connect(self._recheck_deal)
        self.goal_target.textChanged.connect(self._recheck_goal)
        self.refresh()

    # -- flash deal ------------------------------------------------------------------------
    def start_deal(self) -> bool:
        self.deal_error.clear()
        problem, deal = self._deal_problem()
        if deal is None:
            return self._deal_refused(problem)
        price, product = deal
        try:
            self.shop.start_flash_deal(price, self.deal_seconds.value(), product.id)
        except ShopLiveError as error:
            return self._deal_refused(_sentence(error))
        self._deal_refusals = False
        self.refresh()
        return True

    def _deal_problem(self) -> tuple[str, tuple[Money, Product] | None]:
        """What stops the typed deal, or the price and product it is for."""
        if self.deal_seconds.value() < 0:
            return "A duration cannot be negative: type the seconds, e.g. 60.", None
        product = self.selected()
        if product is None:
            return "Select the product the deal is for.", None
        price = money_from_text(self.deal_price.text(), product.price.currency)
        if isinstance(price, str):
            return f"Deal price: {price}", None
        if price.minor_units <= 0:
            return "The deal price must be more than zero.", None
        if not price < product.price:
            regular = format_money(product.price, self.locale)
            return f"The deal price must be below the regular {regular}.", None
        if self.deal_seconds.value() <= 0:
            return "A deal needs a duration of at least one second.", None
        return "", (price, product)

    def _recheck_deal(self, *_: object) -> None:
        """While a refusal shows (or the duration turns negative), follow the typing: it
        goes as soon as what was refused is right."""
        if self._deal_refusals or self.deal_seconds.value() < 0:
            self.deal_error.setText(self._deal_problem()[0])

    def end_deal(self) -> None:
        self.shop.end_flash_deal()
        self.refresh()

    def _deal_refused(self, text: str) -> bool:
        self._deal_refusals = True
        self.deal_error.setText(text)
        return False

    # -- goal ------------------------------------------------------------------------------
    def set_goal(self) -> bool:
        self.goal_error.clear()
        problem, goal = self._goal_problem()
        if goal is None:
            self._goal_refusals = True
            self.goal_error.setText(problem)
            return False
        self.shop.set_goal(goal)
        self._goal_refusals = False
        self.refresh()
        return True

    def _goal_problem(self) -> tuple[str, Goal | None]:
        text = self.goal_target.text().strip()
        try:
            if self.goal_measure.currentData() == "units":
                if not (text.isascii() and text.isdigit()):
                    return "A units goal is a whole number, e.g. 50.", None
                return "", Goal("units", target_units=int(text))
            target = money_from_text(text, self._currency())
            if isinstance(target, str):
                return f"Revenue goal: {target}", None
            return "", Goal("revenue", target_revenue=target)
        except ShopLiveError as error:
            return _sentence(error), None

    def _recheck_goal(self, *_: object) -> None:
        if self._goal_refusals:
            self.goal_error.setText(self._goal_problem()[0])

    def _measure_changed(self, *_: object) -> None:
        example = "50" if self.goal_measure.currentData() == "units" else "2500.00"
        self.goal_target.setPlaceholderText(f"Target, e.g. {example}")
        self._recheck_goal()

    def clear_goal(self) -> None:
        self.shop.set_goal(None)
        self.refresh()

    def _currency(self) -> str:
        revenue = self.shop.sales.revenue
        if revenue is not None:
            return revenue.currency
        product = self.selected()
        return product.price.currency if product is not None else "USD"

    # -- showing the state -----------------------------------------------------------------
    def refresh(self, *_: object) -> None:
        """Show the running deal's countdown and the goal's progress (after any change)."""
        deal = self.shop.flash_deal  # reading it ends a deal that is due
        if deal is None:
            self.deal_status.setText("No deal running.")
            self._countdown.stop()
        else:
            product = self.shop.find(deal.product_id)
            name = product.title if product else deal.product_id
            left = deal.seconds_left(self.shop.clock.now_ns())
            self.deal_status.setText(
                f"Deal on {name}: {format_money(deal.price, self.locale)}, "
                f"{countdown_text(left)} left"
            )
            if not self._countdown.isActive():
                self._countdown.start()
        self.end_deal_button.setEnabled(deal is not None)
        self.goal_status.setText(self._goal_text())
        self.clear_goal_button.setEnabled(self.shop.goal is not None)

    def _goal_text(self) -> str:
        goal, sales = self.shop.goal, self.shop.sales
        if goal is None:
            return "No goal set."
        if goal.measure == "units":
            return f"Goal: {sales.units} of {goal.target_units} units"
        target = goal.target_revenue
        assert target is not None  # a revenue goal always has one (Goal checks)
        done = sales.revenue or Money.zero(target.currency)
        return f"Goal: {format_money(done, self.locale)} of {format_money(target, self.locale)}"

    def stop(self) -> None:
        self._countdown.stop()


class _ErrorLabel(QLabel):
    """A refusal in red, taking no room while there is none (the side panel is short on a
    laptop screen)."""

    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setVisible(False)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        super().clear()
        self.setVisible(False)


def _section(title: str, row: tuple[QWidget, ...], status: QLabel, error: QLabel) -> QGroupBox:
    """A titled box: the controls in one row, the state and any refusal under them, with
    tight margins so the product list above keeps its rows."""
    box = QGroupBox(title)
    grid = QGridLayout(box)
    grid.setContentsMargins(6, 4, 6, 4)
    grid.setVerticalSpacing(2)
    for column, widget in enumerate(row):
        grid.addWidget(widget, 0, column)
    typed = next(i for i, widget in enumerate(row) if isinstance(widget, QLineEdit))
    grid.setColumnStretch(typed, 1)  # the typed value takes the spare width
    grid.addWidget(status, 1, 0, 1, len(row))
    grid.addWidget(error, 2, 0, 1, len(row))
    return box


def _sentence(error: Exception) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."
