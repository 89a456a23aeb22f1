"""A microphone source on a computer with no sound input says so in words a host understands,
once, and keeps retrying without delivering anything."""

from __future__ import annotations

import time

import pytest

from studio.capture.base import SourceEvent, SourceState
from studio.capture.microphone import MicrophoneSettings, MicrophoneSource
from studio.clock import ManualClock
from tests.capture.waiting import wait_for


def _default_input_index() -> int:
    try:
        import sounddevice
    except OSError:
        pytest.skip("PortAudio is not installed")
    index = sounddevice.default.device[0]
    return index if isinstance(index, int) else 0


def test_no_sound_input_at_all_is_reported_once_in_plain_words() -> None:
    if _default_input_index() >= 0:
        pytest.skip("this machine has a default input device (a sound card or PulseAudio)")
    events: list[SourceEvent] = []
    source = MicrophoneSource(MicrophoneSettings(name="Mic"), ManualClock(), events.append)
    source.retry_interval_s = 0.05
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        time.sleep(0.5)  # several retries: each fails the same way
        assert source.read_audio(0, 480) is None
    finally:
        source.stop()

    assert source.health.state is SourceState.STOPPED
    errors = [e.health.message for e in events if e.health.state is SourceState.ERROR]
    assert errors == [
        "Microphone (the system's default input) is not available: "
        "this computer has no sound input (no microphone or sound card was found)"
    ]
