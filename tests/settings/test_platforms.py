"""Platform presets and destination checks against them."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, ValidationError

from studio.resources import resources_dir
from studio.settings import Destination, platform_presets, server_url_problems
from studio.settings.platforms import PlatformPreset, SafeZone, platform_of_url


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


# -- the preflight figures --------------------------------------------------------------------


def _field_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    paths = set()
    for name, info in model.model_fields.items():
        paths.add(prefix + name)
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths |= _field_paths(annotation, f"{prefix}{name}.")
    return paths


def test_the_guesses_name_only_real_fields() -> None:
    real = _field_paths(PlatformPreset)
    for preset in platform_presets().values():
        assert set(preset.guesses) <= real, preset.id
    assert "video.max_fps" in real and "audio.channels" in real


def test_a_guess_naming_no_field_is_refused() -> None:
    document = json.loads((resources_dir() / "platforms.json").read_text(encoding="utf-8"))
    twitch = document["platforms"][1]
    with pytest.raises(ValidationError, match=r"guesses name unknown fields: video\.max_fsp"):
        PlatformPreset.model_validate({**twitch, "guesses": ["video.max_fsp"]})
    with pytest.raises(ValidationError, match=r"unknown fields: notes\.length"):
        PlatformPreset.model_validate({**twitch, "guesses": ["notes.length"]})


def test_the_published_limits_the_issue_names() -> None:
    presets = platform_presets()
    assert presets["facebook"].max_keyframe_interval_s == 4
    assert presets["twitch"].bandwidth_test_query == "bandwidthtest=true"
    assert presets["twitch"].publish_goes_public
    assert presets["twitch"].video.frame_rates == (25, 30, 50, 60)
    for preset in presets.values():
        most = preset.max_keyframe_interval_s
        assert most is None or most >= preset.keyframe_interval_s, preset.id


@pytest.mark.parametrize("platform", ["tiktok", "instagram", "youtube"])
def test_vertical_platforms_have_a_safe_zone_map_marked_as_a_guess(platform: str) -> None:
    preset = platform_presets()[platform]
    assert {"top_bar"} <= {zone.name for zone in preset.safe_zones}
    assert preset.is_guess("safe_zones")


def test_tiktoks_buttons_column_runs_down_the_right_edge() -> None:
    zones = {zone.name: zone for zone in platform_presets()["tiktok"].safe_zones}
    x, _, width, height = zones["right_buttons"].on_canvas(1080, 1920)
    assert x + width == pytest.approx(1080) and x > 800 and height > 500


def test_a_safe_zone_reaching_past_the_canvas_is_refused() -> None:
    with pytest.raises(ValidationError, match="reaches past the canvas"):
        SafeZone(name="wide", label="wide", x=0.5, y=0, width=0.6, height=0.1)


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("rtmps://a.rtmps.youtube.com:443/live2/key", "youtube"),
        ("rtmp://live.twitch.tv/app/key", "twitch"),
        ("rtmp://fra05.contribute.live-video.net/app/key", "twitch"),
        ("rtmps://live-api-s.facebook.com:443/rtmp/key", "facebook"),
        ("rtmp://push-rtmp-l11-va01.tiktokcdn.com/game/key", "tiktok"),
        ("rtmps://live-upload.instagram.com:443/rtmp/key", "instagram"),
        ("rtmp://127.0.0.1/live/key", "custom"),
        ("rtmp://localhost/live/key", "custom"),
        ("rtmp://[::1]:1935/live/key", "custom"),
        ("rtmp://notyoutube.com/live/key", "custom"),
        ("rtmp://media.example.org/live/key", "custom"),
        ("rtmp://host:99999/live/key", "custom"),
        ("", "custom"),
    ],
)
def test_the_platform_of_a_url_comes_from_its_host(url: str, platform: str) -> None:
    assert platform_of_url(url) == platform
