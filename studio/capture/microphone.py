"""Microphone capture through sounddevice (PortAudio), resampled to 48 kHz stereo.

Three stages, so PortAudio's real-time callback never waits: the callback copies into a
preallocated ring; a worker thread drains it, resamples, and writes the sound onto the show's
48 kHz timeline, stamped by the clock at arrival and kept continuous (resynced only when it
drifts far); mixers read the timeline by position without consuming anything.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Literal

import av
import numpy as np
from pydantic import Field

from studio.capture.base import AudioMixSettings, SourceEventHandler, SourceSettings, SourceState
from studio.capture.device_permission import DevicePermissionError, PermissionCheck
from studio.capture.registry import register_source
from studio.capture.threaded import ThreadedSource, exception_reason
from studio.capture.timeline_audio import TimelineAudioBuffer
from studio.clock import AUDIO_RATE_HZ, Clock, ns_to_audio_position


class MicrophoneSettings(SourceSettings, AudioMixSettings):
    kind: Literal["microphone"] = "microphone"
    device: str = Field(
        default="",
        description="Device name (or part of it); empty = the one chosen in Settings → Audio",
    )
    sample_rate: int | None = Field(default=None, ge=8000, le=192000)
    channels: int | None = Field(default=None, ge=1, le=32)


RING_S = 2.0  # device-side ring: the worker drains it every few ms
DRAIN_INTERVAL_S = 0.01
RESYNC_FRAMES = AUDIO_RATE_HZ // 5  # >200 ms off the clock: jump instead of drifting on
SILENT_DEVICE_S = 3.0  # no callbacks for this long: the device is gone
STARTUP_GRACE_S = 10.0  # ALSA's pulse PCM can take ~2 s before the first callback


class MicrophoneUnavailableError(RuntimeError):
    pass


def import_sounddevice() -> Any:
    """sounddevice, or a clear error when the PortAudio library is missing."""
    try:
        import sounddevice
    except OSError as exc:  # raised when libportaudio cannot be loaded
        raise MicrophoneUnavailableError(
            f"the PortAudio library is not installed ({exception_reason(exc)})"
        ) from exc
    return sounddevice


def resolve_input_device(sd: Any, device: str) -> int | None:
    """An index for a device given by index or part of its name; None = the default."""
    if not device:
        return None
    devices = list(sd.query_devices())
    if device.isdigit() and int(device) < len(devices):
        return int(device)
    wanted = device.casefold()
    for index, info in enumerate(devices):
        if info["max_input_channels"] > 0 and wanted in str(info["name"]).casefold():
            return index
    raise MicrophoneUnavailableError("no input device with that name was found")


def input_device_info(sd: Any, index: int | None) -> Any:
    """PortAudio's description of input device ``index`` (None: the system's default)."""
    if index is None:
        index = sd.default.device[0]
        # -1: PortAudio found no input at all (no sound card); querying it only says
        # "Error querying device -1", which tells a host nothing.
        if index is None or (isinstance(index, int) and index < 0):
            raise MicrophoneUnavailableError(
                "this computer has no sound input (no microphone or sound card was found)"
            )
    return sd.query_devices(index, "input")


MICROPHONE_PREFERENCE = "microphone_preference"  # the Services name of the app's choice


class MicrophonePreference:
    """The app's chosen microphone (Settings → Audio), used by every microphone source whose
    own ``device`` is empty. Changing it makes those sources reopen on the new device."""

    def __init__(self, device: str = "") -> None:
        self._lock = threading.Lock()
        self._device = device
        self.generation = 0

    @property
    def device(self) -> str:
        with self._lock:
            return self._device

    def set(self, device: str | None) -> None:
        with self._lock:
            if (device or "") == self._device:
                return
            self._device = device or ""
            self.generation += 1


class _CallbackRing:
    """Written only by the PortAudio callback, read only by the worker: single producer,
    single consumer, with monotonically growing counters instead of locks."""

    def __init__(self, frames: int, channels: int) -> None:
        self.data = np.zeros((frames, channels), np.float32)
        self.written = 0  # total frames ever written (the callback's counter)
        self.overruns = 0
        self.callbacks = 0

    def callback(self, indata: np.ndarray, frames: int, _time: Any, status: Any) -> None:
        size = len(self.data)
        start = self.written % size
        first = min(frames, size - start)
        self.data[start : start + first] = indata[:first]
        if first < frames:
            self.data[: frames - first] = indata[first:frames]
        if status:
            self.overruns += 1
        self.callbacks += 1
        self.written += frames  # published last, after the copy


@register_source
class MicrophoneSource(ThreadedSource):
    kind = "microphone"
    settings_type = MicrophoneSettings
    has_audio = True
    # On macOS a microphone the app may not use does not fail: it delivers silence.
    permission_check = PermissionCheck()

    def __init__(
        self, settings: MicrophoneSettings, clock: Clock, on_event: SourceEventHandler | None = None
    ) -> None:
        super().__init__(settings, clock, on_event)
        self._timeline = TimelineAudioBuffer()
        self.input_rate_hz: int | None = None

    def read_audio(self, position: int, frames: int) -> np.ndarray | None:
        return self._timeline.read(position, frames)

    @property
    def device(self) -> str:
        """The device this source opens: its own, else the app's choice ("": the default)."""
        if self.settings.device:
            return str(self.settings.device)
        preference = self._preference()
        return preference.device if preference is not None else ""

    def _preference(self) -> MicrophonePreference | None:
        preference = self.services.get(MICROPHONE_PREFERENCE)
        return preference if isinstance(preference, MicrophonePreference) else None

    def _run(self) -> None:
        problem = self.permission_check.problem("microphone")
        if problem is not None:  # opening it would "work" and the show would go out silent
            raise DevicePermissionError(problem)
        sd = import_sounddevice()
        while not self.stopping:
            preference = None if self.settings.device else self._preference()
            generation = preference.generation if preference is not None else 0
            index = resolve_input_device(sd, self.device)
            info = input_device_info(sd, index)
            rate = int(self.settings.sample_rate or info["default_samplerate"])
            channels = int(self.settings.channels or min(2, int(info["max_input_channels"]) or 1))
            ring = _CallbackRing(int(rate * RING_S), channels)
            stream = sd.InputStream(
                device=index, samplerate=rate, channels=channels, dtype="float32",
                callback=ring.callback,
            )  # fmt: skip
            self.input_rate_hz = rate
            with stream:
                self._set_health(SourceState.OK)
                self._drain(ring, rate, stream, functools.partial(_changed, preference, generation))

    def _drain(
        self, ring: _CallbackRing, rate: int, stream: Any, device_changed: Callable[[], bool]
    ) -> None:
        resampler = (
            av.AudioResampler(format="flt", layout="stereo", rate=AUDIO_RATE_HZ)
            if rate != AUDIO_RATE_HZ
            else None
        )
        read = 0
        next_position: int | None = None
        silent_s = 0.0
        while not self._stop_event.wait(DRAIN_INTERVAL_S):
            if device_changed():
                return  # reopened on the newly chosen device
            written = ring.written
            if written - read > len(ring.data):  # the worker fell a whole ring behind
                read = written - len(ring.data)
                next_position = None
            if written == read:
                silent_s += DRAIN_INTERVAL_S
                limit_s = SILENT_DEVICE_S if written else STARTUP_GRACE_S
                if silent_s > limit_s or not stream.active:
                    raise MicrophoneUnavailableError("it stopped delivering sound")
                continue
            silent_s = 0.0
            chunk = _copy_out(ring.data, read, written)
            read = written
            stereo = _to_stereo(chunk)
            if resampler is not None:
                stereo = _resample(resampler, stereo, rate)
            if len(stereo) == 0:
                continue
            # The chunk ends "now": stamp it from the clock, but stay continuous unless the
            # device and the clock disagree by more than RESYNC_FRAMES.
            arrival = ns_to_audio_position(self.clock.now_ns()) - len(stereo)
            if next_position is None or abs(next_position - arrival) > RESYNC_FRAMES:
                next_position = arrival
            self._timeline.write(next_position, stereo)
            next_position += len(stereo)

    def _describe_error(self, exc: BaseException) -> str:
        if isinstance(exc, DevicePermissionError):
            return str(exc)
        problem = self.permission_check.problem("microphone")
        if problem is not None:
            return problem
        device = f"'{self.device}'" if self.device else "(the system's default input)"
        return f"Microphone {device} is not available: {exception_reason(exc)}"


def _changed(preference: MicrophonePreference | None, generation: int) -> bool:
    return preference is not None and preference.generation != generation


def _copy_out(ring: np.ndarray, start: int, end: int) -> np.ndarray:
    size = len(ring)
    lo, hi = start % size, end % size
    if lo < hi or end - start == 0:
        return ring[lo:hi].copy()
    return np.concatenate([ring[lo:], ring[:hi]])


def _to_stereo(chunk: np.ndarray) -> np.ndarray:
    if chunk.shape[1] == 1:
        return np.repeat(chunk, 2, axis=1)
    return np.ascontiguousarray(chunk[:, :2])  # more channels: the first two are L and R


def _resample(resampler: av.AudioResampler, stereo: np.ndarray, rate: int) -> np.ndarray:
    frame = av.AudioFrame.from_ndarray(stereo.reshape(1, -1), format="flt", layout="stereo")
    frame.sample_rate = rate
    parts = [out.to_ndarray().reshape(-1, 2) for out in resampler.resample(frame)]
    return np.concatenate(parts) if parts else np.zeros((0, 2), np.float32)
