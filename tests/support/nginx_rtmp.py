"""pytest plugin: a real nginx-rtmp server on loopback, and a "black hole" TCP server.

The server records every published stream (``record all``, one file per publish), so tests
check what a viewer would get by reading the recorded FLV files back with PyAV.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.net import free_port, kill_group, start_listening

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RTMP_MODULE = Path("/usr/lib/nginx/modules/ngx_rtmp_module.so")

CONF = """\
load_module {module};
daemon off;
master_process on;
worker_processes 1;
user root;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 64; }}
rtmp {{
    server {{
        listen 127.0.0.1:{port};
        chunk_size 4096;
        application live {{
            live on;
            record all;
            record_path {dir}/rec;
            record_unique on;
        }}
    }}
}}
"""


class RtmpServer:
    """nginx with the rtmp module, in its own temp dir, on a fixed loopback port."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.dir = directory
        self.port = port or free_port()
        (self.dir / "rec").mkdir(parents=True, exist_ok=True)
        self.conf = self.dir / "nginx.conf"
        self.conf.write_text(CONF.format(module=RTMP_MODULE, dir=self.dir, port=self.port))
        self._process: subprocess.Popen[bytes] | None = None

    def url(self, key: str) -> str:
        return f"rtmp://127.0.0.1:{self.port}/live/{key}"

    def start(self) -> None:
        """Start (again) on the same port."""
        command = [NGINX, "-p", str(self.dir), "-c", str(self.conf), "-e",
                   str(self.dir / "error.log")]  # fmt: skip
        self._process = start_listening(
            command, self.port, "nginx", self.error_log,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self) -> None:
        """Kill at once (a crash, as far as the client can tell)."""
        if self._process is not None:
            kill_group(self._process)
            self._process = None

    def error_log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def recordings(self, key: str) -> list[Path]:
        """Recorded FLV files of ``key``, oldest first (record_unique adds a timestamp)."""
        files = list((self.dir / "rec").glob(f"{key}*.flv"))
        return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


@pytest.fixture
def rtmp_server(tmp_path: Path) -> Iterator[RtmpServer]:
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt install nginx-light)")
    if not RTMP_MODULE.exists():
        pytest.skip(
            f"the nginx rtmp module is missing ({RTMP_MODULE}; apt install libnginx-mod-rtmp)"
        )
    server = RtmpServer(tmp_path / "nginx")
    server.start()
    try:
        yield server
    finally:
        server.stop()


class BlackHoleServer:
    """Accepts TCP connections and never reads or answers: a stalled destination."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = int(self._listener.getsockname()[1])
        self._accepted: list[socket.socket] = []
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="black-hole", daemon=True)
        self._thread.start()

    def url(self, key: str) -> str:
        return f"rtmp://127.0.0.1:{self.port}/live/{key}"

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            self._accepted.append(conn)

    @property
    def connections(self) -> int:
        return len(self._accepted)

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        for conn in self._accepted:
            conn.close()
        self._thread.join(2)


@pytest.fixture
def black_hole() -> Iterator[BlackHoleServer]:
    server = BlackHoleServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def refused_url() -> str:
    """An RTMP URL on a loopback port nobody listens on."""
    return f"rtmp://127.0.0.1:{free_port()}/live/dead-key-123"
