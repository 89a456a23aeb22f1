"""The uplink: every destination is an upload (video + audio, ×1.25 headroom); when they do
not fit, relay mode is proposed, and a lower bitrate when even one upload does not fit."""

from __future__ import annotations

from dataclasses import replace

from studio.preflight.checks import check_show
from studio.preflight.plan import ShowPlan
from studio.preflight.report import SetVideoBitrate
from studio.preflight.uplink_rules import HEADROOM, uplink_problems
from studio.settings.platforms import preset_for
from tests.preflight.plans import good_audio, good_destination, good_video

CUSTOM = preset_for("custom")


def _plan(count: int, uplink_kbps: float | None, *, canvases: int = 1) -> ShowPlan:
    destinations = tuple(
        good_destination(
            CUSTOM,
            name=f"Server {n}",
            url=f"rtmp://127.0.0.1/live/key{n}",
            canvas=f"canvas {n % canvases}",
        )
        for n in range(count)
    )
    video = good_video(CUSTOM, bitrate_kbps=4500)
    return ShowPlan(destinations, video, good_audio(CUSTOM, bitrate_kbps=160), None, uplink_kbps)


def test_a_show_that_fits_or_an_uplink_not_measured_says_nothing() -> None:
    assert uplink_problems(_plan(3, 3 * 4660 * HEADROOM)) == []
    assert uplink_problems(_plan(3, None)) == []


def test_three_destinations_on_a_thin_uplink_propose_the_relay_and_a_bitrate_that_fits() -> None:
    (problem,) = check_show(_plan(3, 2000)).problems
    assert problem.line == (
        "Uplink: error: 3 destinations need 17,475 kb/s with headroom, and the uplink carries "
        "2,000 kb/s (fix: use relay mode (one upload to a relay) and lower the video bitrate "
        "to 1,400 kb/s)"
    )
    assert problem.action == SetVideoBitrate("Set the video bitrate to 1,400 kb/s", 1400)


def test_when_one_upload_fits_the_relay_alone_is_the_fix() -> None:
    (problem,) = uplink_problems(_plan(3, 7000))
    assert problem.fix == (
        "use relay mode: one upload to a relay that pushes to every destination (it needs "
        "5,825 kb/s), or stream to fewer destinations"
    )
    assert problem.action is None


def test_the_relay_needs_one_upload_per_canvas() -> None:
    (problem,) = uplink_problems(_plan(4, 12_000, canvases=2))
    assert "one upload per canvas (2)" in problem.fix and "11,650 kb/s" in problem.fix


def test_a_single_destination_too_big_for_the_uplink_lowers_the_bitrate() -> None:
    (problem,) = uplink_problems(_plan(1, 4000))
    assert problem.what.startswith("the stream needs 5,825 kb/s")
    assert problem.fix == "lower the video bitrate to 3,000 kb/s"
    assert problem.action == SetVideoBitrate("Set the video bitrate to 3,000 kb/s", 3000)


def test_an_uplink_too_thin_for_any_show_says_so_without_a_bitrate() -> None:
    (problem,) = uplink_problems(replace(_plan(2, 600)))
    assert problem.action is None
    assert problem.fix.startswith("the uplink is too thin for a live show")
