"""A TCP proxy on loopback that caps the client→server rate: a thin uplink, on demand.

The client→server direction is paced to ``rate_bps`` (what a home uplink does to a stream);
the server→client direction passes untouched. Sockets facing the client keep a small receive
buffer so that the kernel does not swallow megabytes at loopback speed before the cap bites.
Optionally it terminates TLS (``server_context``), turning a plain RTMP server into an rtmps
one. Every thread ends when the proxy closes.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from types import TracebackType

RECEIVE_BUFFER_BYTES = 16 * 1024
MAX_BURST_S = 0.05  # at most 50 ms of the rate at once after an idle moment
_READ_BYTES = 4096
_IDLE_WAIT_S = 0.2  # how often an idle connection looks whether the proxy is closing


class ThrottleProxy:
    """``with ThrottleProxy(target_port, rate_bps=2_000_000) as proxy:`` → ``proxy.port``."""

    def __init__(
        self,
        target_port: int,
        *,
        rate_bps: float | None = None,
        server_context: ssl.SSLContext | None = None,
    ) -> None:
        self.target_port = target_port
        self.rate_bps = rate_bps
        self._server_context = server_context
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self.port = int(self._listener.getsockname()[1])
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._start(self._accept, "throttle-accept")

    def url(self, app: str, key: str, scheme: str = "rtmp") -> str:
        return f"{scheme}://127.0.0.1:{self.port}/{app}/{key}"

    def __enter__(self) -> ThrottleProxy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._closing.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            sockets, threads = list(self._sockets), list(self._threads)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(5)
        for sock in sockets:
            sock.close()
        alive = [t.name for t in threads if t.is_alive()]
        assert not alive, f"throttle proxy threads still running: {alive}"

    def _start(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _keep(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
        if self._closing.is_set():  # closed while this one was being accepted
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._keep(client)
            self._start(self._open, "throttle-open", client)

    def _open(self, client: socket.socket) -> None:
        try:
            if self._server_context is not None:
                client.settimeout(5)
                client = self._server_context.wrap_socket(client, server_side=True)
                self._keep(client)
            server = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
        except OSError:
            with contextlib.suppress(OSError):
                client.close()
            return
        self._keep(server)
        client.settimeout(None)
        server.settimeout(None)
        try:
            self._relay(client, server)
        except OSError:
            pass
        for sock in (client, server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _relay(self, client: socket.socket, server: socket.socket) -> None:
        """Copy both ways until either side ends, reading the client no faster than the cap.

        One thread per connection: an SSL socket must not be read and written at once."""
        started, moved_up = time.monotonic(), 0
        while not self._closing.is_set():
            wait_s = 0.0
            if self.rate_bps:
                wait_s = started + moved_up * 8 / self.rate_bps - time.monotonic()
                if wait_s < -MAX_BURST_S:  # an idle link saves up no more than a short burst
                    started -= wait_s + MAX_BURST_S
                    wait_s = -MAX_BURST_S
            sources = [server] if wait_s > 0 else [client, server]
            pending = isinstance(client, ssl.SSLSocket) and client in sources and client.pending()
            if pending:
                ready = [client]
            else:
                timeout_s = min(wait_s, _IDLE_WAIT_S) if wait_s > 0 else _IDLE_WAIT_S
                ready, _, _ = select.select(sources, [], [], timeout_s)
            for source in ready:
                sink = server if source is client else client
                try:
                    data = source.recv(_READ_BYTES)
                except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                    continue  # part of a TLS record: the rest comes later
                if not data:
                    return
                sink.sendall(data)
                if source is client:
                    moved_up += len(data)
