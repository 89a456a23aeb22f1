"""A microphone source on a computer with no sound input says so in words a host understands,
once, and keeps retrying without delivering anything.

PortAudio lists devices once per process, and other tests start a PulseAudio server, so the
source runs in a child process pointed at a PulseAudio server that does not exist (as on a
machine with no sound card: the default input is -1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NO_INPUT = """
import json, time
import sounddevice
from studio.capture.base import SourceState
from studio.capture.microphone import MicrophoneSettings, MicrophoneSource
from studio.clock import ManualClock

if sounddevice.default.device[0] >= 0:
    print(json.dumps({"skip": "this machine has a sound card of its own"}))
    raise SystemExit
events = []
source = MicrophoneSource(MicrophoneSettings(name="Mic"), ManualClock(), events.append)
source.retry_interval_s = 0.05
source.start()
deadline = time.monotonic() + 10
while source.health.state is not SourceState.ERROR and time.monotonic() < deadline:
    time.sleep(0.01)
time.sleep(0.5)  # several retries: each fails the same way
delivered = source.read_audio(0, 480) is not None
source.stop()
print(json.dumps({
    "delivered": delivered,
    "final": source.health.state.name,
    "errors": [e.health.message for e in events if e.health.state is SourceState.ERROR],
}))
"""


def test_no_sound_input_at_all_is_reported_once_in_plain_words() -> None:
    env = dict(os.environ, PULSE_SERVER="unix:/nonexistent/pulse-socket")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", NO_INPUT], env=env, cwd=root, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "skip" in result:
        pytest.skip(result["skip"])
    assert result["delivered"] is False and result["final"] == "STOPPED"
    assert result["errors"] == [
        "Microphone (the system's default input) is not available: "
        "this computer has no sound input (no microphone or sound card was found)"
    ]
