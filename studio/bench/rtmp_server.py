"""A loopback nginx-rtmp for the live benchmark: every side streams to it, and what it
records is what a platform would have received (frames counted from its files)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

NGINX = "/usr/sbin/nginx"
RTMP_MODULE = Path("/usr/lib/nginx/modules/ngx_rtmp_module.so")

_CONF = """\
load_module {module};
daemon off;
master_process off;
user root;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
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


class RtmpServerMissingError(RuntimeError):
    """nginx or its rtmp module is not installed (Debian: nginx-light libnginx-mod-rtmp)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LoopbackRtmpServer:
    def __init__(self, folder: Path) -> None:
        nginx = shutil.which("nginx") or NGINX
        if not Path(nginx).exists() or not RTMP_MODULE.exists():
            raise RtmpServerMissingError(
                "the live benchmark streams to a local nginx-rtmp "
                "(apt install nginx-light libnginx-mod-rtmp; bootstrap.sh bench installs them)"
            )
        self.folder = folder
        (folder / "rec").mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        conf = folder / "nginx.conf"
        conf.write_text(_CONF.format(module=RTMP_MODULE, dir=folder, port=self.port))
        self._process = subprocess.Popen(
            [nginx, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self._process.poll() is not None:
                break
            time.sleep(0.05)
        self.close()
        raise RuntimeError(f"nginx-rtmp did not start: {(folder / 'error.log').read_text()[-500:]}")

    def url(self, key: str) -> str:
        return f"rtmp://127.0.0.1:{self.port}/live/{key}"

    def recordings(self, key: str) -> list[Path]:
        return sorted((self.folder / "rec").glob(f"{key}*.flv"))

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
