"""The socket under an RTMP(S) connection: name lookup, TCP and TLS, each under a timeout,
and the stages a connection goes through, with the error that names the one that failed.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from typing import Literal

from studio.outputs.urls import RtmpUrl, redact

Stage = Literal["lookup", "tcp", "tls", "handshake", "connect", "publish"]
STAGE_WORDS: dict[Stage, str] = {
    "lookup": "name lookup",
    "tcp": "TCP connection",
    "tls": "TLS handshake",
    "handshake": "RTMP handshake",
    "connect": "RTMP connect",
    "publish": "publish",
}


class RtmpError(Exception):
    """A step of the connection failed; ``str()`` says what and where, key masked."""

    def __init__(self, stage: Stage, message: str) -> None:
        super().__init__(message)
        self.stage: Stage = stage


class ServerClosedError(RtmpError):
    """The server ended the connection (often its way of refusing an application or key)."""


def open_socket(
    target: RtmpUrl, *, timeout_s: float, send_buffer_bytes: int | None = None
) -> socket.socket:
    """A connected socket to ``target`` (TLS with SNI and the system's trust for rtmps),
    each stage under ``timeout_s``; :class:`RtmpError` names the stage that failed."""
    addresses = _lookup(target, timeout_s)
    sock = _connect_tcp(target, addresses, timeout_s, send_buffer_bytes)
    if target.scheme == "rtmps":
        sock = _start_tls(target, sock, timeout_s)
    return sock


def _lookup(target: RtmpUrl, timeout_s: float) -> list[tuple[int, tuple[str, int]]]:
    # getaddrinfo has no timeout: it runs in a thread left behind if it hangs.
    found: list[tuple[int, tuple[str, int]]] = []
    failure: list[OSError] = []

    def lookup() -> None:
        try:
            for family, _, _, _, address in socket.getaddrinfo(
                target.host, target.port, type=socket.SOCK_STREAM
            ):
                found.append((int(family), (str(address[0]), int(address[1]))))
        except OSError as exc:
            failure.append(exc)

    worker = threading.Thread(target=lookup, name="rtmp-lookup", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        raise RtmpError(
            "lookup",
            f"looking up the server '{target.host}' took more than "
            f"{timeout_s:g} s (is this computer online?)",
        )
    if failure or not found:
        raise RtmpError(
            "lookup",
            f"cannot find the server '{target.host}' (name lookup failed: check the "
            "server URL's spelling and this computer's connection)",
        )
    return found


def _connect_tcp(
    target: RtmpUrl,
    addresses: list[tuple[int, tuple[str, int]]],
    timeout_s: float,
    send_buffer_bytes: int | None,
) -> socket.socket:
    deadline = time.monotonic() + timeout_s
    last: OSError | None = None
    for family, address in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        if send_buffer_bytes:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer_bytes)
        try:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            sock.connect(address)
        except OSError as exc:
            sock.close()
            last = exc
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise RtmpError("tcp", _describe_tcp_error(target, timeout_s, last))


def _describe_tcp_error(target: RtmpUrl, timeout_s: float, exc: OSError | None) -> str:
    code = getattr(exc, "errno", None)
    if isinstance(exc, TimeoutError) or code == errno.ETIMEDOUT:
        return (
            f"timed out after {timeout_s:g} s connecting to {target.endpoint} (a firewall "
            "may block the port, or the server is down)"
        )
    if code == errno.ECONNREFUSED:
        return (
            f"connection refused by {target.endpoint} (nothing listens there: is the server "
            "running, and is the port in the URL right?)"
        )
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"the server {target.endpoint} cannot be reached (no route to host)"
    detail = redact(str(exc), target.raw) if exc else "no address"
    return f"could not connect to {target.endpoint} ({detail})"


def would_block_errors(target: RtmpUrl) -> tuple[type[OSError], ...]:
    """What reading a non-blocking socket to ``target`` raises when nothing has arrived."""
    if target.scheme != "rtmps":
        return (BlockingIOError,)
    import ssl

    return (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError)


def _start_tls(target: RtmpUrl, sock: socket.socket, timeout_s: float) -> socket.socket:
    # Loaded for rtmps only: OpenSSL is ~5 MB of memory in every plain-RTMP uplink child.
    import ssl

    import certifi

    # The system's trusted certificates (and Mozilla's, which a frozen app's OpenSSL may lack)
    # and the host name check, with SNI: what platforms use.
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=certifi.where())
    try:
        sock.settimeout(timeout_s)
        return context.wrap_socket(sock, server_hostname=target.host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise RtmpError(
            "tls",
            f"the certificate of {target.endpoint} is not trusted ({exc.verify_message}): "
            "check the server name, and the computer's clock",
        ) from None
    except TimeoutError:
        sock.close()
        raise RtmpError(
            "tls", f"timed out after {timeout_s:g} s in the TLS handshake with "
            f"{target.endpoint} (is it an rtmps server? try rtmp://)",
        ) from None  # fmt: skip
    except (ssl.SSLError, OSError) as exc:
        sock.close()
        reason = getattr(exc, "reason", None) or exc.__class__.__name__
        raise RtmpError(
            "tls", f"the TLS handshake with {target.endpoint} failed ({reason}: is it an rtmps "
            "server? try rtmp://)",
        ) from None  # fmt: skip
