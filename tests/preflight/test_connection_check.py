"""The test connection, as preflight runs it per destination: against a real nginx-rtmp on
loopback, and against the ways a destination goes wrong (nothing listening, an application
the server does not have, a key already live, a server that never answers, a certificate
nobody vouches for). Every message names the stage and the server, never the key."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.preflight.connection_check import ConnectionResult, check_connection
from studio.rtmp.client import RtmpClient
from tests.support.local_authority import LocalAuthority
from tests.support.nginx_rtmp import BlackHoleServer, RtmpServer
from tests.support.throttle_proxy import ThrottleProxy

pytestmark = pytest.mark.e2e
KEY = "sk_live_preflight_5e4d3c"


def assert_key_hidden(result: ConnectionResult) -> None:
    assert KEY not in result.message
    assert KEY not in repr(result)


@pytest.mark.parametrize("publish", [False, True])
def test_a_test_connection_to_nginx_rtmp_succeeds(rtmp_server: RtmpServer, publish: bool) -> None:
    result = check_connection(rtmp_server.url(KEY), publish=publish)

    assert result.ok, result.message
    assert result.stage == ("publish" if publish else "connect")
    assert f"rtmp://127.0.0.1:{rtmp_server.port}/live/••••" in result.message
    assert ("published the stream key" in result.message) is publish
    assert result.elapsed_ms > 0
    assert_key_hidden(result)


def test_the_key_is_published_and_taken_down_again(rtmp_server: RtmpServer) -> None:
    """A second check with the same key succeeds: the first one left nothing live on it."""
    assert check_connection(rtmp_server.url(KEY), publish=True).ok
    second = check_connection(rtmp_server.url(KEY), publish=True)

    assert second.ok, second.message


def test_a_closed_port_is_a_refused_connection(refused_url: str) -> None:
    result = check_connection(refused_url, publish=True)

    port = refused_url.split(":")[2].split("/")[0]
    assert not result.ok and result.stage == "tcp"
    assert f"connection refused by 127.0.0.1:{port}" in result.message
    assert "dead-key-123" not in result.message


def test_an_application_the_server_does_not_have_is_named(rtmp_server: RtmpServer) -> None:
    url = f"rtmp://127.0.0.1:{rtmp_server.port}/studio/{KEY}"

    result = check_connection(url, publish=False)

    assert not result.ok and result.stage == "connect"
    assert f"127.0.0.1:{rtmp_server.port}" in result.message
    assert "application 'studio'" in result.message
    assert_key_hidden(result)


def test_a_key_already_live_is_refused_at_publish(rtmp_server: RtmpServer) -> None:
    with RtmpClient(rtmp_server.url(KEY), timeout_s=5) as other_encoder:
        other_encoder.open()
        other_encoder.connect()
        other_encoder.publish()

        result = check_connection(rtmp_server.url(KEY), publish=True)

    assert not result.ok and result.stage == "publish"
    assert "NetStream.Publish.BadName" in result.message
    assert "another encoder is already live with it" in result.message
    assert_key_hidden(result)


def test_a_server_that_never_answers_times_out_at_the_handshake(
    black_hole: BlackHoleServer,
) -> None:
    result = check_connection(black_hole.url(KEY), publish=True, timeout_s=0.5)

    assert not result.ok and result.stage == "handshake"
    assert "timed out after 0.5 s" in result.message
    assert f"127.0.0.1:{black_hole.port}" in result.message
    assert black_hole.connections == 1
    assert_key_hidden(result)


def test_a_server_that_is_not_rtmp_is_named_at_the_handshake() -> None:
    """A web server on the port answers the handshake with an HTTP error."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def answer_like_a_web_server() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.recv(4096)
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

        web_server = threading.Thread(target=answer_like_a_web_server)
        web_server.start()
        result = check_connection(f"rtmp://127.0.0.1:{port}/live/{KEY}", publish=False)
        web_server.join(5)

    assert not result.ok and result.stage == "handshake"
    assert f"the server 127.0.0.1:{port} does not speak RTMP" in result.message
    assert_key_hidden(result)


def test_a_server_name_that_does_not_exist_fails_at_the_lookup() -> None:
    result = check_connection(
        f"rtmp://no-such-server.invalid/live/{KEY}", publish=False, timeout_s=3
    )

    assert not result.ok and result.stage == "lookup"
    assert "no-such-server.invalid" in result.message
    assert_key_hidden(result)


def test_an_unusable_url_is_a_result_not_an_exception() -> None:
    result = check_connection(f"http://example.com/live/{KEY}", publish=False)

    assert not result.ok
    assert "rtmp://" in result.message
    assert_key_hidden(result)


# -- rtmps: TLS with SNI and the system's verification -------------------------------------


RtmpsFront = tuple[ThrottleProxy, LocalAuthority, list[str]]


@pytest.fixture
def rtmps_front(rtmp_server: RtmpServer, tmp_path: Path) -> Iterator[RtmpsFront]:
    """nginx-rtmp behind a TLS front on loopback: an rtmps server for ``localhost``, and the
    server names (SNI) its clients asked for."""
    authority = LocalAuthority(tmp_path)
    names_seen: list[str] = []
    context = authority.server_context(names_seen)
    with ThrottleProxy(rtmp_server.port, server_context=context) as front:
        yield front, authority, names_seen


def test_rtmps_verifies_the_certificate_and_sends_the_server_name(
    rtmps_front: RtmpsFront, monkeypatch: pytest.MonkeyPatch
) -> None:
    front, authority, names_seen = rtmps_front
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.ca_file))  # the system's trust, plus ours

    result = check_connection(f"rtmps://localhost:{front.port}/live/{KEY}", publish=True)

    assert result.ok, result.message
    assert names_seen == ["localhost"]
    assert_key_hidden(result)


def test_rtmps_refuses_a_certificate_nobody_trusts(
    rtmps_front: RtmpsFront, monkeypatch: pytest.MonkeyPatch
) -> None:
    front, _, _ = rtmps_front
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)  # only the system's authorities

    result = check_connection(f"rtmps://localhost:{front.port}/live/{KEY}", publish=True)

    assert not result.ok and result.stage == "tls"
    assert f"the certificate of localhost:{front.port} is not trusted" in result.message
    assert_key_hidden(result)


def test_rtmps_to_a_plain_rtmp_server_fails_at_tls(rtmp_server: RtmpServer) -> None:
    result = check_connection(
        f"rtmps://127.0.0.1:{rtmp_server.port}/live/{KEY}", publish=False, timeout_s=1
    )

    assert not result.ok and result.stage == "tls"
    assert "try rtmp://" in result.message
    assert_key_hidden(result)
