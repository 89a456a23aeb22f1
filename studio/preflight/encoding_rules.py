"""Rules on how the show is encoded, against one platform's published figures: codec and
profile, picture size, frame rate, orientation, video bitrate, keyframes and audio.

Every figure comes from the preset (``resources/platforms.json``); a rule whose figure the
platform does not publish (None, an empty list) says nothing.
"""

from __future__ import annotations

import math

from studio.encode.settings import AudioEncoderSettings, VideoEncoderSettings
from studio.preflight.plan import PlannedDestination
from studio.preflight.report import (
    Fix,
    PreflightProblem,
    SetAudioBitrate,
    SetAudioRate,
    SetKeyframeInterval,
    SetVideoBitrate,
    Severity,
)
from studio.preflight.wording import (
    SETTINGS_DESTINATIONS,
    SETTINGS_VIDEO,
    either,
    fps,
    kbps,
    khz,
    seconds,
)
from studio.settings.platforms import PlatformPreset

# 29.97 is what everyone means by 30 (and 59.94 by 60): a rate this close to a listed one is it.
FPS_TOLERANCE = 0.05
PREFERRED_SAMPLE_RATE_HZ = 48_000


def encoding_problems(
    destination: PlannedDestination,
    preset: PlatformPreset,
    video: VideoEncoderSettings,
    audio: AudioEncoderSettings,
) -> list[PreflightProblem]:
    rules = _Rules(destination, preset)
    rules.codec_and_profile(video)
    rules.picture_size()
    rules.frame_rate()
    rules.orientation()
    rules.video_bitrate(video.bitrate_kbps)
    rules.keyframes(video.keyframe_interval_s)
    rules.audio(audio)
    return rules.problems


def codec_of(encoder: str) -> str | None:
    """``h264`` for libx264 and h264_nvenc…, ``hevc``, ``av1``; None when the name says not."""
    name = encoder.lower()
    for codec, marks in (("h264", ("264",)), ("hevc", ("265", "hevc")), ("av1", ("av1",))):
        if any(mark in name for mark in marks):
            return codec
    return None


