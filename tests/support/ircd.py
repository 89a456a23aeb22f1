"""pytest plugin: a real ngircd on loopback, and a plain IRC client that posts as another user.

The server runs in the foreground (``--nodaemon``) from its own temp dir and config: no PAM,
no ident, no DNS. ``stop()`` kills it like a crash; ``start()`` brings it back on the same port.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.net import free_port, kill_group, start_listening

NGIRCD = shutil.which("ngircd") or "/usr/sbin/ngircd"

CONF = """\
[Global]
Name = irc.liveshop.test
Info = LiveShop Studio test server
AdminInfo1 = tests
AdminInfo2 = loopback
AdminEMail = tests@localhost
Listen = 127.0.0.1
Ports = {port}
PidFile = {dir}/ngircd.pid
MotdPhrase = LiveShop test
[Limits]
MaxConnectionsIP = 0
MaxJoins = 0
PingTimeout = 120
PongTimeout = 20
[Options]
PAM = no
Ident = no
DNS = no
MorePrivacy = no
"""


class IrcServer:
    def __init__(
        self, directory: Path, port: int | None = None, password: str | None = None
    ) -> None:
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o777)  # ngircd drops root for "nobody" and writes its pid file here
        self.port = port or free_port()
        self.conf = self.dir / "ngircd.conf"
        conf = CONF.format(port=self.port, dir=self.dir)
        if password:  # a server password: clients must send PASS (as Twitch logins do)
            conf = conf.replace("[Limits]", f"Password = {password}\n[Limits]")
        self.conf.write_text(conf)
        self.log = self.dir / "ngircd.log"
        self.password = password
        self._process: subprocess.Popen[bytes] | None = None

    def url(self, channel: str = "#shop") -> str:
        return f"irc://127.0.0.1:{self.port}/{channel}"

    def start(self) -> None:
        """Start (again) on the same port."""
        with self.log.open("ab") as log:
            self._process = start_listening(
                [NGIRCD, "--nodaemon", "--config", str(self.conf)], self.port, "ngircd",
                self.log.read_text, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def stop(self) -> None:
        """Kill at once: to its clients, the server just went away."""
        if self._process is not None:
            kill_group(self._process)
            self._process = None

    def client(self, nick: str, channel: str = "#shop") -> IrcTestClient:
        return IrcTestClient(self.port, nick, channel, self.password)


class IrcTestClient:
    """A viewer: registers, joins, posts. Blocking and simple on purpose."""

    def __init__(
        self, port: int, nick: str, channel: str = "#shop", password: str | None = None
    ) -> None:
        self.nick, self.channel = nick, channel
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self._buffer = b""
        self.lines: list[str] = []
        if password:
            self.send_raw(f"PASS {password}")
        self.send_raw(f"NICK {nick}", f"USER {nick} 0 * :test viewer")
        self.wait_for(" 001 ")
        self.send_raw(f"JOIN {channel}")
        self.wait_for(" 366 ")  # end of NAMES: joined

    def send_raw(self, *lines: str) -> None:
        self.sock.sendall("".join(f"{line}\r\n" for line in lines).encode())

    def post(self, text: str) -> None:
        self.send_raw(f"PRIVMSG {self.channel} :{text}")

    def wait_for(self, fragment: str, timeout_s: float = 10.0) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for i, line in enumerate(self.lines):
                if fragment in line:
                    del self.lines[: i + 1]
                    return line
            self.sock.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                break
            if not data:
                break
            self._buffer += data
            *complete, self._buffer = self._buffer.split(b"\r\n")
            for raw in complete:
                line = raw.decode("utf-8", "replace")
                if line.startswith("PING"):
                    self.send_raw("PONG" + line[4:])
                self.lines.append(line)
        raise TimeoutError(f"no {fragment!r} from the IRC server; got {self.lines[-5:]}")

    def close(self) -> None:
        try:
            self.send_raw("QUIT :bye")
        except OSError:
            pass
        self.sock.close()


def require_ngircd() -> None:
    if not Path(NGIRCD).exists():
        pytest.skip("ngircd is not installed (apt install ngircd)")


@pytest.fixture
def irc_server(tmp_path: Path) -> Iterator[IrcServer]:
    require_ngircd()
    server = IrcServer(tmp_path / "ngircd")
    server.start()
    try:
        yield server
    finally:
        server.stop()
