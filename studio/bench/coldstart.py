"""Cold start: launching ``studio stream`` to its first encoded frame, and ``studio`` (the
desktop app) to its first painted window.

``studio stream`` goes to a loopback port nobody listens on (the bench needs no server; the
stream output's child process starts and reports "connection refused" while the encoder runs
regardless) and records with ``--record``. The recording file is created by the muxer at its
first packet, and the recording starts on a video keyframe; with zero-latency x264 that packet
leaves the encoder with the first frame. So the first bytes of the file mark the first encoded
frame, without any hook in the command being measured.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

_POLL_S = 0.002


def compile_bytecode() -> None:
    """Compile the studio package as an install does (pip byte-compiles what it installs,
    PyInstaller bundles bytecode), so an editable checkout or an environment that writes no
    bytecode (PYTHONDONTWRITEBYTECODE) is timed as users start it, not compiling itself."""
    import compileall

    import studio

    compileall.compile_dir(str(Path(studio.__file__).parent), quiet=1)


def closed_loopback_port() -> int:
    """A loopback TCP port that refuses connections (one the system just handed out)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def measure_cold_start(scene_path: Path, folder: Path, timeout_s: float = 30.0) -> float | None:
    """Seconds from launching ``studio stream`` to its first encoded frame."""
    output = folder / "coldstart.mkv"
    output.unlink(missing_ok=True)
    url = f"rtmp://127.0.0.1:{closed_loopback_port()}/live/bench"
    command = [sys.executable, "-m", "studio", "stream", "--scene", str(scene_path),
               "--to", url, "--record", str(output), "--duration", "2", "--quiet"]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first_s: float | None = None
    try:
        while time.perf_counter() - started < timeout_s:
            if output.exists() and output.stat().st_size > 0:
                first_s = time.perf_counter() - started
                break
            if process.poll() is not None:
                break
            time.sleep(_POLL_S)
        process.wait(timeout_s)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return first_s


APP_PAINTED_LINE = "first window painted"


def measure_app_cold_start(folder: Path, timeout_s: float = 60.0) -> float | None:
    """Seconds from launching ``studio`` to the log line the app writes once its window has
    been painted. The app runs with fresh data, settings and log folders under ``folder``
    (a first run: default show, sample catalog) and quits itself a moment later."""
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_STATE_HOME": str(folder / "state"),
        "XDG_CACHE_HOME": str(folder / "cache"),
    }
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [sys.executable, "-m", "studio", "--quit-after-ms", "1500"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    painted_s: float | None = None
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if APP_PAINTED_LINE in line:
                painted_s = time.perf_counter() - started
                break
            if time.perf_counter() - started > timeout_s:
                break
        process.communicate(timeout=timeout_s)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return painted_s
