"""Plans for the preflight tests, built from the data file: a show each platform accepts
as it is, and the presets to parametrise over (a change to platforms.json is covered)."""

from __future__ import annotations

from dataclasses import replace

from studio.encode.settings import AudioEncoderSettings, VideoEncoderSettings
from studio.preflight.plan import PlannedDestination, ShowPlan
from studio.settings.platforms import PlatformPreset, platform_presets

SECRET_KEY = "live_SECRET-KEY-4f7a9c"  # recognisable: no report line may ever hold it


def presets() -> list[PlatformPreset]:
    return list(platform_presets().values())


def platform_ids(*, with_custom: bool = False) -> list[str]:
    return [p.id for p in presets() if with_custom or p.id != "custom"]


def good_url(preset: PlatformPreset, key: str = SECRET_KEY) -> str:
    """A URL of the platform's own server (the secure one where listed), or one on a host
    it owns, or a made-up server for a platform that issues servers per stream."""
    server = preset.rtmps_server_url or preset.default_server_url
    if not server:
        host = f"ingest.{preset.ingest_hosts[0]}" if preset.ingest_hosts else "ingest.example.net"
        scheme = "rtmps" if preset.requires_rtmps or preset.id == "custom" else "rtmp"
        server = f"{scheme}://{host}:443/app" if scheme == "rtmps" else f"{scheme}://{host}/app"
    return f"{server.rstrip('/')}/{key}"


def good_destination(preset: PlatformPreset, **changes: object) -> PlannedDestination:
    vertical = preset.video.recommended_orientation == "vertical"
    destination = PlannedDestination(
        name=f"My {preset.display_name}",
        url=good_url(preset),
        server_url=good_url(preset).rsplit("/", 1)[0],
        canvas="",
        width=1080 if vertical else 1920,
        height=1920 if vertical else 1080,
        fps=30.0,
        platform=preset.id,
        destination_id=f"id-{preset.id}",
    )
    return replace(destination, **changes)


def good_video(preset: PlatformPreset, **changes: object) -> VideoEncoderSettings:
    figures = preset.bitrate_range(1080, 30)
    bitrate = (figures.min + figures.max) // 2 if figures else 4500
    profile = preset.video.recommended_h264_profiles[-1]
    settings = VideoEncoderSettings(
        bitrate_kbps=bitrate, keyframe_interval_s=preset.keyframe_interval_s, profile=profile
    )
    return settings.model_copy(update=changes)


def good_audio(preset: PlatformPreset, **changes: object) -> AudioEncoderSettings:
    rate = 48_000 if 48_000 in preset.audio.sample_rates_hz else 44_100
    bitrate = min(128, preset.audio.max_bitrate_kbps)
    settings = AudioEncoderSettings(bitrate_kbps=bitrate, sample_rate_hz=rate)
    return settings.model_copy(update=changes)


def good_plan(preset: PlatformPreset, **destination_changes: object) -> ShowPlan:
    return ShowPlan(
        (good_destination(preset, **destination_changes),), good_video(preset), good_audio(preset)
    )
