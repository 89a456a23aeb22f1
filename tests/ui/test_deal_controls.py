"""Flash deal and goal controls in the Catalog tab drive the live shop the overlays draw."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QWidget
from pytestqt.qtbot import QtBot

from studio.clock import NS_PER_S
from studio.shop.live import Goal
from studio.ui.shop.deal_controls import DealControls, countdown_text
from tests.ui.shop_helpers import Tab, catalog_tab, usd

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def tab(tmp_path: Path, qtbot: QtBot) -> Iterator[Tab]:
    with catalog_tab(tmp_path, qtbot) as opened:
        yield opened


def deals_of(tab: Tab) -> DealControls:
    assert tab.panel.deals is not None
    return tab.panel.deals


def test_a_deal_is_validated_then_runs_counts_down_and_ends_itself(tab: Tab, qtbot: QtBot) -> None:
    deals = deals_of(tab)
    tab.panel.view.clearSelection()
    deals.deal_price.setText("9.99")
    assert not deals.start_deal()
    assert deals.deal_error.text() == "Select the product the deal is for."
    tab.select("mug")
    for price, seconds, error in [
        ("9.99.", 60, "Deal price: Write the amount as digits, e.g. 19.99."),
        ("9.999", 60, "Deal price: USD amounts have at most 2 decimals."),
        ("14.50", 60, "The deal price must be below the regular $14.50."),
        ("9.99", 0, "A deal needs a duration of at least one second."),
        ("0", 60, "The deal price must be more than zero."),
    ]:
        deals.deal_price.setText(price)
        deals.deal_seconds.setValue(seconds)
        qtbot.mouseClick(deals.start_deal_button, LEFT)
        assert deals.deal_error.text() == error
        assert tab.live.flash_deal is None
    assert not deals.end_deal_button.isEnabled()

    deals.deal_price.setText("9.99")
    deals.deal_seconds.setValue(90)
    qtbot.mouseClick(deals.start_deal_button, LEFT)
    deal = tab.live.flash_deal
    assert deal is not None and (deal.product_id, deal.price) == ("mug", usd("9.99"))
    assert deals.deal_error.text() == ""
    assert deals.deal_status.text() == "Deal on Enamel Mug: $9.99, 1:30 left"
    assert deals.end_deal_button.isEnabled()

    tab.clock.advance_ns(90 * NS_PER_S)  # the show clock runs out; the countdown timer sees it
    qtbot.waitUntil(lambda: deals.deal_status.text() == "No deal running.")
    assert tab.live.flash_deal is None and not deals.end_deal_button.isEnabled()


def test_a_claim_during_a_deal_started_here_is_at_the_deal_price(tab: Tab, qtbot: QtBot) -> None:
    deals = deals_of(tab)
    tab.select("mug")
    deals.deal_price.setText("9.99")
    assert deals.start_deal()
    during = tab.live.claim("1", 1, "Ann")
    qtbot.mouseClick(deals.end_deal_button, LEFT)
    assert deals.deal_status.text() == "No deal running."
    after = tab.live.claim("1", 1, "Bob")
    assert during.entry is not None and during.entry.unit_price == usd("9.99")
    assert after.entry is not None and after.entry.unit_price == usd("14.50")


def test_goals_in_units_or_revenue(tab: Tab, qtbot: QtBot) -> None:
    deals = deals_of(tab)
    assert deals.goal_status.text() == "No goal set." and not deals.clear_goal_button.isEnabled()
    for text, error in [("ten", "A units goal is a whole number, e.g. 50."),
                        ("0", "A units goal needs a positive target.")]:  # fmt: skip
        deals.goal_target.setText(text)
        qtbot.mouseClick(deals.set_goal_button, LEFT)
        assert deals.goal_error.text() == error and tab.live.goal is None

    deals.goal_target.setText("50")
    qtbot.mouseClick(deals.set_goal_button, LEFT)
    assert tab.live.goal == Goal("units", target_units=50)
    tab.live.claim("1", 2, "Ann")
    qtbot.waitUntil(lambda: deals.goal_status.text() == "Goal: 2 of 50 units")

    deals.goal_measure.setCurrentIndex(1)
    deals.goal_target.setText("2500.5")
    qtbot.mouseClick(deals.set_goal_button, LEFT)
    assert tab.live.goal == Goal("revenue", target_revenue=usd("2500.50"))
    assert deals.goal_status.text() == "Goal: $29.00 of $2,500.50"
    deals.goal_target.setText("2500.505")
    assert not deals.set_goal()
    assert deals.goal_error.text() == "Revenue goal: USD amounts have at most 2 decimals."

    qtbot.mouseClick(deals.clear_goal_button, LEFT)
    assert tab.live.goal is None and deals.goal_status.text() == "No goal set."


def test_countdown_text() -> None:
    assert [countdown_text(s) for s in (0, 9, 61, 3600)] == ["0:00", "0:09", "1:01", "60:00"]


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Click into the field, select what is there and type over it, as a host does."""
    target = widget.lineEdit() if isinstance(widget, QAbstractSpinBox) else widget
    qtbot.mouseClick(target, LEFT)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_a_typed_negative_duration_is_refused_and_not_run_as_positive(
    tab: Tab, qtbot: QtBot
) -> None:
    deals = deals_of(tab)
    tab.select("mug")
    retype(qtbot, deals.deal_price, "9.99")
    retype(qtbot, deals.deal_seconds, "-5")
    refusal = "A duration cannot be negative: type the seconds, e.g. 60."
    assert deals.deal_error.text() == refusal and deals.deal_error.isVisible()
    qtbot.mouseClick(deals.start_deal_button, LEFT)
    assert deals.deal_error.text() == refusal and tab.live.flash_deal is None
    assert deals.deal_seconds.text() == "-5 s"

    retype(qtbot, deals.deal_seconds, "30")
    assert deals.deal_error.text() == "" and not deals.deal_error.isVisible()
    qtbot.mouseClick(deals.start_deal_button, LEFT)
    deal = tab.live.flash_deal
    assert deal is not None and deal.seconds_left(tab.clock.now_ns()) == 30


def test_deal_and_goal_errors_clear_as_soon_as_the_value_is_corrected(
    tab: Tab, qtbot: QtBot
) -> None:
    deals = deals_of(tab)
    tab.select("mug")
    retype(qtbot, deals.deal_price, "20")
    qtbot.mouseClick(deals.start_deal_button, LEFT)
    assert deals.deal_error.text() == "The deal price must be below the regular $14.50."
    retype(qtbot, deals.deal_price, "15")
    assert deals.deal_error.text() == "The deal price must be below the regular $14.50."
    retype(qtbot, deals.deal_price, "9.99")
    assert deals.deal_error.text() == "" and tab.live.flash_deal is None  # not started by it

    retype(qtbot, deals.goal_target, "ten")
    qtbot.keyClick(deals.goal_target, Qt.Key.Key_Return)
    assert deals.goal_error.text() == "A units goal is a whole number, e.g. 50."
    retype(qtbot, deals.goal_target, "50")
    assert deals.goal_error.text() == "" and not deals.goal_error.isVisible()
    assert tab.live.goal is None
