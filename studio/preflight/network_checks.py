"""The checks that open connections: a test connection per destination and the upload probe.

A test connection goes as far as the platform allows without going public: the RTMP
``connect`` everywhere, and a publish of the stream key (taken down at once) only where a
publish does not put the show on air. The upload probe publishes filler video to one
destination that allows it (a custom server, or a platform's bandwidth-test mode such as
Twitch's ``?bandwidthtest=true``); its figure feeds the uplink rule of :func:`check_show`.

Each step may take seconds: the window calls these off the UI thread, the CLI in order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from studio.preflight.checks import check_show, platform_rules
from studio.preflight.connection_check import ConnectionResult, check_connection
from studio.preflight.plan import PlannedDestination, ShowPlan
from studio.preflight.report import PreflightProblem, PreflightReport
from studio.preflight.uplink_rules import UPLINK
from studio.preflight.upload_probe import UploadMeasurement, UploadProbeError, measure_upload
from studio.rtmp.transport import Stage

CONNECT_TIMEOUT_S = 5.0
PROBE_SECONDS = 4.0

_FIX_BY_STAGE: dict[Stage, str] = {
    "lookup": "check the server name in the URL and this computer's internet connection",
    "tcp": "check the server URL and its port; the server may be down or a firewall blocks it",
    "tls": "check that the URL is the platform's rtmps:// address and this computer's clock",
    "handshake": "the address does not answer as an RTMP server: check the server URL",
    "connect": "check the application part of the server URL (e.g. /live2, /app, /rtmp)",
    "publish": "paste the stream key again: it may be wrong, expired or in use by another encoder",
}


@dataclass(frozen=True, slots=True)
class NetworkFindings:
    """What the network said: each tested destination's result, and the upload measured."""

    connections: dict[str, ConnectionResult]  # by destination name
    upload: UploadMeasurement | None = None
    upload_problem: PreflightProblem | None = None  # why the upload was not measured

    def problems(self) -> list[PreflightProblem]:
        found = [
            PreflightProblem(name, "error", _what(result), _FIX_BY_STAGE[result.stage])
            for name, result in self.connections.items()
            if not result.ok
        ]
        if self.upload_problem is not None:
            found.append(self.upload_problem)
        return found

    def lines(self) -> list[str]:
        """What went right, for the host to read beside the problems."""
        said = [f"{name}: {r.message}" for name, r in self.connections.items() if r.ok]
        if self.upload is not None:
            said.append(f"{UPLINK}: measured {self.upload.kbps:,.0f} kb/s upload.")
        return said


def publishes_safely(destination: PlannedDestination) -> bool:
    """Whether a test publish to this destination stays off air."""
    preset = platform_rules(destination)
    return preset is None or not preset.publish_goes_public


def probe_url(plan: ShowPlan) -> str | None:
    """The URL the upload probe may publish to, or None if no destination allows it."""
    for destination in plan.destinations:
        if not destination.url:
            continue
        if publishes_safely(destination):
            return destination.url
        preset = platform_rules(destination)
        if preset is not None and preset.bandwidth_test_query:
            joiner = "&" if "?" in destination.url else "?"
            return f"{destination.url}{joiner}{preset.bandwidth_test_query}"
    return None


def try_connections(
    plan: ShowPlan, *, timeout_s: float = CONNECT_TIMEOUT_S
) -> dict[str, ConnectionResult]:
    """Every destination with a URL at once (a slow one does not hold the others up)."""
    reachable = [d for d in plan.destinations if d.url]
    if not reachable:
        return {}
    with ThreadPoolExecutor(max_workers=min(8, len(reachable))) as pool:
        futures = {
            d.name: pool.submit(
                check_connection, d.url, publish=publishes_safely(d), timeout_s=timeout_s
            )
            for d in reachable
        }
        return {name: future.result() for name, future in futures.items()}


def probe_upload(
    plan: ShowPlan, *, seconds: float = PROBE_SECONDS, timeout_s: float = CONNECT_TIMEOUT_S
) -> tuple[UploadMeasurement | None, PreflightProblem | None]:
    """The measured upload, or the warning that says why it could not be measured."""
    url = probe_url(plan)
    if url is None:
        if not plan.destinations:
            return None, None
        return None, PreflightProblem(
            UPLINK,
            "warning",
            "the upload was not measured: every destination would go public on a test stream",
            "add a custom server (e.g. a relay) to measure against, or check the upload with "
            "a speed test: the show needs the sum of its destinations' bitrates with a quarter "
            "to spare",
        )
    try:
        return measure_upload(url, seconds=seconds, timeout_s=timeout_s), None
    except UploadProbeError as error:
        return None, PreflightProblem(
            UPLINK, "warning", f"the upload could not be measured: {error}",
            _FIX_BY_STAGE[error.stage],
        )  # fmt: skip


def check_network(
    plan: ShowPlan,
    *,
    probe_seconds: float = PROBE_SECONDS,
    timeout_s: float = CONNECT_TIMEOUT_S,
    progress: Callable[[str], None] = lambda _text: None,
) -> NetworkFindings:
    """Test connections, then (when at least one destination answered) the upload probe."""
    progress(f"Testing {len(plan.destinations)} destination(s)…")
    connections = try_connections(plan, timeout_s=timeout_s)
    if connections and not any(r.ok for r in connections.values()):
        return NetworkFindings(connections)
    progress(f"Measuring the upload for {probe_seconds:g} s…")
    upload, problem = probe_upload(plan, seconds=probe_seconds, timeout_s=timeout_s)
    return NetworkFindings(connections, upload, problem)


def full_report(plan: ShowPlan, findings: NetworkFindings | None) -> PreflightReport:
    """The rules (with the measured upload, if any) and what the network said."""
    if findings is None:
        return check_show(plan)
    measured = findings.upload.kbps if findings.upload is not None else plan.uplink_kbps
    report = check_show(dataclasses.replace(plan, uplink_kbps=measured))
    return report + PreflightReport(tuple(findings.problems()))


def _what(result: ConnectionResult) -> str:
    return result.message.rstrip(".")
