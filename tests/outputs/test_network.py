"""Pushing to a real nginx-rtmp server and reading back what it recorded."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from studio.outputs import (
    NetworkOutput,
    OutputEvent,
    OutputState,
    RecordingOutput,
    StopReason,
)
from studio.rtmp.client import RtmpClient
from tests.outputs.helpers import max_gap_s, read_media, wait_until
from tests.support.encoded_media import EncodedMedia
from tests.support.local_authority import LocalAuthority
from tests.support.nginx_rtmp import BlackHoleServer, RtmpServer
from tests.support.throttle_proxy import ThrottleProxy

pytestmark = pytest.mark.e2e
KEY = "sk-live-7f3a9c1d"


@pytest.fixture(scope="module")
def media() -> EncodedMedia:
    return EncodedMedia(duration_s=4.0)


def fast(url: str, events: list[OutputEvent] | None = None, **kwargs: float) -> NetworkOutput:
    options: dict[str, float] = {
        "connect_timeout_s": 3.0,
        "stall_timeout_s": 3.0,
        "reconnect_delay_s": 0.3,
    }
    options.update(kwargs)
    return NetworkOutput(url, on_event=events.append if events is not None else None, **options)


def test_pushed_stream_is_what_a_viewer_gets(
    rtmp_server: RtmpServer, media: EncodedMedia, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    events: list[OutputEvent] = []
    output = fast(rtmp_server.url(KEY), events)
    output.start(media.spec)
    media.play(output.send)
    live_stats = output.stats()
    output.stop(5.0)

    assert live_stats.state == OutputState.LIVE
    assert live_stats.bitrate_kbps > 100 and live_stats.fps > 10
    assert output.stats().state == OutputState.STOPPED
    [recording] = rtmp_server.recordings(KEY)
    seen = read_media(recording)
    assert (seen.video_codec, seen.audio_codec) == ("h264", "aac")
    assert seen.size == (320, 240)
    assert seen.keyframes_s == pytest.approx([0.0, 2.0], abs=0.01)
    assert len(seen.video_pts_s) >= 115
    assert (seen.audio_rate_hz, seen.audio_channels) == (48_000, 2)
    # the key never shows: stats, events, logs
    texts = [repr(output.stats()), *map(repr, events), caplog.text, output.name]
    assert all(KEY not in text for text in texts)
    assert "127.0.0.1" in output.name


def test_dead_destination_does_not_hurt_the_others(
    rtmp_server: RtmpServer, media: EncodedMedia, refused_url: str, tmp_path: Path
) -> None:
    dead_events: list[OutputEvent] = []
    dead = fast(refused_url, dead_events)
    first, second = fast(rtmp_server.url("one")), fast(rtmp_server.url("two"))
    recording = RecordingOutput(tmp_path / "show.mkv")
    outputs = [dead, first, second, recording]
    for output in outputs:
        output.start(media.spec)
    media.play(lambda p: [o.send(p) for o in outputs])
    dead_stats = dead.stats()
    for output in outputs:
        output.stop(5.0)

    assert dead_stats.state in (OutputState.RECONNECTING, OutputState.CONNECTING)
    refusals = [e for e in dead_events if e.reason == StopReason.CONNECT_FAILED]
    assert refusals and "connection refused by 127.0.0.1:" in refusals[0].message
    assert all("dead-key-123" not in e.message for e in dead_events)
    for key in ("one", "two"):
        [flv] = rtmp_server.recordings(key)
        assert read_media(flv).keyframes_s == pytest.approx([0.0, 2.0], abs=0.01)
    local = read_media(tmp_path / "show.mkv")
    assert len(local.video_pts_s) == 120
    assert max_gap_s(local.video_pts_s) < 0.05


def test_server_restart_reconnects_on_a_keyframe(rtmp_server: RtmpServer, tmp_path: Path) -> None:
    media = EncodedMedia(duration_s=6.0)
    output = fast(rtmp_server.url(KEY))
    recording = RecordingOutput(tmp_path / "local.mkv")
    killed = threading.Event()

    def crash_server_at_1_5_s(pts_s: float) -> None:
        if pts_s >= 1.5 and not killed.is_set():
            killed.set()
            rtmp_server.stop()
            rtmp_server.start()

    for out in (output, recording):
        out.start(media.spec)
    media.play(lambda p: (output.send(p), recording.send(p)), on_progress=crash_server_at_1_5_s)
    stats = output.stats()
    output.stop(5.0)
    recording.stop(5.0)

    assert stats.reconnects >= 1
    assert stats.state == OutputState.LIVE
    segments = rtmp_server.recordings(KEY)
    assert len(segments) >= 2
    last = read_media(segments[-1])
    assert last.keyframes_s and last.keyframes_s[0] == last.video_pts_s[0]
    assert len(last.video_pts_s) >= 30
    local = read_media(tmp_path / "local.mkv")
    assert len(local.video_pts_s) == 180
    assert max_gap_s(local.video_pts_s) < 0.05


def test_black_hole_is_reported_stalled_and_stalls_nothing_else(
    black_hole: BlackHoleServer, rtmp_server: RtmpServer, media: EncodedMedia
) -> None:
    events: list[OutputEvent] = []
    hole = fast(black_hole.url(KEY), events, connect_timeout_s=1.5, stall_timeout_s=1.5)
    healthy = fast(rtmp_server.url("healthy"))
    for output in (hole, healthy):
        output.start(media.spec)
    media.play(lambda p: (hole.send(p), healthy.send(p)))
    assert wait_until(lambda: any(e.reason == StopReason.STALLED for e in events), 5.0)
    for output in (hole, healthy):
        output.stop(3.0)

    assert black_hole.connections >= 1
    stalled = next(e for e in events if e.reason == StopReason.STALLED)
    assert stalled.state == OutputState.RECONNECTING
    assert "did not answer" in stalled.message and KEY not in stalled.message
    [flv] = rtmp_server.recordings("healthy")
    assert len(read_media(flv).video_pts_s) >= 115
    assert hole.stats().state == OutputState.STOPPED


@pytest.mark.parametrize(
    "url", ["http://example.com/live/secret-key", "rtmp://example.com/live", "rtmp:///x/y"]
)
def test_invalid_url_fails_at_start(url: str, media: EncodedMedia) -> None:
    events: list[OutputEvent] = []
    output = NetworkOutput(url, on_event=events.append)
    output.start(media.spec)
    output.send(media.packets[0])
    output.stop()
    assert output.stats().state == OutputState.FAILED
    assert output.stats().reason == StopReason.INVALID_URL
    assert events[-1].reason == StopReason.INVALID_URL
    assert "secret-key" not in output.stats().message


def test_unresolvable_host_is_a_clear_connect_failure(media: EncodedMedia) -> None:
    events: list[OutputEvent] = []
    output = fast("rtmp://no-such-host.invalid/live/key-42", events)
    output.start(media.spec)
    assert wait_until(lambda: any(e.reason == StopReason.CONNECT_FAILED for e in events), 8.0)
    output.stop(2.0)
    failure = next(e for e in events if e.reason == StopReason.CONNECT_FAILED)
    assert "cannot find the server 'no-such-host.invalid'" in failure.message
    assert output.stats().state == OutputState.STOPPED


def test_rtmps_goes_out_encrypted_to_the_server_named_in_the_url(
    rtmp_server: RtmpServer, media: EncodedMedia, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    authority = LocalAuthority(tmp_path)
    names_seen: list[str] = []
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.ca_file))  # the uplink child trusts it
    with ThrottleProxy(
        rtmp_server.port, server_context=authority.server_context(names_seen)
    ) as front:
        events: list[OutputEvent] = []
        output = fast(f"rtmps://localhost:{front.port}/live/{KEY}", events)
        output.start(media.spec)
        media.play(output.send)
        live_stats = output.stats()
        output.stop(5.0)

    assert live_stats.state == OutputState.LIVE, events
    assert names_seen and set(names_seen) == {"localhost"}
    [recording] = rtmp_server.recordings(KEY)
    seen = read_media(recording)
    assert (seen.video_codec, seen.audio_codec) == ("h264", "aac")
    assert len(seen.video_pts_s) >= 115
    assert all(KEY not in repr(event) for event in events)


def test_rtmps_to_a_server_nobody_trusts_is_refused_with_the_reason(
    rtmp_server: RtmpServer, media: EncodedMedia, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    authority = LocalAuthority(tmp_path)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)  # only the system's and Mozilla's
    with ThrottleProxy(rtmp_server.port, server_context=authority.server_context([])) as front:
        events: list[OutputEvent] = []
        output = fast(f"rtmps://localhost:{front.port}/live/{KEY}", events)
        output.start(media.spec)
        assert wait_until(lambda: any(e.reason == StopReason.CONNECT_FAILED for e in events), 8.0)
        output.stop(2.0)

    [failure] = [e for e in events if e.reason == StopReason.CONNECT_FAILED][:1]
    assert f"the certificate of localhost:{front.port} is not trusted" in failure.message
    assert rtmp_server.recordings(KEY) == []


def test_a_key_already_live_elsewhere_is_named_and_retried(
    rtmp_server: RtmpServer, media: EncodedMedia
) -> None:
    events: list[OutputEvent] = []
    with RtmpClient(rtmp_server.url(KEY), timeout_s=5) as other_encoder:
        other_encoder.open()
        other_encoder.connect()
        other_encoder.publish()
        output = fast(rtmp_server.url(KEY), events)
        output.start(media.spec)
        assert wait_until(lambda: any(e.reason == StopReason.CONNECT_FAILED for e in events), 8.0)
        state = output.stats().state
        output.stop(2.0)

    assert state in (OutputState.RECONNECTING, OutputState.CONNECTING)
    [refusal] = [e for e in events if e.reason == StopReason.CONNECT_FAILED][:1]
    assert "NetStream.Publish.BadName" in refusal.message
    assert "another encoder is already live with it" in refusal.message
    assert KEY not in refusal.message


def test_an_application_instance_in_the_url_reaches_the_server_as_ffmpeg_sends_it(
    rtmp_server: RtmpServer, media: EncodedMedia
) -> None:
    """``/live/_definst_/KEY`` (Wowza's form): the application is "live/_definst_", which
    nginx-rtmp, like Wowza, reads as the application "live"; the stream is the key."""
    output = fast(f"rtmp://127.0.0.1:{rtmp_server.port}/live/_definst_/{KEY}")
    output.start(media.spec)
    media.play(output.send)
    live_stats = output.stats()
    output.stop(5.0)

    assert live_stats.state == OutputState.LIVE
    [recording] = rtmp_server.recordings(KEY)
    assert len(read_media(recording).video_pts_s) >= 115
