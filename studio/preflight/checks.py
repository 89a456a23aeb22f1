"""The one entry point of the rules: :func:`check_show` over a :class:`ShowPlan`.

Pure: no network, no clock, no Qt. Each destination is checked against its platform — the
preset chosen in Settings, else the one its URL's host belongs to; a loopback, unknown or
"custom" server gets only the generic checks (URL, key, canvas, duplicate keys). The uplink,
when measured, is checked for the whole show last.
"""

from __future__ import annotations

from studio.preflight.destination_rules import (
    canvas_problems,
    duplicate_key_problems,
    url_problems,
)
from studio.preflight.encoding_rules import encoding_problems
from studio.preflight.plan import PlannedDestination, ShowPlan
from studio.preflight.report import PreflightProblem, PreflightReport
from studio.preflight.safe_zones import safe_zone_problems
from studio.preflight.uplink_rules import uplink_problems
from studio.settings.platforms import (
    CUSTOM_PLATFORM,
    PlatformPreset,
    platform_of_url,
    platform_presets,
)


def check_show(plan: ShowPlan) -> PreflightReport:
    """Every problem of the show, destination by destination (errors first in each), then
    the uplink's."""
    duplicates = duplicate_key_problems(plan.destinations)
    problems: list[PreflightProblem] = []
    for position, destination in enumerate(plan.destinations):
        preset = platform_rules(destination)
        found = url_problems(destination, preset)
        if position in duplicates:
            found.append(duplicates[position])
        found += canvas_problems(destination, plan.collection)
        if preset is not None:
            found += encoding_problems(destination, preset, plan.video, plan.audio)
            found += safe_zone_problems(destination, preset, plan.collection)
        problems += sorted(found, key=lambda problem: problem.severity != "error")
    problems += uplink_problems(plan)
    return PreflightReport(tuple(problems))


def platform_rules(destination: PlannedDestination) -> PlatformPreset | None:
    """The preset whose rules apply, or None for a custom server (generic checks only)."""
    platform = destination.platform
    if platform == CUSTOM_PLATFORM:
        platform = platform_of_url(destination.url or destination.server_url)
    if platform == CUSTOM_PLATFORM:
        return None
    return platform_presets().get(platform)
