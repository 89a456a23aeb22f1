"""Cold start: launching ``studio record`` to its first encoded frame.

The recording file is created by the muxer at its first packet, and the recording output starts
on a video keyframe; with zero-latency x264 that packet leaves the encoder with the first
frame. So the first bytes of the file mark the first encoded frame, without any hook in the
command being measured.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

_POLL_S = 0.002


def measure_cold_start(scene_path: Path, folder: Path, timeout_s: float = 30.0) -> float | None:
    """Seconds from launching ``studio record`` to its recording's first bytes."""
    output = folder / "coldstart.mkv"
    output.unlink(missing_ok=True)
    command = [sys.executable, "-m", "studio", "record", "--scene", str(scene_path),
               "--output", str(output), "--duration", "2", "--quiet"]  # fmt: skip
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
