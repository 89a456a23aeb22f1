"""The upload probe measures what the link to a destination sustains: through a proxy that caps
the uplink at 2 Mb/s it reads about 2 Mb/s, without it far more; what it sends is a video
stream a server can record and a player decode; a failure is a typed error without the key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av
import pytest

from studio.preflight.upload_probe import (
    UploadProbeError,
    measure_upload,
    sustained_rate,
)
from tests.support.nginx_relay import SINK_APP, PlatformServer, require_nginx_rtmp, running
from tests.support.nginx_rtmp import BlackHoleServer
from tests.support.throttle_proxy import ThrottleProxy

KEY = "sk_live_uplink_probe_77aa"
UPLINK_BPS = 2_000_000


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[PlatformServer]:
    require_nginx_rtmp()
    with running(PlatformServer(tmp_path / "platform", ["live"])) as server:
        yield server


@pytest.mark.e2e
def test_a_2_mbps_uplink_measures_about_2_mbps(platform: PlatformServer) -> None:
    with ThrottleProxy(platform.port, rate_bps=UPLINK_BPS) as uplink:
        measured = measure_upload(uplink.url(SINK_APP, KEY), seconds=4.0)

    assert 1400 <= measured.kbps <= 2600, measured
    assert measured.kbps == pytest.approx(measured.bytes * 8 / measured.seconds / 1000)


@pytest.mark.e2e
def test_without_the_cap_the_probe_measures_far_more(platform: PlatformServer) -> None:
    measured = measure_upload(platform.app_url(SINK_APP, KEY), seconds=2.0)

    assert measured.kbps > 10 * UPLINK_BPS / 1000, measured


@pytest.mark.e2e
def test_the_probe_sends_a_stream_a_player_decodes(platform: PlatformServer) -> None:
    with ThrottleProxy(platform.port, rate_bps=UPLINK_BPS) as uplink:
        measure_upload(uplink.url("live", KEY), seconds=1.0)
    platform.stop()  # the recording is complete once the server has let go of it

    [recording] = platform.app_recordings("live", KEY)
    with av.open(str(recording)) as container:
        frames = list(container.decode(video=0))
    assert len(frames) >= 10
    assert {(frame.width, frame.height) for frame in frames} == {(16, 16)}


@pytest.mark.e2e
def test_a_refused_connection_is_a_typed_error_without_the_key(refused_url: str) -> None:
    with pytest.raises(UploadProbeError) as caught:
        measure_upload(refused_url, seconds=1.0)

    assert caught.value.stage == "tcp"
    assert "connection refused by 127.0.0.1:" in str(caught.value)
    assert "dead-key-123" not in str(caught.value)


@pytest.mark.e2e
def test_a_silent_server_times_out(black_hole: BlackHoleServer) -> None:
    with pytest.raises(UploadProbeError) as caught:
        measure_upload(black_hole.url(KEY), seconds=1.0, timeout_s=0.5)

    assert caught.value.stage == "handshake"
    assert "timed out after 0.5 s" in str(caught.value)
    assert KEY not in str(caught.value)


def test_the_burst_that_fills_the_buffers_is_not_counted() -> None:
    """1 MB vanishes into buffers at once, then the link takes 25 kB every 0.1 s (2 Mb/s)."""
    samples = [(0.0, 0), (0.01, 1_000_000)]
    samples += [(0.01 + 0.1 * step, 1_000_000 + 25_000 * step) for step in range(1, 40)]

    measured = sustained_rate(samples, warmup_s=1.0)

    assert measured.kbps == pytest.approx(2000)
    assert measured.bytes == 25_000 * (39 - 10)


def test_too_few_samples_after_the_warm_up_is_an_error() -> None:
    with pytest.raises(UploadProbeError, match="sent too little to measure"):
        sustained_rate([(0.0, 0), (0.5, 8000), (3.9, 16000)], warmup_s=1.0)
