"""The generic rules: scheme, RTMPS where required, missing or malformed URL and key, a URL
of another platform, and the same key on two destinations."""

from __future__ import annotations

import pytest

from studio.preflight.checks import check_show
from studio.preflight.report import UseServerUrl
from studio.settings.platforms import preset_for
from tests.preflight.plans import SECRET_KEY, good_destination, good_plan, platform_ids


def test_facebook_over_plain_rtmp_is_an_error_with_the_rtmps_server_as_fix() -> None:
    plan = good_plan(
        preset_for("facebook"), url=f"rtmp://live-api-s.facebook.com:80/rtmp/{SECRET_KEY}"
    )
    (problem,) = check_show(plan).problems
    assert problem.line == (
        "My Facebook Live: error: Facebook Live needs RTMPS "
        "(fix: switch to rtmps://live-api-s.facebook.com:443/rtmp/)"
    )
    assert problem.action == UseServerUrl(
        "Switch to RTMPS", "id-facebook", "rtmps://live-api-s.facebook.com:443/rtmp/"
    )


@pytest.mark.parametrize("platform", [p for p in platform_ids() if preset_for(p).requires_rtmps])
def test_every_rtmps_platform_refuses_plain_rtmp(platform: str) -> None:
    preset = preset_for(platform)
    plain = good_plan(preset).destinations[0].url.replace("rtmps://", "rtmp://")
    errors = check_show(good_plan(preset, url=plain)).errors
    assert [e.what for e in errors] == [f"{preset.display_name} needs RTMPS"]
    expected_action = bool(preset.rtmps_server_url)
    assert isinstance(errors[0].action, UseServerUrl) == expected_action


@pytest.mark.parametrize("platform", platform_ids(with_custom=True))
def test_a_url_that_is_not_rtmp_is_an_error(platform: str) -> None:
    plan = good_plan(preset_for(platform), url=f"https://example.com/{SECRET_KEY}")
    (error,) = check_show(plan).errors
    assert "not rtmp:// or rtmps://" in error.what


@pytest.mark.parametrize(
    ("url", "server_url", "what"),
    [
        ("", "rtmp://live.twitch.tv/app", "it has no stream key"),
        ("", "", "it has no server URL"),
        ("rtmp://live.twitch.tv/app", "", "it has no stream key"),
        ("rtmp://live.twitch.tv:99999/app/" + SECRET_KEY, "", "the server URL is malformed"),
        ("rtmp:///app/" + SECRET_KEY, "", "the URL has no server name"),
        ("rtmp://live.twitch.tv/app/ " + SECRET_KEY, "", "its URL or stream key contains a space"),
    ],
)
def test_missing_or_malformed_urls_and_keys_are_errors(
    url: str, server_url: str, what: str
) -> None:
    plan = good_plan(preset_for("twitch"), url=url, server_url=server_url)
    (error,) = check_show(plan).errors
    assert error.what.startswith(what)


def test_a_missing_server_on_a_platform_with_one_proposes_it() -> None:
    (error,) = check_show(good_plan(preset_for("youtube"), url="", server_url="")).errors
    assert error.action == UseServerUrl(
        "Use rtmps://a.rtmps.youtube.com:443/live2",
        "id-youtube",
        "rtmps://a.rtmps.youtube.com:443/live2",
    )


def test_a_url_of_another_platform_warns() -> None:
    plan = good_plan(preset_for("youtube"), url=f"rtmp://live.twitch.tv/app/{SECRET_KEY}")
    (warning,) = check_show(plan).warnings
    assert warning.what == "it is set up for YouTube Live but its URL points at Twitch"


def test_the_same_stream_key_on_two_destinations_is_an_error() -> None:
    youtube, twitch, tiktok = (preset_for(p) for p in ("youtube", "twitch", "tiktok"))
    plan = good_plan(youtube)
    second = good_destination(twitch)
    third = good_destination(tiktok, url="rtmp://push.tiktokcdn.com/game/other-key")
    plan = type(plan)((*plan.destinations, second, third), plan.video, plan.audio)
    errors = check_show(plan).errors
    assert [e.line for e in errors] == [
        "My Twitch: error: it uses the same stream key as 'My YouTube Live' (fix: paste this "
        "destination's own stream key: one key carries one stream, and the second to connect "
        "cuts the first off)"
    ]
