"""Preflight with the network: test connections per destination, the upload probe's figure in
the uplink rule (a 2 Mb/s line flags three 4.5 Mb/s destinations and proposes the relay), and
which destination the probe may publish to without going public."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.encode.settings import AudioEncoderSettings, VideoEncoderSettings
from studio.preflight.network_checks import check_network, full_report, probe_url
from studio.preflight.plan import PlannedDestination, ShowPlan
from studio.preflight.report import SetVideoBitrate
from tests.support.nginx_relay import PlatformServer, require_nginx_rtmp, running
from tests.support.throttle_proxy import ThrottleProxy

KEYS = ("sk_live_first_1a2b", "sk_live_second_3c4d", "sk_live_third_5e6f")


def show(*urls: str, bitrate_kbps: int = 4500) -> ShowPlan:
    destinations = tuple(
        PlannedDestination(name=f"Destination {n}", url=url) for n, url in enumerate(urls, 1)
    )
    return ShowPlan(
        destinations, VideoEncoderSettings(bitrate_kbps=bitrate_kbps), AudioEncoderSettings()
    )


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformServer]:
    require_nginx_rtmp()
    with running(PlatformServer(tmp_path / "platform", ["live"])) as server:
        yield server


@pytest.mark.e2e
def test_a_2_mbps_uplink_flags_three_destinations_and_proposes_the_relay(
    platform: PlatformServer,
) -> None:
    with ThrottleProxy(platform.port, rate_bps=2_000_000) as uplink:
        plan = show(*(uplink.url("live", key) for key in KEYS))
        findings = check_network(plan, probe_seconds=3.0)
    report = full_report(plan, findings)

    assert all(result.ok for result in findings.connections.values()), findings.connections
    assert findings.upload is not None and 1400 <= findings.upload.kbps <= 2600
    (uplink_problem,) = [p for p in report.problems if p.destination == "Uplink"]
    assert uplink_problem.severity == "error" and report.blocks_show
    assert "3 destinations need" in uplink_problem.what
    assert "relay mode" in uplink_problem.fix
    assert isinstance(uplink_problem.action, SetVideoBitrate)
    assert (uplink_problem.action.bitrate_kbps + 160) * 1.25 <= findings.upload.kbps
    for key in KEYS:
        assert all(key not in line for line in report.lines() + findings.lines())


@pytest.mark.e2e
def test_the_same_show_on_a_fast_line_fits(platform: PlatformServer) -> None:
    plan = show(*(platform.app_url("live", key) for key in KEYS))
    report = full_report(plan, check_network(plan, probe_seconds=1.0))

    assert report.problems == ()


@pytest.mark.e2e
def test_a_refused_destination_is_an_error_under_its_own_name(
    platform: PlatformServer, refused_url: str
) -> None:
    plan = show(platform.app_url("live", KEYS[0]), refused_url)
    findings = check_network(plan, probe_seconds=1.0)
    report = full_report(plan, findings)

    (problem,) = report.problems
    assert problem.destination == "Destination 2" and problem.severity == "error"
    assert "refused" in problem.what
    assert findings.upload is not None  # measured against the destination that answered


def test_the_probe_never_publishes_where_a_test_stream_would_go_public() -> None:
    youtube = "rtmps://a.rtmps.youtube.com:443/live2/" + KEYS[0]
    twitch = "rtmps://live.twitch.tv:443/app/" + KEYS[1]
    custom = "rtmp://relay.example.net/live/" + KEYS[2]

    assert probe_url(show(youtube)) is None
    assert probe_url(show(youtube, twitch)) == twitch + "?bandwidthtest=true"
    assert probe_url(show(youtube, custom)) == custom
