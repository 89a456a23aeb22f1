"""A scripted IRC server for what ngircd cannot do: Twitch tags, hostile lines, floods."""

from __future__ import annotations

import socket
import threading
import time


class FakeIrcServer:
    """Accepts one client, records its lines, answers registration, sends what a test says."""

    def __init__(self, welcome: bool = True) -> None:
        self.welcome = welcome
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(4)
        self.port = int(self._listener.getsockname()[1])
        self.received: list[str] = []
        self._conn: socket.socket | None = None
        self.joined = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-irc", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._listener.accept()
        except OSError:
            return
        self._conn = conn
        buffer = b""
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            buffer += data
            *lines, buffer = buffer.split(b"\r\n")
            for raw in lines:
                line = raw.decode()
                self.received.append(line)
                nick = next((r.split()[1] for r in self.received if r.startswith("NICK")), "x")
                if line.startswith("USER") and self.welcome:
                    self.send(f":tmi.twitch.tv 001 {nick} :Welcome, GLHF!")
                elif line.startswith("JOIN"):
                    channel = line.split()[1]
                    self.send(f":{nick}!{nick}@{nick}.tmi.twitch.tv JOIN {channel}")
                    self.joined.set()

    def send(self, *lines: str) -> None:
        assert self._conn is not None
        self._conn.sendall("".join(f"{line}\r\n" for line in lines).encode())

    def send_bytes(self, data: bytes) -> None:
        assert self._conn is not None
        self._conn.sendall(data)

    def wait_joined(self, timeout_s: float = 10.0) -> None:
        if not self.joined.wait(timeout_s):
            raise AssertionError(f"the client never joined; it sent {self.received}")

    def close(self) -> None:
        self._listener.close()
        if self._conn is not None:
            try:
                self._conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._conn.close()
        self._thread.join(2)
        time.sleep(0)
