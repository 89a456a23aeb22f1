"""The recordings disk nearly full while recording, with free space from a fake
``shutil.disk_usage`` and a fake clock."""

from __future__ import annotations

import shutil
from pathlib import Path

from studio.alerts import AlertId, AlertMonitor, AlertThresholds, SettingsPage
from studio.alerts.disk import existing_folder

MB = 1_000_000
BITRATE_KBPS = 8000.0  # 1 MB a second: 10 minutes are 600 MB


class FakeDisk:
    def __init__(self, free_bytes: int) -> None:
        self.free_bytes = free_bytes
        self.asked: list[Path] = []

    def __call__(self, path: Path) -> shutil._ntuple_diskusage:
        self.asked.append(path)
        return shutil._ntuple_diskusage(10_000 * MB, 10_000 * MB - self.free_bytes, self.free_bytes)


def disk_alerts(monitor: AlertMonitor) -> list[str]:
    return [a.text for a in monitor.active() if a.id == AlertId.DISK_NEARLY_FULL]


def test_less_than_ten_minutes_left_at_the_bitrate_raises_and_says_so(tmp_path: Path) -> None:
    disk = FakeDisk(2000 * MB)  # 1 GB is not the limit here: 2 GB at 8 Mbit/s is 33 min
    monitor = AlertMonitor(disk_usage=disk)
    monitor.observe_recording(0.0, tmp_path, BITRATE_KBPS)
    assert disk_alerts(monitor) == []
    monitor.observe_recording(1.0, tmp_path, 8 * BITRATE_KBPS)  # 64 Mbit/s: 4 min left
    [text] = disk_alerts(monitor)
    assert text.startswith(
        "The disk of the recordings folder is nearly full: 2.0 GB free, about 4 min of "
        "recording left at 64.0 Mbit/s"
    )
    assert str(tmp_path) in text and "Settings → Recording" in text
    assert monitor.active()[0].settings_page == SettingsPage.RECORDING


def test_less_than_a_gigabyte_raises_and_says_so_even_with_time_left(tmp_path: Path) -> None:
    disk = FakeDisk(900 * MB)
    monitor = AlertMonitor(disk_usage=disk)
    monitor.observe_recording(0.0, tmp_path, 1000.0)  # 1 Mbit/s: 2 hours left
    [text] = disk_alerts(monitor)
    assert "900 MB free, less than 1.0 GB free" in text


def test_freeing_space_clears_after_the_margin_and_the_wait(tmp_path: Path) -> None:
    disk = FakeDisk(500 * MB)
    monitor = AlertMonitor(disk_usage=disk)
    monitor.observe_recording(0.0, tmp_path, BITRATE_KBPS)
    assert disk_alerts(monitor)
    disk.free_bytes = 1100 * MB  # past both limits, but not by the 20 % margin
    for second in range(1, 10):
        monitor.observe_recording(float(second), tmp_path, BITRATE_KBPS)
    assert disk_alerts(monitor)
    disk.free_bytes = 1300 * MB
    monitor.observe_recording(10.0, tmp_path, BITRATE_KBPS)
    monitor.observe_recording(12.9, tmp_path, BITRATE_KBPS)
    assert disk_alerts(monitor)
    monitor.observe_recording(13.0, tmp_path, BITRATE_KBPS)
    assert disk_alerts(monitor) == []


def test_not_recording_clears_and_asks_nothing(tmp_path: Path) -> None:
    disk = FakeDisk(100 * MB)
    monitor = AlertMonitor(disk_usage=disk)
    monitor.observe_recording(0.0, tmp_path, BITRATE_KBPS)
    assert disk_alerts(monitor)
    disk.asked.clear()
    monitor.observe_recording(1.0, None, BITRATE_KBPS)
    assert disk_alerts(monitor) == [] and disk.asked == []


def test_a_folder_not_made_yet_is_measured_on_its_nearest_parent(tmp_path: Path) -> None:
    disk = FakeDisk(5000 * MB)
    monitor = AlertMonitor(AlertThresholds(disk_min_recording_s=60.0), disk_usage=disk)
    monitor.observe_recording(0.0, tmp_path / "videos" / "today", BITRATE_KBPS)
    assert disk.asked == [tmp_path]
    assert existing_folder(tmp_path / "a" / "b") == tmp_path


def test_a_drive_that_cannot_be_read_keeps_what_was_known(tmp_path: Path) -> None:
    def unplugged(_path: Path) -> shutil._ntuple_diskusage:
        raise OSError(5, "Input/output error")

    monitor = AlertMonitor(disk_usage=unplugged)
    monitor.observe_recording(0.0, tmp_path, BITRATE_KBPS)
    assert monitor.active() == []
