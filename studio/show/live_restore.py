"""Putting a live show's state back after a crash, from its snapshot, with no window.

:func:`restore_live_state` is what :meth:`Show.restore <studio.show.show.Show.restore>` does:
the ledger show that was on air, left open by the crash, is ended as of the restart (so it is
whole even if the host starts a new show instead, and is listed to be carried on), the product
goes back on screen, the pinned comment
is pinned again, the goal is set again and the flash deal counts down the time it really has
left — or is reported over when it ran out while the studio was down. What cannot come back
(a product deleted since, a deal price above a new regular price) is named in the outcome's
``problems``; the rest still does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from studio.shop.ledger_model import LedgerError
from studio.shop.ledger_model import Show as LedgerShow
from studio.shop.live import ShopLive, ShopLiveError
from studio.shop.model import Product
from studio.shop.money_format import format_money
from studio.shop.placeholders import format_countdown
from studio.show.live_snapshot import LiveSnapshot, RunningDeal

if TYPE_CHECKING:
    from studio.show.show import Show

log = logging.getLogger(__name__)


class RestoreError(ValueError):
    """The snapshot's show cannot be restored here (the message says why)."""


@dataclass(frozen=True)
class RestoredShow:
    """What came back: the ledger show Go Live continues, and the state on stream."""

    show: LedgerShow
    featured: Product | None = None
    pinned: bool = False
    deal_seconds_left: int | None = None  # the flash deal counts down this much
    deal_ended: bool = False  # the flash deal ran out while the studio was down
    problems: tuple[str, ...] = field(default_factory=tuple)

    def summary(self, locale: str = "en_US") -> str:
        """One sentence for the host."""
        parts = []
        if self.featured is not None:
            parts.append(f"{self.featured.title} is featured")
        if self.pinned:
            parts.append("the comment is pinned again")
        if self.deal_seconds_left is not None:
            parts.append(f"the flash deal has {format_countdown(self.deal_seconds_left)} left")
        if self.deal_ended:
            parts.append("the flash deal ended while the studio was stopped")
        state = f" ({'; '.join(parts)})" if parts else ""
        problems = "".join(f" {problem}" for problem in self.problems)
        return f"The show “{self.show.name}” is back{state}. Go Live continues it.{problems}"


def restore_live_state(show: Show, snapshot: LiveSnapshot, now: datetime) -> RestoredShow:
    """Put ``snapshot``'s state back on ``show`` (practising, not live) at real time ``now``."""
    ledger_show = _ledger_show(show, snapshot, now)
    shop = show.shop
    problems: list[str] = []
    featured = _feature(shop, snapshot, problems)
    if snapshot.goal is not None:
        try:
            shop.set_goal(snapshot.goal.goal())
        except ShopLiveError as error:
            problems.append(f"The goal could not be set again: {error}.")
    pinned = False
    if snapshot.pinned_comment is not None:
        message = snapshot.pinned_comment.message()
        show.chat_live.add(message)
        pinned = show.chat_live.pin(message.key)
        if not pinned:
            problems.append("The pinned comment is hidden now, so it was not pinned again.")
    seconds_left, ended = _resume_deal(shop, snapshot.flash_deal, now, show.locale, problems)
    restored = RestoredShow(ledger_show, featured, pinned, seconds_left, ended, tuple(problems))
    log.info("restored show %r (ledger show %d)", ledger_show.name, ledger_show.id)
    return restored


def _ledger_show(show: Show, snapshot: LiveSnapshot, now: datetime) -> LedgerShow:
    try:
        ledger_show = show.ledger.show(snapshot.show_id)
    except LedgerError:
        raise RestoreError(
            f"The show “{snapshot.show_name}” is not in this catalog's sales ledger: it "
            "cannot be continued (was the catalog replaced?)."
        ) from None
    if ledger_show.name != snapshot.show_name:
        raise RestoreError(
            f"The sales ledger's show {snapshot.show_id} is “{ledger_show.name}”, not "
            f"“{snapshot.show_name}”: the snapshot belongs to another catalog."
        )
    if ledger_show.ended_at is None:  # it stopped with the crash: record that it did
        ledger_show = show.ledger.end_show(ledger_show.id, ended_at=now)
    return ledger_show


def _feature(shop: ShopLive, snapshot: LiveSnapshot, problems: list[str]) -> Product | None:
    product_id = snapshot.featured_product_id
    if product_id is None:
        return None
    index = snapshot.segment_index
    try:
        if index is not None and index < len(shop.lineup) and shop.lineup[index] == product_id:
            return shop.go_to(index)  # the autopilot and prompter carry on from this segment
        return shop.feature(product_id)
    except ShopLiveError:
        problems.append(f"The featured product {product_id} is no longer in the catalog.")
        return None


def _resume_deal(
    shop: ShopLive,
    deal: RunningDeal | None,
    now: datetime,
    locale: str,
    problems: list[str],
) -> tuple[int | None, bool]:
    """The flash deal again for the time it really has left: (whole seconds left, ended)."""
    if deal is None:
        return None, False
    left_s = deal.seconds_left(now)
    if left_s <= 0:
        return None, True
    try:
        running = shop.start_flash_deal(deal.price, left_s, deal.product_id)
    except ShopLiveError as error:
        price = format_money(deal.price, locale)
        problems.append(f"The flash deal at {price} could not run again: {error}.")
        return None, False
    return running.seconds_left(shop.clock.now_ns()), False
