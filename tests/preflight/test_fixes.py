"""One-click fixes edit the app settings, validated like Settings would."""

from __future__ import annotations

import pydantic
import pytest

from studio.preflight.fixes import apply_fix
from studio.preflight.report import (
    Fix,
    SetAudioBitrate,
    SetAudioRate,
    SetKeyframeInterval,
    SetVideoBitrate,
    UseServerUrl,
)
from studio.settings.model import AppSettings, Destination

FACEBOOK = Destination(
    id="fb",
    name="Shop page",
    platform="facebook",
    server_url="rtmp://live-api-s.facebook.com/rtmp/",
)
OTHER = Destination(
    id="yt", name="YouTube", platform="youtube", server_url="rtmp://a.rtmp.youtube.com/live2"
)
SETTINGS = AppSettings(destinations=[FACEBOOK, OTHER])


def test_use_server_url_edits_that_destination_only() -> None:
    secure = "rtmps://live-api-s.facebook.com:443/rtmp/"
    fixed = apply_fix(SETTINGS, UseServerUrl("Switch to RTMPS", "fb", secure))
    assert fixed.destination("fb") == FACEBOOK.model_copy(update={"server_url": secure})
    assert fixed.destination("yt") == OTHER
    assert fixed.destinations[0].problems() == []


def test_a_fix_for_a_removed_destination_is_refused() -> None:
    with pytest.raises(ValueError, match="has been removed"):
        apply_fix(SETTINGS, UseServerUrl("Switch to RTMPS", "gone", "rtmps://x/app"))


@pytest.mark.parametrize(
    ("fix", "part", "field", "value"),
    [
        (SetVideoBitrate("Set", 6000), "video", "bitrate_kbps", 6000),
        (SetKeyframeInterval("Set", 2.0), "video", "keyframe_interval_s", 2.0),
        (SetAudioBitrate("Set", 128), "audio", "bitrate_kbps", 128),
        (SetAudioRate("Set", 44_100), "audio", "sample_rate_hz", 44_100),
    ],
)
def test_encoding_fixes_edit_the_video_or_audio_settings(
    fix: Fix, part: str, field: str, value: object
) -> None:
    start = SETTINGS.model_copy(
        update={
            "video": SETTINGS.video.model_copy(
                update={"bitrate_kbps": 9000, "keyframe_interval_s": 6}
            ),
            "audio": SETTINGS.audio.model_copy(
                update={"bitrate_kbps": 320, "sample_rate_hz": 48_000}
            ),
        }
    )
    fixed = apply_fix(start, fix)
    assert getattr(getattr(fixed, part), field) == value
    assert fixed.destinations == start.destinations
    if part == "video":
        assert fixed.video.encoder_settings().keyframe_interval_s == fixed.video.keyframe_interval_s


def test_a_value_settings_would_refuse_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError):
        apply_fix(SETTINGS, SetVideoBitrate("Set", 50))


def test_an_unknown_kind_of_fix_is_named() -> None:
    with pytest.raises(TypeError, match="cannot apply a Fix fix"):
        apply_fix(SETTINGS, Fix("Do something"))
