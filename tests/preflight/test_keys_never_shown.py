"""No report line ever holds a stream key, whatever is wrong with the URL around it."""

from __future__ import annotations

import pytest

from studio.preflight.checks import check_show
from studio.preflight.plan import ShowPlan
from studio.settings.platforms import preset_for
from tests.preflight.plans import SECRET_KEY, good_audio, good_destination, good_video, platform_ids

BAD_URLS = [
    f"https://example.com/{SECRET_KEY}",
    f"{SECRET_KEY}",
    f"rtmp://{SECRET_KEY}",
    f"rtmp://host:99999/app/{SECRET_KEY}",
    f"rtmp:///app/{SECRET_KEY}",
    f"rtmp://live.twitch.tv/app/{SECRET_KEY} ",
    f"rtmp://live.twitch.tv/app/ {SECRET_KEY}",
    f"rtmp://user:{SECRET_KEY}@live.twitch.tv/app/x",
    f"rtmp://live-api-s.facebook.com:80/rtmp/{SECRET_KEY}",
    f"rtmp://live.twitch.tv/{SECRET_KEY}",
    f"rtmp://live.twitch.tv/app?{SECRET_KEY}",
]


@pytest.mark.parametrize("platform", platform_ids(with_custom=True))
def test_no_line_holds_the_key(platform: str) -> None:
    preset = preset_for(platform)
    destinations = [
        good_destination(preset, name=f"Destination {n}", url=url, server_url=url)
        for n, url in enumerate(BAD_URLS)
    ]
    # The same key twice, and every rule firing: the encoding far outside every figure.
    destinations.append(good_destination(preset, name="Twin", width=7680, height=4320, fps=120))
    destinations.append(good_destination(preset, name="Twin 2"))
    plan = ShowPlan(
        tuple(destinations),
        good_video(preset, bitrate_kbps=49_000, keyframe_interval_s=9, profile="baseline"),
        good_audio(preset, bitrate_kbps=320),
        uplink_kbps=100,
    )
    report = check_show(plan)
    assert len(report.problems) > len(BAD_URLS)
    texts = report.lines() + [p.action.label for p in report.problems if p.action is not None]
    leaked = [line for line in texts if "SECRET" in line or "4f7a9c" in line]
    assert leaked == []
