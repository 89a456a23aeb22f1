"""Auto-configure proposes only what this machine sustains: ≤ 75 % of all cores, measured."""

from __future__ import annotations

import pytest

from studio.bench.capability import (
    CANDIDATES,
    MAX_CPU_PERCENT,
    Candidate,
    Measurement,
    bitrate_for,
    choose,
    cpu_cores,
    measure_capability,
    walk,
)

P1080_60, P1080_30, P720_60, P720_30, P720_30_SUPER, P540_30, P360_30 = CANDIDATES


def table(*rows: tuple[Candidate, float]) -> list[Measurement]:
    return [Measurement(candidate, cpu, realtime_factor=2.0) for candidate, cpu in rows]


def test_the_best_candidate_at_or_below_75_percent_is_proposed() -> None:
    proposal = choose(table((P1080_60, 96.0), (P1080_30, 75.0), (P720_60, 70.0), (P720_30, 40.0)))
    assert (proposal.width, proposal.height, proposal.fps, proposal.preset) == (
        1920, 1080, 30, "veryfast"
    )  # fmt: skip
    assert not proposal.warning
    assert "1920×1080 at 60 fps (veryfast) used 96 % CPU here" in proposal.summary
    assert "1920×1080 at 30 fps (veryfast) used 75 % CPU here" in proposal.summary


def test_just_over_75_percent_is_not_proposed() -> None:
    proposal = choose(table((P1080_30, 75.1), (P720_60, 52.0)))
    assert (proposal.height, proposal.fps) == (720, 60)


def test_a_candidate_that_fell_behind_real_time_is_not_proposed() -> None:
    behind = Measurement(P1080_30, 40.0, realtime_factor=0.8)  # one core saturated
    proposal = choose([behind, Measurement(P720_30, 30.0, realtime_factor=3.0)])
    assert (proposal.height, proposal.fps) == (720, 30)


def test_the_window_s_own_cpu_counts_against_the_75_percent() -> None:
    show_only = Measurement(P1080_60, 50.0, 2.0, window_percent=0.0)
    with_window = Measurement(P1080_60, 50.0, 2.0, window_percent=30.0)
    assert show_only.fits and not with_window.fits
    assert with_window.sentence() == "1920×1080 at 60 fps (veryfast) used 80 % CPU here"


def test_nothing_fits_the_smallest_is_proposed_with_a_warning() -> None:
    proposal = choose(table((P540_30, 90.0), (P360_30, 81.0)))
    assert (proposal.width, proposal.height, proposal.fps, proposal.preset) == (
        640, 360, 30, "ultrafast"
    )  # fmt: skip
    assert proposal.warning
    assert "frames may drop" in proposal.summary and "81 % CPU" in proposal.summary


def test_the_walk_goes_up_while_candidates_fit_and_stops_at_the_first_that_does_not() -> None:
    cost = {P1080_60: 96.0, P1080_30: 60.0, P720_60: 50.0, P720_30: 30.0}
    asked: list[Candidate] = []

    def measure_one(candidate: Candidate) -> Measurement:
        asked.append(candidate)
        return Measurement(candidate, cost[candidate], 2.0)

    measured = walk(CANDIDATES, 3, measure_one)
    assert asked == [P720_30, P720_60, P1080_30, P1080_60]
    assert choose(measured).height == 1080 and choose(measured).fps == 30


def test_the_walk_goes_down_until_one_fits() -> None:
    cost = {P720_30: 120.0, P720_30_SUPER: 90.0, P540_30: 60.0, P360_30: 20.0}
    asked: list[Candidate] = []

    def measure_one(candidate: Candidate) -> Measurement:
        asked.append(candidate)
        return Measurement(candidate, cost[candidate], 2.0)

    proposal = choose(walk(CANDIDATES, 3, measure_one))
    assert asked == [P720_30, P720_30_SUPER, P540_30]
    assert (proposal.width, proposal.height) == (960, 540) and not proposal.warning


@pytest.mark.parametrize(
    ("size_fps", "low", "high"),
    [
        ((1920, 1080, 60), 4500, 6000),  # every platform's 1080p60 range
        ((1920, 1080, 30), 3000, 6000),
        ((1280, 720, 30), 3000, 4000),  # Facebook's 720p30 tops out at 4000
        ((640, 360, 30), 500, 2000),  # far below 720p: scaled down
    ],
)
def test_the_bitrate_fits_the_proposed_format(
    size_fps: tuple[int, int, int], low: int, high: int
) -> None:
    assert low <= bitrate_for(*size_fps) <= high


def test_1080p60_at_4500_is_never_what_a_small_format_gets() -> None:
    assert bitrate_for(960, 540, 30) < bitrate_for(1280, 720, 30) < bitrate_for(1920, 1080, 30)


def test_a_real_short_measurement_at_a_tiny_size_gives_plausible_numbers() -> None:
    tiny = (Candidate(320, 180, 30, "ultrafast"), Candidate(256, 144, 30, "ultrafast"))
    proposal = measure_capability(tiny, first=0, show_s=0.5)
    [first, *_] = proposal.measurements
    assert first.candidate == tiny[0]
    # Real work was timed: more than nothing, less than every core flat out.
    assert 0.1 < first.show_percent < 100.0
    assert first.realtime_factor > 0.2
    assert first.window_percent >= 0.0
    assert proposal.width in (320, 256)
    assert f"used {first.cpu_percent:.0f} % CPU here" in proposal.summary
    assert cpu_cores() >= 1 and MAX_CPU_PERCENT == 75.0
