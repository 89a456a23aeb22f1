"""Mixer: gain, mute, meters in dBFS and the clipping guard."""

from __future__ import annotations

import math

import numpy as np

from studio.audio.meters import SILENCE_DBFS, LevelReading
from studio.audio.mixer import MASTER, AudioMixer, MixerInput
from studio.capture.base import Source


class ConstantSine(Source):
    kind = "test_sine"
    has_audio = True

    def __init__(self, amplitude: float, frequency_hz: float = 1000.0) -> None:
        self.amplitude = amplitude
        self.frequency_hz = frequency_hz

    @property
    def display_name(self) -> str:
        return "sine"

    def read_audio(self, position: int, frames: int) -> np.ndarray:
        t = (position + np.arange(frames)) / 48_000
        mono = (self.amplitude * np.sin(2 * math.pi * self.frequency_hz * t)).astype(np.float32)
        return np.repeat(mono[:, None], 2, axis=1)


def test_meters_report_peak_and_rms_of_a_sine() -> None:
    reading = LevelReading.of(ConstantSine(0.5).read_audio(0, 4800))
    assert abs(reading.peak_dbfs - 20 * math.log10(0.5)) < 0.05
    assert abs(reading.rms_dbfs - 20 * math.log10(0.5 / math.sqrt(2))) < 0.05
    assert LevelReading.of(np.zeros((100, 2), np.float32)).peak_dbfs == SILENCE_DBFS


def test_gain_in_db_and_mute_apply_per_source() -> None:
    mixer = AudioMixer()
    loud, quiet = ConstantSine(0.5), ConstantSine(0.5, 500)
    block = mixer.mix(
        [MixerInput("a", loud, gain_db=-6.0206), MixerInput("b", quiet, muted=True)], 0, 1024
    )
    np.testing.assert_allclose(block, loud.read_audio(0, 1024) * 0.5, atol=1e-4)
    levels = mixer.levels()
    assert abs(levels["a"].peak_dbfs - 20 * math.log10(0.25)) < 0.2
    assert levels["b"].peak_dbfs == SILENCE_DBFS
    assert abs(levels[MASTER].peak_dbfs - levels["a"].peak_dbfs) < 0.01


def test_sum_never_clips_and_the_guard_recovers() -> None:
    mixer = AudioMixer()
    inputs = [MixerInput(str(n), ConstantSine(0.8)) for n in range(3)]  # sums to 2.4
    for block_index in range(20):
        block = mixer.mix(inputs, block_index * 1024, 1024)
        assert float(np.max(np.abs(block))) <= 1.0
    assert mixer.limited_blocks >= 1
    assert not mixer.levels()[MASTER].clipped
    quiet = [MixerInput("q", ConstantSine(0.1))]
    for block_index in range(200):
        block = mixer.mix(quiet, block_index * 1024, 1024)
    assert abs(float(np.max(np.abs(block))) - 0.1) < 0.002  # back to unity gain


def test_a_failing_source_is_silence_not_a_crash() -> None:
    class Broken(ConstantSine):
        def read_audio(self, position: int, frames: int) -> np.ndarray:
            raise OSError("device vanished")

    mixer = AudioMixer()
    block = mixer.mix([MixerInput("x", Broken(1.0)), MixerInput("y", ConstantSine(0.2))], 0, 256)
    assert block.shape == (256, 2)
    assert mixer.levels()["x"].peak_dbfs == SILENCE_DBFS


def test_meters_hold_the_peak_of_the_last_300_ms_for_slow_readers() -> None:
    mixer = AudioMixer()
    beep, silence = [MixerInput("s", ConstantSine(0.5))], [MixerInput("s", ConstantSine(0.0))]
    mixer.mix(beep, 0, 1024)
    for block in range(1, 6):
        mixer.mix(silence, block * 1024, 1024)
    held = mixer.levels()["s"]
    assert abs(held.peak_dbfs - 20 * math.log10(0.5)) < 0.2  # a poll 100 ms later still sees it
    assert held.rms_dbfs < held.peak_dbfs - 3  # RMS is over the whole window
    for block in range(6, 30):
        mixer.mix(silence, block * 1024, 1024)
    assert mixer.levels()["s"].peak_dbfs == SILENCE_DBFS


def test_the_meter_window_is_300_ms_whatever_the_block_length() -> None:
    mixer = AudioMixer()
    beep, silence = [MixerInput("s", ConstantSine(0.5))], [MixerInput("s", ConstantSine(0.0))]
    block = 2048  # the audio thread's blocks: 42.7 ms
    mixer.mix(beep, 0, block)
    for index in range(1, 7):  # 256 ms later
        mixer.mix(silence, index * block, block)
    assert abs(mixer.levels()["s"].peak_dbfs - 20 * math.log10(0.5)) < 0.2
    mixer.mix(silence, 7 * block, block)  # 299 ms: the beep's block has left the window
    assert mixer.levels()["s"].peak_dbfs == SILENCE_DBFS
