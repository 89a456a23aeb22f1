"""Does the show fit the uplink? Every destination is its own upload of the video and audio
bitrates, and an upload needs headroom over its average: x264's rate control and the RTMP
packets overshoot, and a shared line has other traffic. OBS's advice is to stream at no more
than about 75–80 % of a measured upload, hence the factor 1.25.

When the destinations do not fit, relay mode sends one upload per canvas to a relay (a
self-hosted nginx-rtmp with ``push`` lines, or a restreaming service) that fans out to every
platform; when even that does not fit, the video bitrate has to come down.
"""

from __future__ import annotations

import math

from studio.preflight.plan import ShowPlan
from studio.preflight.report import PreflightProblem, SetVideoBitrate
from studio.preflight.wording import kbps

UPLINK = "Uplink"  # the report's subject for problems of the whole show
HEADROOM = 1.25
# Below this a 720p picture falls apart: a line this thin needs another connection, not a fix.
MIN_USEFUL_VIDEO_KBPS = 800
BITRATE_STEP_KBPS = 100  # a proposed bitrate is rounded down to a round figure


def upload_kbps(plan: ShowPlan) -> float:
    """What one upload of the show needs on the line, headroom included."""
    return (plan.video.bitrate_kbps + plan.audio.bitrate_kbps) * HEADROOM


def relay_uploads(plan: ShowPlan) -> int:
    """Uploads in relay mode: one per canvas carried (the relay copies each to its platforms)."""
    return max(1, len({destination.canvas for destination in plan.destinations}))


def uplink_problems(plan: ShowPlan) -> list[PreflightProblem]:
    uplink = plan.uplink_kbps
    count = len(plan.destinations)
    if uplink is None or count == 0:
        return []
    per_upload = upload_kbps(plan)
    needed = per_upload * count
    if needed <= uplink:
        return []
    who = "the stream needs" if count == 1 else f"{count} destinations need"
    what = f"{who} {kbps(needed)} with headroom, and the uplink carries {kbps(uplink)}"
    uploads = relay_uploads(plan)
    relay_helps = count >= 2 and uploads < count
    if relay_helps and per_upload * uploads <= uplink:
        fix = (
            f"use relay mode: {_uploads(uploads)} to a relay that pushes to every destination "
            f"(it needs {kbps(per_upload * uploads)}), or stream to fewer destinations"
        )
        return [PreflightProblem(UPLINK, "error", what, fix)]
    uploads = uploads if relay_helps else count
    fitting = _fitting_video_kbps(uplink, uploads, plan.audio.bitrate_kbps)
    if fitting < MIN_USEFUL_VIDEO_KBPS:
        fix = "the uplink is too thin for a live show: use a wired or faster connection"
        if count >= 2:
            fix += " and stream to fewer destinations"
        return [PreflightProblem(UPLINK, "error", what, fix)]
    lower = f"lower the video bitrate to {kbps(fitting)}"
    fix = f"use relay mode ({_uploads(uploads)} to a relay) and {lower}" if relay_helps else lower
    action = SetVideoBitrate(f"Set the video bitrate to {kbps(fitting)}", fitting)
    return [PreflightProblem(UPLINK, "error", what, fix, action)]


def _fitting_video_kbps(uplink_kbps: float, uploads: int, audio_kbps: int) -> int:
    per_upload = uplink_kbps / HEADROOM / uploads - audio_kbps
    return max(0, math.floor(per_upload / BITRATE_STEP_KBPS) * BITRATE_STEP_KBPS)


def _uploads(count: int) -> str:
    return "one upload" if count == 1 else f"one upload per canvas ({count})"