class _Rules:
    """The problems found so far for one destination on one platform."""

    def __init__(self, destination: PlannedDestination, preset: PlatformPreset) -> None:
        self.destination = destination
        self.preset = preset
        self.platform = preset.display_name
        self.problems: list[PreflightProblem] = []

    def add(self, severity: Severity, what: str, fix: str, action: Fix | None = None) -> None:
        self.problems.append(PreflightProblem(self.destination.name, severity, what, fix, action))

    def codec_and_profile(self, video: VideoEncoderSettings) -> None:
        accepted = self.preset.video
        codec = codec_of(video.encoder)
        if codec is not None and codec not in accepted.codecs:
            names = either([c.upper().replace("H264", "H.264") for c in accepted.codecs])
            self.add(
                "error",
                f"{self.platform} does not take {codec.upper()} video",
                f"choose a {names} encoder in {SETTINGS_VIDEO}",
            )
            return
        if codec != "h264":
            return
        profile = video.profile
        if profile not in accepted.h264_profiles:
            wanted = either([p.capitalize() for p in accepted.h264_profiles])
            self.add(
                "error",
                f"{self.platform} does not take the H.264 {profile} profile",
                f"use the {wanted} profile",
            )
        elif profile not in accepted.recommended_h264_profiles:
            wanted = either([p.capitalize() for p in accepted.recommended_h264_profiles])
            self.add(
                "warning",
                f"{self.platform} recommends the {wanted} profile, not {profile}",
                f"use the {wanted} profile",
            )

    def picture_size(self) -> None:
        limits = self.preset.video
        width, height = self.destination.width, self.destination.height
        long_side, short_side = max(width, height), min(width, height)
        max_long = limits.max_long_side_px or long_side
        max_short = limits.max_short_side_px or short_side
        if long_side <= max_long and short_side <= max_short:
            return
        scale = min(max_long / long_side, max_short / short_side)
        fit_w, fit_h = _even_down(width * scale), _even_down(height * scale)
        biggest = (max_long, max_short) if width >= height else (max_short, max_long)
        self.add(
            "error",
            f"{self.platform} takes at most {biggest[0]}×{biggest[1]}; "
            f"{self._canvas()} is encoded at {width}×{height}",
            f"set the output size to {fit_w}×{fit_h} in {SETTINGS_VIDEO}",
        )

    def frame_rate(self) -> None:
        rates = self.preset.video
        rate = self.destination.fps
        if rates.max_fps is not None and rate > rates.max_fps + FPS_TOLERANCE:
            self.add(
                "error",
                f"{self.platform} takes at most {fps(rates.max_fps)}; "
                f"{self._canvas()} runs at {fps(rate)}",
                f"set the canvas to {fps(rates.max_fps)} or less",
            )
            return
        if rates.frame_rates and not any(
            abs(rate - listed) <= FPS_TOLERANCE or abs(rate * 1.001 - listed) <= FPS_TOLERANCE
            for listed in rates.frame_rates
        ):
            nearest = min(rates.frame_rates, key=lambda listed: abs(listed - rate))
            listed = either([f"{r:g}" for r in rates.frame_rates])
            self.add(
                "warning",
                f"{self.platform} expects {listed} fps; {self._canvas()} runs at {fps(rate)}",
                f"set the canvas to {fps(nearest)}",
            )

    def orientation(self) -> None:
        guidance = self.preset.video
        shape = "vertical" if self.destination.height > self.destination.width else "landscape"
        other = "landscape" if shape == "vertical" else "vertical"
        fix = f"send a {other} canvas to this destination in {SETTINGS_DESTINATIONS}"
        if guidance.orientation not in ("any", shape):
            self.add(
                "error",
                f"{self.platform} takes only {other} video; {self._canvas()} is {shape}",
                fix,
            )
        elif guidance.recommended_orientation not in (None, shape):
            what = f"{self.platform} is made for {other} video; {self._canvas()} is {shape}"
            self.add("warning", what, fix)

    def video_bitrate(self, bitrate_kbps: int) -> None:
        short_side = min(self.destination.width, self.destination.height)
        figures = self.preset.bitrate_range(short_side, self.destination.fps)
        if figures is None:
            return
        if bitrate_kbps > figures.max:
            self.add(
                "error",
                f"{self.platform} accepts at most {kbps(figures.max)} for "
                f"{figures.format} (the video bitrate is {kbps(bitrate_kbps)})",
                f"lower the video bitrate to {kbps(figures.max)}",
                SetVideoBitrate(f"Set the video bitrate to {kbps(figures.max)}", figures.max),
            )
        elif bitrate_kbps < figures.min:
            self.add(
                "warning",
                f"{self.platform} recommends at least {kbps(figures.min)} for "
                f"{figures.format} (the video bitrate is {kbps(bitrate_kbps)})",
                f"raise the video bitrate to {kbps(figures.min)} if the uplink allows",
                SetVideoBitrate(f"Set the video bitrate to {kbps(figures.min)}", figures.min),
            )

    def keyframes(self, interval_s: float) -> None:
        recommended = self.preset.keyframe_interval_s
        action = SetKeyframeInterval(f"Set a keyframe every {seconds(recommended)}", recommended)
        fix = f"set the keyframe interval to {seconds(recommended)}"
        most = self.preset.max_keyframe_interval_s
        if most is not None and interval_s > most + 1e-6:
            self.add(
                "error",
                f"{self.platform} needs a keyframe at least every "
                f"{seconds(most)} (the interval is {seconds(interval_s)})",
                fix,
                action,
            )
        elif not math.isclose(interval_s, recommended, abs_tol=1e-6):
            self.add(
                "warning",
                f"{self.platform} recommends a keyframe every "
                f"{seconds(recommended)} (the interval is {seconds(interval_s)})",
                fix,
                action,
            )

    def audio(self, audio: AudioEncoderSettings) -> None:
        guidance = self.preset.audio
        if guidance.sample_rates_hz and audio.sample_rate_hz not in guidance.sample_rates_hz:
            wanted = (
                PREFERRED_SAMPLE_RATE_HZ
                if PREFERRED_SAMPLE_RATE_HZ in guidance.sample_rates_hz
                else guidance.sample_rates_hz[0]
            )
            rates = either([khz(r) for r in guidance.sample_rates_hz])
            self.add(
                "error",
                f"{self.platform} takes audio at {rates}, not {khz(audio.sample_rate_hz)}",
                f"set the audio to {khz(wanted)}",
                SetAudioRate(f"Set the audio to {khz(wanted)}", wanted),
            )
        if guidance.channels and audio.channels not in guidance.channels:
            counts = either([_channels(c) for c in guidance.channels])
            self.add(
                "error",
                f"{self.platform} takes {counts} audio, not {_channels(audio.channels)}",
                f"send {counts} audio",
            )
        if audio.bitrate_kbps > guidance.max_bitrate_kbps:
            most = guidance.max_bitrate_kbps
            self.add(
                "warning",
                f"{self.platform} takes audio at up to {kbps(most)} "
                f"(the audio bitrate is {kbps(audio.bitrate_kbps)})",
                f"lower the audio bitrate to {kbps(most)}",
                SetAudioBitrate(f"Set the audio bitrate to {kbps(most)}", most),
            )

    def _canvas(self) -> str:
        canvas = self.destination.canvas
        return f"the canvas '{canvas}'" if canvas else "the picture"


def _even_down(value: float) -> int:
    return max(2, math.floor(value / 2) * 2)


def _channels(count: int) -> str:
    return {1: "mono", 2: "stereo"}.get(count, f"{count}-channel")
