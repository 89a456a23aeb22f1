"""The RTMP client: how it reads a URL's path, and servers that misbehave in ways nginx-rtmp
never does."""

from __future__ import annotations

import socket
import threading

import pytest

from studio.outputs.urls import parse_rtmp_url
from studio.rtmp import amf0, chunks
from studio.rtmp.chunks import RtmpMessage, encode_message
from studio.rtmp.client import HANDSHAKE_SIZE, RtmpClient, application_and_stream
from studio.rtmp.transport import RtmpError


def _receive_exactly(connection: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        more = connection.recv(count - len(data))
        if not more:
            break
        data += more
    return data


def _shake_hands(connection: socket.socket) -> None:
    """The server's side of the plain RTMP handshake: C0 C1 in, S0 S1 S2 out, C2 in."""
    _receive_exactly(connection, 1 + HANDSHAKE_SIZE)
    connection.sendall(b"\x03" + bytes(2 * HANDSHAKE_SIZE))
    _receive_exactly(connection, HANDSHAKE_SIZE)


def test_a_server_that_sends_an_invalid_chunk_stream_is_named() -> None:
    """After the handshake the server sets a chunk size of 0: an error with the stage and
    the server, not a ValueError out of the uplink child."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def garbled_server() -> None:
            connection, _ = listener.accept()
            with connection:
                _shake_hands(connection)
                zero = RtmpMessage(chunks.SET_CHUNK_SIZE, 0, 0, bytes(4))
                connection.sendall(encode_message(chunks.CONTROL_CSID, zero, 128))
                connection.recv(65536)

        server = threading.Thread(target=garbled_server, daemon=True)
        server.start()
        with RtmpClient(f"rtmp://127.0.0.1:{port}/live/sk_secret", timeout_s=5) as client:
            client.open()
            with pytest.raises(RtmpError) as failure:
                client.connect()
        server.join(5)

    assert failure.value.stage == "connect"
    assert f"the server 127.0.0.1:{port} sent data that is not valid RTMP" in str(failure.value)
    assert "chunk size of 0" in str(failure.value)
    assert "sk_secret" not in str(failure.value)


@pytest.mark.parametrize(
    ("url", "application", "stream"),
    [
        ("rtmp://h/live/KEY", "live", "KEY"),
        ("rtmps://h:443/rtmp/FB-1-0-Ab?s_bl=1&a=Xy", "rtmp", "FB-1-0-Ab?s_bl=1&a=Xy"),
        ("rtmp://h/live/_definst_/KEY", "live/_definst_", "KEY"),  # Wowza, some CDNs
        ("rtmp://h/a/b/c/d", "a/b", "c/d"),
        ("rtmp://h/vod/mp4:folder/file", "vod", "mp4:folder/file"),
        ("rtmp://h/live/KEY?next=/here", "live", "KEY?next=/here"),
    ],
)
def test_the_path_splits_into_application_and_stream_as_ffmpeg_does(
    url: str, application: str, stream: str
) -> None:
    assert application_and_stream(parse_rtmp_url(url)) == (application, stream)


def test_a_servers_bandwidth_check_is_answered_as_ffmpeg_and_obs_answer_it() -> None:
    """Some platforms' servers call ``onBWDone`` after ``connect`` and look for ``_checkbw``."""
    heard: list[object] = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def checking_server() -> None:
            connection, _ = listener.accept()
            reader = chunks.ChunkReader()
            with connection:
                _shake_hands(connection)
                while not heard or heard[-1] != "_checkbw":
                    data = connection.recv(65536)
                    if not data:
                        return
                    for message in reader.feed(data):
                        if message.type_id != chunks.COMMAND_AMF0:
                            continue
                        name = amf0.decode_all(message.payload)[0]
                        heard.append(name)
                        if name == "connect":
                            for reply in (("onBWDone", 0, None), ("_result", 1, {}, {})):
                                command = RtmpMessage(
                                    chunks.COMMAND_AMF0, 0, 0, amf0.encode(*reply)
                                )
                                connection.sendall(encode_message(3, command, 128))

        server = threading.Thread(target=checking_server, daemon=True)
        server.start()
        with RtmpClient(f"rtmp://127.0.0.1:{port}/live/key", timeout_s=5) as client:
            client.open()
            client.connect()
        server.join(5)

    assert heard == ["connect", "_checkbw"]
