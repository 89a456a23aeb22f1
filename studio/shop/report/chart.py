"""A sales chart rasterised with numpy: revenue per time bucket as bars, featured intervals
shaded behind them in each product's colour, and per-product totals as horizontal bars below.
No text: the numbers are in the CSV and the HTML summary beside it."""

from __future__ import annotations

import numpy as np

from studio.shop.ledger_model import FeaturedInterval, ProductTotal, SalesBucket, to_us

WIDTH, TIME_HEIGHT, ROW_HEIGHT, MARGIN = 960, 300, 24, 20
BACKGROUND, AXIS, BAR = (255, 255, 255), (90, 90, 90), (40, 90, 200)
PALETTE = [(230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66), (0, 114, 178),
           (213, 94, 0), (204, 121, 167), (150, 150, 150)]  # fmt: skip


def product_colour(index: int) -> tuple[int, int, int]:
    return PALETTE[index % len(PALETTE)]


def render_chart(
    buckets: list[SalesBucket],
    bucket_s: int,
    featured: list[FeaturedInterval],
    totals: list[ProductTotal],
    show_start_us: int,
) -> np.ndarray:
    rows = max(len(totals), 1)
    height = TIME_HEIGHT + 2 * MARGIN + rows * ROW_HEIGHT + MARGIN
    image = np.full((height, WIDTH, 3), BACKGROUND, dtype=np.uint8)
    colours = {total.product_id: product_colour(i) for i, total in enumerate(totals)}
    plot_left, plot_right = MARGIN, WIDTH - MARGIN
    plot_top, plot_bottom = MARGIN, MARGIN + TIME_HEIGHT
    span_us = max(len(buckets), 1) * bucket_s * 1_000_000

    def x_at(moment_us: int) -> int:
        fraction = min(max((moment_us - show_start_us) / span_us, 0.0), 1.0)
        return plot_left + round(fraction * (plot_right - plot_left))

    end_us = show_start_us + span_us
    for interval in featured:
        start = x_at(to_us(interval.start))
        stop = x_at(to_us(interval.end) if interval.end else end_us)
        tint = np.array(colours.get(interval.product_id, PALETTE[-1]), dtype=np.uint16)
        shade = (tint + 2 * 255) // 3  # a pale tint so the bars stay readable
        image[plot_top:plot_bottom, start : max(stop, start + 1)] = shade.astype(np.uint8)

    peak = max((b.revenue.minor_units for b in buckets), default=0)
    if buckets and peak > 0:
        slot = (plot_right - plot_left) / len(buckets)
        for index, bucket in enumerate(buckets):
            bar_height = round(bucket.revenue.minor_units / peak * (TIME_HEIGHT - 10))
            left = plot_left + round(index * slot + slot * 0.15)
            right = max(plot_left + round((index + 1) * slot - slot * 0.15), left + 1)
            image[plot_bottom - bar_height : plot_bottom, left:right] = BAR
    image[plot_bottom : plot_bottom + 2, plot_left:plot_right] = AXIS

    best = max((t.revenue.minor_units for t in totals), default=0)
    for index, total in enumerate(totals):
        top = plot_bottom + 2 * MARGIN + index * ROW_HEIGHT
        length = round(total.revenue.minor_units / best * (plot_right - plot_left)) if best else 0
        image[top : top + ROW_HEIGHT - 6, plot_left : plot_left + max(length, 2)] = colours[
            total.product_id
        ]
    return image
