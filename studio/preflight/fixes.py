"""One-click fixes applied to the app settings: each :class:`Fix` value edits one field, and
the edited settings come back validated (a fix never writes a value Settings would refuse)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.preflight.report import (
    Fix,
    SetAudioBitrate,
    SetAudioRate,
    SetKeyframeInterval,
    SetVideoBitrate,
    UseServerUrl,
)
from studio.settings.model import AppSettings, AudioSettings, VideoSettings


def apply_fix(settings: AppSettings, fix: Fix) -> AppSettings:
    """The settings with ``fix`` applied. Raises ValueError for a destination that is gone,
    or a value the settings do not accept; TypeError for a kind of fix it does not know."""
    apply = _APPLY.get(type(fix))
    if apply is None:
        raise TypeError(f"preflight cannot apply a {type(fix).__name__} fix")
    return apply(settings, fix)


def _use_server_url(settings: AppSettings, fix: Any) -> AppSettings:
    assert isinstance(fix, UseServerUrl)
    if settings.destination(fix.destination_id) is None:
        raise ValueError("the destination this fix was for has been removed")
    destinations = [
        d.model_copy(update={"server_url": fix.server_url}) if d.id == fix.destination_id else d
        for d in settings.destinations
    ]
    return settings.model_copy(update={"destinations": destinations})


def _video(field: str, value: Callable[[Any], object]) -> Callable[[AppSettings, Any], AppSettings]:
    def apply(settings: AppSettings, fix: Any) -> AppSettings:
        edited = {**settings.video.model_dump(), field: value(fix)}
        return settings.model_copy(update={"video": VideoSettings.model_validate(edited)})

    return apply


def _audio(field: str, value: Callable[[Any], object]) -> Callable[[AppSettings, Any], AppSettings]:
    def apply(settings: AppSettings, fix: Any) -> AppSettings:
        edited = {**settings.audio.model_dump(), field: value(fix)}
        return settings.model_copy(update={"audio": AudioSettings.model_validate(edited)})

    return apply


_APPLY: dict[type[Fix], Callable[[AppSettings, Any], AppSettings]] = {
    UseServerUrl: _use_server_url,
    SetVideoBitrate: _video("bitrate_kbps", lambda fix: fix.bitrate_kbps),
    SetKeyframeInterval: _video("keyframe_interval_s", lambda fix: fix.keyframe_interval_s),
    SetAudioBitrate: _audio("bitrate_kbps", lambda fix: fix.bitrate_kbps),
    SetAudioRate: _audio("sample_rate_hz", lambda fix: fix.sample_rate_hz),
}
