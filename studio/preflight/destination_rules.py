"""Generic rules every destination passes, whatever its platform: a server URL and a key,
an rtmp:// or rtmps:// URL of the right shape, RTMPS where the platform needs it, a canvas
the show has, and no stream key used twice.

No sentence here quotes the URL past its server (``rtmp://host:port``): the rest may be the
stream key.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import SplitResult, urlsplit

from studio.outputs.urls import InvalidUrlError, parse_rtmp_url
from studio.preflight.plan import PlannedDestination
from studio.preflight.report import PreflightProblem, UseServerUrl
from studio.preflight.wording import SETTINGS_DESTINATIONS
from studio.scene.model import SceneCollection
from studio.settings.platforms import CUSTOM_PLATFORM, PlatformPreset, platform_of_url, preset_for

RTMP_SCHEMES = ("rtmp", "rtmps")


def url_problems(
    destination: PlannedDestination, preset: PlatformPreset | None
) -> list[PreflightProblem]:
    """What keeps this destination's URL from reaching its platform (at most one error: the
    first thing to fix), then a warning when the URL points at another platform."""
    error = _url_error(destination, preset)
    if error is not None:
        return [error]
    return _other_platform(destination, preset)


def canvas_problems(
    destination: PlannedDestination, collection: SceneCollection | None
) -> list[PreflightProblem]:
    if collection is None or not destination.canvas:
        return []
    names = [canvas.name for canvas in collection.canvases]
    if destination.canvas in names:
        return []
    return [
        _error(
            destination,
            f"it carries the canvas '{destination.canvas}', which the show does not have",
            f"choose one of {', '.join(repr(n) for n in names)} in {SETTINGS_DESTINATIONS}",
        )
    ]


def duplicate_key_problems(
    destinations: Sequence[PlannedDestination],
) -> dict[int, PreflightProblem]:
    """By position in ``destinations``: the ones whose key an earlier one already uses."""
    first_with_key: dict[str, PlannedDestination] = {}
    problems: dict[int, PreflightProblem] = {}
    for position, destination in enumerate(destinations):
        key = stream_key(destination.url)
        if not key:
            continue
        first = first_with_key.setdefault(key, destination)
        if first is not destination:
            problems[position] = _error(
                destination,
                f"it uses the same stream key as '{first.name}'",
                "paste this destination's own stream key: one key carries one stream, and "
                "the second to connect cuts the first off",
            )
    return problems


def stream_key(url: str) -> str:
    """The key of a well-formed URL, or ""."""
    try:
        return parse_rtmp_url(url).key.strip() if url.strip() else ""
    except InvalidUrlError:
        return ""


def _url_error(
    destination: PlannedDestination, preset: PlatformPreset | None
) -> PreflightProblem | None:
    url = destination.url.strip()
    if not url:
        return _missing(destination, preset)
    if any(ch.isspace() for ch in url):
        return _error(
            destination,
            "its URL or stream key contains a space",
            f"paste the server URL and the stream key again, without spaces, in "
            f"{SETTINGS_DESTINATIONS}",
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return _error(
            destination,
            "the server URL is malformed (its port is not a number from 1 to 65535)",
            _paste_fix(preset),
        )
    scheme = parts.scheme.lower()
    if scheme not in RTMP_SCHEMES:
        what = (
            f"the URL starts with '{scheme}://', not rtmp:// or rtmps://"
            if scheme
            else "the URL does not start with rtmp:// or rtmps://"
        )
        return _scheme_error(destination, preset, what)
    if preset is not None and preset.requires_rtmps and scheme != "rtmps":
        return _scheme_error(destination, preset, f"{preset.display_name} needs RTMPS")
    return _shape_error(destination, preset, parts)


def _shape_error(
    destination: PlannedDestination, preset: PlatformPreset | None, parts: SplitResult
) -> PreflightProblem | None:
    segments = [s for s in parts.path.split("/") if s]
    if not parts.hostname:
        what = "the URL has no server name"
    elif not segments:
        what = "the URL has no application path (like /live/<stream key>)"
    elif len(segments) < 2 and not parts.query:
        return _missing(destination, preset)
    else:
        return None
    return _error(destination, what, _paste_fix(preset))


def _missing(destination: PlannedDestination, preset: PlatformPreset | None) -> PreflightProblem:
    if destination.server_url.strip() or destination.url.strip():
        where = (
            f"paste the stream key in {SETTINGS_DESTINATIONS} (it is kept in the system keyring)"
            if destination.destination_id
            else "add /<stream key> after the server URL"
        )
        return _error(destination, "it has no stream key", where)
    server = _suggested_server(preset)
    if server and destination.destination_id:
        return _error(
            destination,
            "it has no server URL",
            f"use {server}",
            UseServerUrl(f"Use {server}", destination.destination_id, server),
        )
    return _error(destination, "it has no server URL", _paste_fix(preset))


def _scheme_error(
    destination: PlannedDestination, preset: PlatformPreset | None, what: str
) -> PreflightProblem:
    server = _suggested_server(preset)
    if not server:
        return _error(destination, what, _paste_fix(preset))
    action = None
    if destination.destination_id:
        secure = server.lower().startswith("rtmps://")
        label = "Switch to RTMPS" if secure else f"Use {server}"
        action = UseServerUrl(label, destination.destination_id, server)
    return _error(destination, what, f"switch to {server}", action)


def _other_platform(
    destination: PlannedDestination, preset: PlatformPreset | None
) -> list[PreflightProblem]:
    found = platform_of_url(destination.url)
    if preset is None or found in (CUSTOM_PLATFORM, preset.id):
        return []
    other = preset_for(found).display_name
    return [
        PreflightProblem(
            destination.name,
            "warning",
            f"it is set up for {preset.display_name} but its URL points at {other}",
            f"choose {other} as its platform, or paste {preset.display_name}'s URL, in "
            f"{SETTINGS_DESTINATIONS}",
        )
    ]


def _suggested_server(preset: PlatformPreset | None) -> str:
    if preset is None:
        return ""
    return preset.rtmps_server_url or preset.default_server_url


def _paste_fix(preset: PlatformPreset | None) -> str:
    server = _suggested_server(preset)
    if server:
        return f"use {server} followed by the stream key, in {SETTINGS_DESTINATIONS}"
    if preset is not None:
        secure = "rtmps://" if preset.requires_rtmps else "rtmp:// or rtmps://"
        return (
            f"paste the {secure} server URL and the stream key {preset.display_name} shows "
            f"for this stream, in {SETTINGS_DESTINATIONS}"
        )
    return f"paste an rtmp://server/app or rtmps://server/app URL in {SETTINGS_DESTINATIONS}"


def _error(
    destination: PlannedDestination, what: str, fix: str, action: UseServerUrl | None = None
) -> PreflightProblem:
    return PreflightProblem(destination.name, "error", what, fix, action)
