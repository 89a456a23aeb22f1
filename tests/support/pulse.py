"""A private PulseAudio server with a null sink, for tests that capture real sound.

Recipe (works as root on Debian 12 without D-Bus or a sound card): run ``pulseaudio`` in
user mode (``--system`` is not needed; as root it only warns), with ``-n`` so no default
config loads hardware modules, ``--daemonize=no --exit-idle-time=-1 --disallow-exit``, and a
temp HOME/XDG_RUNTIME_DIR/PULSE_RUNTIME_PATH so it touches nothing of the machine's. It loads:
  * ``module-native-protocol-unix`` on a socket in the temp dir (anonymous auth),
  * ``module-null-sink sink_name=studio_test`` (48 kHz stereo), whose ``studio_test.monitor``
    becomes the default source: whatever is played into the sink can be recorded back.
Clients find it through ``PULSE_SERVER=unix:<socket>``; that includes PortAudio, via ALSA's
``pulse`` PCM from libasound2-plugins, so ``MicrophoneSettings(device="pulse")`` records the
sink's monitor.

Fixture ``pulse_server`` (session scope) yields a :class:`PulseServer`; it sets PULSE_SERVER,
PULSE_RUNTIME_PATH and XDG_RUNTIME_DIR in ``os.environ`` for the session (PortAudio reads them
in-process) and restores them afterwards. Skips if pulseaudio, pactl or PortAudio are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

NULL_SINK = "studio_test"
PORTAUDIO_DEVICE = "pulse"  # the ALSA PCM that talks to PulseAudio


@dataclass(frozen=True)
class PulseServer:
    socket_path: Path
    sink: str
    env: dict[str, str]  # for child processes (paplay, pacat)

    @property
    def monitor_source(self) -> str:
        return f"{self.sink}.monitor"

    def play(self, wav_path: Path) -> subprocess.Popen[bytes]:
        """Start playing a file into the null sink (returns at once)."""
        return subprocess.Popen(
            ["paplay", "--device", self.sink, str(wav_path)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _wait_ready(env: dict[str, str], process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pulseaudio exited with code {process.returncode}")
        probe = subprocess.run(["pactl", "info"], env=env, capture_output=True, timeout=5)
        if probe.returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError("pulseaudio did not start in time")


def _rescan_portaudio() -> None:
    """PortAudio lists devices once, when initialised; ALSA's ``pulse`` PCM only shows up
    while a server is reachable, so re-initialise after the server's env is set."""
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()


def _warm_up_capture(timeout_s: float) -> None:
    """The first capture stream on a fresh server delivers nothing for ~2 s; wait that out
    here so tests see a server that is really ready."""
    import sounddevice

    frames_seen = [0]

    def count(indata: object, frames: int, time_info: object, status: object) -> None:
        frames_seen[0] += frames

    with sounddevice.InputStream(
        device=PORTAUDIO_DEVICE, samplerate=48_000, channels=2, callback=count
    ):
        deadline = time.monotonic() + timeout_s
        while frames_seen[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    if frames_seen[0] == 0:
        raise RuntimeError("PulseAudio's null sink monitor delivered no sound")


@pytest.fixture(scope="session")
def pulse_server() -> Iterator[PulseServer]:
    for tool in ("pulseaudio", "pactl", "paplay"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    try:
        import sounddevice  # noqa: F401 - only checks that PortAudio loads
    except OSError as exc:
        pytest.skip(f"PortAudio is not installed: {exc}")

    runtime = Path(tempfile.mkdtemp(prefix="studio-pulse-"))
    socket_path = runtime / "native"
    env_vars = {
        "HOME": str(runtime),  # cookie and config land here, not in the real home
        "XDG_RUNTIME_DIR": str(runtime),
        "PULSE_RUNTIME_PATH": str(runtime),
        "PULSE_SERVER": f"unix:{socket_path}",
    }
    env = {**os.environ, **env_vars}
    log = (runtime / "pulseaudio.log").open("wb")
    process = subprocess.Popen(
        [
            "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
            "--use-pid-file=no", "--log-target=stderr",
            f"--load=module-native-protocol-unix auth-anonymous=1 socket={socket_path}",
            f"--load=module-null-sink sink_name={NULL_SINK} rate=48000 channels=2",
        ],
        env=env, stdout=log, stderr=log,
    )  # fmt: skip
    saved = {key: os.environ.get(key) for key in env_vars if key != "HOME"}
    try:
        _wait_ready(env, process, timeout_s=10)
        for command in (
            ["set-default-sink", NULL_SINK],
            ["set-default-source", f"{NULL_SINK}.monitor"],
        ):
            subprocess.run(["pactl", *command], env=env, check=True, timeout=5)
        os.environ.update({k: v for k, v in env_vars.items() if k != "HOME"})
        _rescan_portaudio()
        _warm_up_capture(timeout_s=10)
        yield PulseServer(socket_path, NULL_SINK, env)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _rescan_portaudio()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)
