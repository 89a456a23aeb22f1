"""Each encoding rule, on every platform whose data file gives the figure: it fires with its
severity and fix when the show is outside the figure, and the clean plans (test_clean_plans)
show it stays quiet inside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from studio.preflight.checks import check_show
from studio.preflight.encoding_rules import encoding_problems
from studio.preflight.plan import ShowPlan
from studio.preflight.report import (
    PreflightProblem,
    SetAudioBitrate,
    SetAudioRate,
    SetKeyframeInterval,
    SetVideoBitrate,
)
from studio.settings.platforms import BitrateRange, PlatformPreset, preset_for
from tests.preflight.plans import good_audio, good_plan, good_video, platform_ids, presets


def _only(plan: ShowPlan) -> PreflightProblem:
    (problem,) = check_show(plan).problems
    return problem


def _with(preset: PlatformPreset, **video: object) -> ShowPlan:
    return replace(good_plan(preset), video=good_video(preset, **video))


def _ids(predicate: Callable[[PlatformPreset], object]) -> list[str]:
    return [p.id for p in presets() if p.id != "custom" and predicate(p)]


def _range(preset: PlatformPreset) -> BitrateRange:
    figures = preset.bitrate_range(1080, 30)
    assert figures is not None
    return figures


@pytest.mark.parametrize("platform", _ids(lambda p: p.video_bitrate_kbps))
def test_a_bitrate_above_the_cap_is_an_error_lowering_it_to_the_cap(platform: str) -> None:
    preset = preset_for(platform)
    cap = _range(preset).max
    problem = _only(_with(preset, bitrate_kbps=cap + 500))
    assert problem.severity == "error"
    assert problem.what.startswith(f"{preset.display_name} accepts at most {cap:,} kb/s")
    assert problem.action == SetVideoBitrate(f"Set the video bitrate to {cap:,} kb/s", cap)


def test_twitch_says_its_cap_as_the_issue_does() -> None:
    problem = _only(_with(preset_for("twitch"), bitrate_kbps=8000))
    assert "Twitch accepts at most 6,000 kb/s" in problem.line


@pytest.mark.parametrize("platform", _ids(lambda p: p.video_bitrate_kbps))
def test_a_bitrate_below_the_minimum_warns(platform: str) -> None:
    preset = preset_for(platform)
    low = _range(preset).min
    problem = _only(_with(preset, bitrate_kbps=low - 100))
    assert problem.severity == "warning"
    assert problem.action == SetVideoBitrate(f"Set the video bitrate to {low:,} kb/s", low)


@pytest.mark.parametrize("platform", _ids(lambda p: p.max_keyframe_interval_s))
def test_keyframes_further_apart_than_the_platform_allows_are_an_error(platform: str) -> None:
    preset = preset_for(platform)
    most = preset.max_keyframe_interval_s or 0
    problem = _only(_with(preset, keyframe_interval_s=most + 1))
    assert problem.severity == "error"
    assert isinstance(problem.action, SetKeyframeInterval)
    assert problem.action.keyframe_interval_s == preset.keyframe_interval_s


@pytest.mark.parametrize(
    "platform",
    _ids(lambda p: (p.max_keyframe_interval_s or 99) > p.keyframe_interval_s),
)
def test_keyframes_other_than_recommended_but_allowed_warn(platform: str) -> None:
    preset = preset_for(platform)
    problem = _only(_with(preset, keyframe_interval_s=preset.keyframe_interval_s + 1))
    assert problem.severity == "warning"
    assert isinstance(problem.action, SetKeyframeInterval)


@pytest.mark.parametrize("platform", _ids(lambda p: p.video.max_short_side_px))
def test_a_picture_above_the_platforms_size_is_an_error(platform: str) -> None:
    preset = preset_for(platform)
    vertical = preset.video.recommended_orientation == "vertical"
    size = (4320, 7680) if vertical else (7680, 4320)
    plan = good_plan(preset, width=size[0], height=size[1])
    errors = [e for e in check_show(plan).errors if "is encoded at" in e.what]
    assert len(errors) == 1


@pytest.mark.parametrize("platform", _ids(lambda p: p.video.max_fps))
def test_a_frame_rate_above_the_platforms_is_an_error(platform: str) -> None:
    preset = preset_for(platform)
    problem = _only(good_plan(preset, fps=(preset.video.max_fps or 0) + 30))
    assert problem.severity == "error" and "fps" in problem.what


@pytest.mark.parametrize("platform", _ids(lambda p: p.video.frame_rates))
def test_a_frame_rate_the_platform_does_not_list_warns(platform: str) -> None:
    preset = preset_for(platform)
    unlisted = next(r for r in (27.0, 35.0, 45.0) if r not in preset.video.frame_rates)
    problem = _only(good_plan(preset, fps=unlisted))
    assert problem.severity == "warning"
    assert check_show(good_plan(preset, fps=30000 / 1001)).problems == ()  # 29.97 is 30


@pytest.mark.parametrize("platform", _ids(lambda p: p.video.recommended_orientation))
def test_the_other_orientation_warns(platform: str) -> None:
    preset = preset_for(platform)
    plan = good_plan(preset)
    turned = replace(
        plan.destinations[0], width=plan.destinations[0].height, height=plan.destinations[0].width
    )
    problem = _only(replace(plan, destinations=(turned,)))
    assert problem.severity == "warning" and "made for" in problem.what


@pytest.mark.parametrize("platform", _ids(lambda p: len(p.video.codecs) < 3))
def test_a_codec_the_platform_does_not_take_is_an_error(platform: str) -> None:
    preset = preset_for(platform)
    refused = next(c for c in ("hevc", "av1") if c not in preset.video.codecs)
    problem = _only(_with(preset, encoder=f"lib{refused}" if refused == "av1" else "hevc_nvenc"))
    assert problem.severity == "error" and refused.upper() in problem.what


@pytest.mark.parametrize("platform", platform_ids())
def test_a_profile_the_platform_does_not_recommend_warns(platform: str) -> None:
    preset = preset_for(platform)
    other = [
        p for p in ("baseline", "main", "high") if p not in preset.video.recommended_h264_profiles
    ]
    problem = _only(_with(preset, profile=other[0]))
    expected = "warning" if other[0] in preset.video.h264_profiles else "error"
    assert problem.severity == expected


@pytest.mark.parametrize("platform", platform_ids())
def test_an_audio_rate_the_platform_does_not_take_is_an_error(platform: str) -> None:
    # Every platform takes both rates the studio makes: narrow one to 44.1 kHz only.
    preset = preset_for(platform)
    narrowed = preset.model_copy(
        update={"audio": preset.audio.model_copy(update={"sample_rates_hz": (44_100,)})}
    )
    plan = good_plan(preset)
    (problem,) = encoding_problems(
        plan.destinations[0], narrowed, plan.video, good_audio(preset, sample_rate_hz=48_000)
    )
    assert problem.severity == "error"
    assert problem.action == SetAudioRate("Set the audio to 44.1 kHz", 44_100)


@pytest.mark.parametrize("platform", _ids(lambda p: p.audio.max_bitrate_kbps < 320))
def test_an_audio_bitrate_above_the_platforms_warns(platform: str) -> None:
    preset = preset_for(platform)
    most = preset.audio.max_bitrate_kbps
    plan = replace(good_plan(preset), audio=good_audio(preset, bitrate_kbps=320))
    problem = _only(plan)
    assert problem.severity == "warning"
    assert problem.action == SetAudioBitrate(f"Set the audio bitrate to {most:,} kb/s", most)
