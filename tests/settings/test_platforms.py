"""Platform presets and destination checks against them."""

from __future__ import annotations

import pytest

from studio.settings import Destination, platform_presets, server_url_problems


def test_presets_cover_every_platform_with_their_ingest_servers() -> None:
    presets = platform_presets()
    assert list(presets) == [
        "youtube",
        "twitch",
        "facebook",
        "tiktok",
        "amazon",
        "whatnot",
        "instagram",
        "custom",
    ]
    youtube_urls = [s.url for s in presets["youtube"].servers]
    assert "rtmp://a.rtmp.youtube.com/live2" in youtube_urls
    assert "rtmps://a.rtmps.youtube.com:443/live2" in youtube_urls
    assert presets["twitch"].default_server_url == "rtmp://live.twitch.tv/app"
    assert presets["facebook"].default_server_url == "rtmps://live-api-s.facebook.com:443/rtmp/"
    assert presets["facebook"].requires_rtmps
    for issued in ("tiktok", "amazon", "whatnot", "instagram"):
        assert presets[issued].server_issued_per_stream and not presets[issued].servers
    assert all(p.keyframe_interval_s == 2 for p in presets.values())
    assert presets["youtube"].bitrate_range(1080, 60).max == 12000  # type: ignore[union-attr]


@pytest.mark.parametrize("platform", ["youtube", "twitch", "facebook"])
def test_every_default_server_passes_its_own_check(platform: str) -> None:
    for server in platform_presets()[platform].servers:
        assert server_url_problems(platform, server.url) == []


def test_facebook_requires_rtmps() -> None:
    destination = Destination(
        name="FB shop", platform="facebook", server_url="rtmp://live-api-s.facebook.com:80/rtmp/"
    )
    assert destination.problems() == [
        "Facebook Live only accepts secure streams: the server URL of 'FB shop' must start "
        "with rtmps:// (for example rtmps://live-api-s.facebook.com:443/rtmp/)."
    ]


@pytest.mark.parametrize("url", ["rtmp://127.0.0.1/live", "rtmps://ingest.example.com:443/app"])
def test_custom_accepts_rtmp_and_rtmps(url: str) -> None:
    assert server_url_problems("custom", url) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/live", "must look like rtmp://server/app or rtmps://server/app"),
        ("rtmp:///live", "must look like rtmp://server/app"),
        ("rtmp://host:99999/live", "malformed (check the port number)"),
        ("", "has no server URL"),
    ],
)
def test_invalid_urls_get_a_sentence(url: str, expected: str) -> None:
    problems = server_url_problems("custom", url, "My server")
    assert len(problems) == 1 and expected in problems[0]
    assert problems[0].startswith("'My server'")


def test_a_pasted_key_is_not_echoed_in_the_message() -> None:
    problems = server_url_problems("custom", "http://example.com/live/SECRETKEY123")
    assert problems and "SECRETKEY123" not in problems[0]


def test_per_stream_servers_ask_to_paste_the_url() -> None:
    assert "paste the one TikTok LIVE shows" in server_url_problems("tiktok", "")[0]


def test_unknown_platform_is_named() -> None:
    with pytest.raises(ValueError, match="Unknown platform 'myspace'"):
        server_url_problems("myspace", "rtmp://x/app")
