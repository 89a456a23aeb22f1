"""Which cameras and microphones exist, for the device pickers and `studio devices`.

Limits: on Linux, cameras are /dev/video* nodes named from sysfs (metadata-only nodes of
UVC cameras are listed too). On Windows and macOS, FFmpeg's device demuxers print the list
to their log when opened with ``list_devices``; we capture and parse that log, best effort.
Microphones come from PortAudio, as seen when sounddevice was first imported.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import av


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    id: str  # what goes into the settings' ``device`` field
    name: str
    is_default: bool = False
    details: dict[str, str] = field(default_factory=dict)


def list_cameras(platform: str = sys.platform) -> list[DeviceInfo]:
    if platform.startswith("linux"):
        return _linux_cameras(Path("/dev"), Path("/sys/class/video4linux"))
    if platform.startswith("win"):
        return _logged_devices("dshow", "dummy", re.compile(r'"(?P<name>[^"]+)"\s+\(video\)'))
    if platform == "darwin":
        return _logged_devices(
            "avfoundation", "", re.compile(r"\[(?P<index>\d+)\] (?P<name>.+)$"), video_only=True
        )
    return []


def _linux_cameras(dev_dir: Path, sys_dir: Path) -> list[DeviceInfo]:
    cameras: list[DeviceInfo] = []
    for node in sorted(dev_dir.glob("video*"), key=lambda p: (len(p.name), p.name)):
        name_file = sys_dir / node.name / "name"
        try:
            name = name_file.read_text().strip()
        except OSError:
            name = node.name
        cameras.append(DeviceInfo(str(node), name, is_default=not cameras))
    return cameras


def _logged_devices(
    input_format: str, url: str, pattern: re.Pattern[str], video_only: bool = False
) -> list[DeviceInfo]:
    try:
        with av.logging.Capture() as logs:
            try:
                av.open(url, format=input_format, options={"list_devices": "true"})
            except (av.FFmpegError, OSError):
                pass  # listing "fails" by design after printing the devices
    except Exception:
        return []
    devices: list[DeviceInfo] = []
    in_video = True
    for _level, _name, message in logs:
        text = str(message).strip()
        if video_only and "audio devices" in text.lower():
            in_video = False
        match = pattern.search(text)
        if match and in_video:
            index = match.groupdict().get("index")
            name = match["name"].strip()
            devices.append(DeviceInfo(index or name, name, is_default=not devices))
    return devices


def list_microphones() -> list[DeviceInfo]:
    try:
        import sounddevice
    except OSError:  # PortAudio missing: no microphones to offer
        return []
    try:
        default_input = sounddevice.default.device[0]
        devices = sounddevice.query_devices()
    except Exception:
        return []
    microphones = []
    for index, info in enumerate(devices):
        if info["max_input_channels"] <= 0:
            continue
        details = {
            "channels": str(info["max_input_channels"]),
            "sample_rate_hz": str(int(info["default_samplerate"])),
            "host_api": str(sounddevice.query_hostapis(info["hostapi"])["name"]),
        }
        microphones.append(
            DeviceInfo(str(index), str(info["name"]), index == default_input, details)
        )
    return microphones
