"""A tone played into a PulseAudio null sink is captured through sounddevice, mixed, encoded,
recorded, and found at its frequency in the recording."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from studio.engine.session import Session
from studio.scene import load_collection
from tests.support.analysis import dominant_frequency_hz, read_audio
from tests.support.pulse import PORTAUDIO_DEVICE, PulseServer
from tests.support.scenes import collection, write_collection

pytestmark = pytest.mark.e2e


def test_microphone_tone_reaches_the_recording(pulse_server: PulseServer, tmp_path: Path) -> None:
    wav = tmp_path / "tone_750.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         "sine=frequency=750:sample_rate=44100:duration=6", "-ac", "1", str(wav)],
        check=True, timeout=30,
    )  # fmt: skip
    document = collection(
        [{"name": "main", "width": 160, "height": 96, "fps": 30, "scene": "Mic"}],
        [
            {
                "name": "Mic",
                "items": [
                    {"source": {"kind": "color", "color": "#202020", "width": 160, "height": 96}},
                    {"source": {"kind": "microphone", "name": "Mic", "device": PORTAUDIO_DEVICE}},
                ],
            }
        ],
    )
    session = Session(load_collection(write_collection(tmp_path / "mic.json", document)))
    recording = tmp_path / "mic.mkv"
    session.add_recording(recording)
    session.start()
    player = pulse_server.play(wav)
    try:
        time.sleep(5.0)
        levels = session.stats()[0].audio_levels
    finally:
        session.stop()
        player.kill()
        player.wait(5)

    assert levels["Mic"].peak_dbfs > -30, levels  # the mixer's meter saw the microphone
    audio = read_audio(recording)
    envelope = np.abs(audio.samples)
    loud = np.flatnonzero(envelope > 0.05)
    assert loud.size > 48_000, "the tone is missing from the recording"
    middle = audio.samples[loud[0] + 24_000 : loud[0] + 24_000 + 48_000]
    assert abs(dominant_frequency_hz(middle) - 750) < 8
