"""Loopback ports for the test servers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def start_listening(
    command: list[str], port: int, what: str, log_text: Callable[[], str], **popen: Any
) -> subprocess.Popen[bytes]:
    """Start a server in its own process group and wait until it listens on ``port``."""
    process = subprocess.Popen(command, start_new_session=True, **popen)
    if not wait_for_port(port, 10.0):
        kill_group(process)
        raise RuntimeError(f"{what} did not listen on {port}: {log_text()}")
    return process


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the server and its workers at once: to its clients, it crashed."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(5)
