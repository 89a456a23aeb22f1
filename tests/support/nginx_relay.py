"""nginx-rtmp servers of a test's own making: a platform stand-in and a relay.

Both run exactly like the ``rtmp_server`` fixture's nginx (same binary, module, process
handling and logs); only the ``rtmp { … }`` block differs. The relay's block is the one
:func:`studio.preflight.relay.relay_config` writes, word for word.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from studio.preflight.relay import relay_config
from tests.support.nginx_rtmp import CONF, NGINX, RTMP_MODULE, RtmpServer

# load_module, daemon off, pid, error log, events: everything but the rtmp block.
_HEAD = CONF.partition("rtmp {")[0]
SINK_APP = "sink"  # takes any stream and keeps nothing (the upload probe at loopback speed)
Server = TypeVar("Server", bound=RtmpServer)


class ConfiguredRtmpServer(RtmpServer):
    """The test nginx with ``rtmp_block`` (which listens on ``127.0.0.1:{self.port}``)."""

    def write_rtmp_block(self, rtmp_block: str) -> None:
        self.conf.write_text(_HEAD.format(module=RTMP_MODULE, dir=self.dir) + rtmp_block)


class PlatformServer(ConfiguredRtmpServer):
    """A platform stand-in with several applications, each recording what it is sent into
    its own folder, and ``sink``, which records nothing."""

    def __init__(self, directory: Path, apps: Sequence[str]) -> None:
        super().__init__(directory)
        self.apps = tuple(apps)
        blocks = "".join(self._recording_app(app) for app in self.apps)
        self.write_rtmp_block(
            "rtmp {\n    server {\n"
            f"        listen 127.0.0.1:{self.port};\n        chunk_size 4096;\n"
            f"        application {SINK_APP} {{ live on; }}\n{blocks}    }}\n}}\n"
        )

    def _recording_app(self, app: str) -> str:
        folder = self.dir / "rec" / app
        folder.mkdir(parents=True, exist_ok=True)
        return (
            f"        application {app} {{ live on; record all; record_path {folder}; "
            "record_unique on; }\n"
        )

    def app_url(self, app: str, key: str) -> str:
        return f"rtmp://127.0.0.1:{self.port}/{app}/{key}"

    def app_recordings(self, app: str, key: str) -> list[Path]:
        files = list((self.dir / "rec" / app).glob(f"{key}*.flv"))
        return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


class RelayServer(ConfiguredRtmpServer):
    """nginx running the relay configuration preflight proposes, on loopback."""

    def __init__(
        self,
        directory: Path,
        pushes: Mapping[str, Sequence[str]],
        allow_publish_from: Sequence[str] = (),
    ) -> None:
        super().__init__(directory)
        self.config = relay_config(
            pushes,
            port=self.port,
            listen_address="127.0.0.1",
            allow_publish_from=allow_publish_from,
        )
        self.write_rtmp_block(self.config)

    def app_url(self, app: str, key: str) -> str:
        return f"rtmp://127.0.0.1:{self.port}/{app}/{key}"


def require_nginx_rtmp() -> None:
    """Skip, as the rtmp_server fixture does, where nginx or its rtmp module is missing."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt install nginx-light)")
    if not RTMP_MODULE.exists():
        pytest.skip(
            f"the nginx rtmp module is missing ({RTMP_MODULE}; apt install libnginx-mod-rtmp)"
        )


@contextmanager
def running(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()
