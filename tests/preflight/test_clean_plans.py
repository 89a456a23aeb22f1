"""A show each platform's figures allow gives no problem at all, on every platform of the
data file; a custom server gets only the generic checks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from studio.preflight.checks import check_show, platform_rules
from studio.preflight.plan import PlannedDestination
from studio.settings.platforms import preset_for
from tests.preflight.plans import SECRET_KEY, good_audio, good_plan, good_video, platform_ids


@pytest.mark.parametrize("platform", platform_ids(with_custom=True))
def test_a_plan_within_the_platforms_figures_has_no_problem(platform: str) -> None:
    report = check_show(good_plan(preset_for(platform)))
    assert report.lines() == []
    assert not report.blocks_show


@pytest.mark.parametrize(
    "platform", [p for p in platform_ids() if preset_for(p).servers or preset_for(p).ingest_hosts]
)
def test_the_platform_comes_from_the_url_when_the_destination_says_custom(platform: str) -> None:
    plan = good_plan(preset_for(platform), platform="custom")
    assert platform_rules(plan.destinations[0]) == preset_for(platform)


@pytest.mark.parametrize(
    "url", [f"rtmp://127.0.0.1/live/{SECRET_KEY}", f"rtmp://media.example.org/live/{SECRET_KEY}"]
)
def test_loopback_and_unknown_servers_get_only_the_generic_checks(url: str) -> None:
    # Far outside every platform's figures, yet nothing platform-specific is said.
    custom = preset_for("custom")
    plan = good_plan(custom, url=url, platform="custom", width=7680, height=4320, fps=120.0)
    plan = replace(
        plan,
        video=good_video(custom, bitrate_kbps=40_000, keyframe_interval_s=10, profile="baseline"),
        audio=good_audio(custom, bitrate_kbps=320),
    )
    destination: PlannedDestination = plan.destinations[0]
    assert platform_rules(destination) is None
    assert check_show(plan).lines() == []
