"""The show as it would go live, as a :class:`ShowPlan`: from the app settings (the window's
Go Live) or from the command line's ``--to [CANVAS=]URL`` targets.

A destination that cannot go live yet is still planned — a missing key is a destination with
no URL — so the report names it instead of the build failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from studio.encode.settings import AudioEncoderSettings, VideoEncoderSettings
from studio.preflight.plan import PlannedDestination, ShowPlan
from studio.scene.model import SceneCollection
from studio.settings.model import AppSettings, DestinationNotReadyError
from studio.settings.platforms import CUSTOM_PLATFORM, platform_of_url, preset_for
from studio.settings.secrets import SecretStore

CliTarget = tuple[str | None, str]  # (canvas name or None for the first, URL with the key)


def plan_from_settings(
    settings: AppSettings,
    secrets: SecretStore,
    collection: SceneCollection | None,
    uplink_kbps: float | None = None,
) -> ShowPlan:
    """The enabled destinations with their keys from the keyring (a keyring that cannot be
    read raises SecretStoreError, as Go Live would), each with the encoded size of the canvas
    it carries: the collection's canvas, else the main canvas of Settings → Video."""
    video = settings.video.encoder_settings()
    audio = AudioEncoderSettings(
        bitrate_kbps=settings.audio.bitrate_kbps, sample_rate_hz=settings.audio.sample_rate_hz
    )
    planned = []
    for destination in settings.enabled_destinations():
        try:
            url = destination.stream_url(secrets)
        except DestinationNotReadyError:
            url = ""
        canvas_name = destination.canvas or ""
        if collection is not None:
            width, height, fps = _canvas_size(collection, canvas_name, video)
        else:
            width, height = settings.video.output_size
            fps = float(settings.video.fps)
        planned.append(
            PlannedDestination(
                name=destination.name,
                url=url,
                server_url=destination.server_url,
                canvas=canvas_name,
                width=width,
                height=height,
                fps=fps,
                platform=destination.platform,
                destination_id=destination.id,
            )
        )
    return ShowPlan(tuple(planned), video, audio, collection, uplink_kbps)


def plan_from_targets(
    collection: SceneCollection,
    targets: Sequence[CliTarget],
    video: VideoEncoderSettings,
    audio: AudioEncoderSettings,
    uplink_kbps: float | None = None,
) -> ShowPlan:
    """The command line's destinations: the platform from each URL's host, named after it
    (never after the URL, which holds the key)."""
    planned = []
    names: set[str] = set()
    for number, (canvas, url) in enumerate(targets, start=1):
        canvas_name = canvas or ""
        width, height, fps = _canvas_size(collection, canvas_name, video)
        platform = platform_of_url(url)
        name = _unique(_target_name(url, platform, canvas, number), names)
        planned.append(
            PlannedDestination(
                name=name,
                url=url,
                server_url=_server_url(url),
                canvas=canvas_name,
                width=width,
                height=height,
                fps=fps,
                platform=platform,
            )
        )
    return ShowPlan(tuple(planned), video, audio, collection, uplink_kbps)


def _canvas_size(
    collection: SceneCollection, canvas_name: str, video: VideoEncoderSettings
) -> tuple[int, int, float]:
    # An unknown canvas name is reported by the rules; its size is the first canvas's.
    canvas = next((c for c in collection.canvases if c.name == canvas_name), None)
    canvas = canvas or collection.canvases[0]
    width, height = video.output_size(canvas.width, canvas.height)
    return width, height, float(canvas.fps)


def _target_name(url: str, platform: str, canvas: str | None, number: int) -> str:
    if platform != CUSTOM_PLATFORM:
        base = preset_for(platform).display_name
    else:
        try:
            base = urlsplit(url.strip()).hostname or f"destination {number}"
        except ValueError:
            base = f"destination {number}"
    return f"{base} ({canvas})" if canvas else base


def _unique(name: str, taken: set[str]) -> str:
    candidate, count = name, 1
    while candidate in taken:
        count += 1
        candidate = f"{name} #{count}"
    taken.add(candidate)
    return candidate


def _server_url(url: str) -> str:
    """The URL without its key: scheme, server and application (``rtmp://host/live``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    app = next((s for s in parts.path.split("/") if s), "")
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}/{app}" if app else f"{parts.scheme}://{parts.netloc}"
