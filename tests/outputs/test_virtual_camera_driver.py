"""The sentence a host reads when no virtual camera can start, on each system."""

from __future__ import annotations

import pytest

from studio.outputs.virtual_camera_driver import (
    LINUX_INSTALL,
    LINUX_LOAD,
    Unavailability,
    VirtualCameraUnavailable,
    driver_help,
    no_driver_message,
    open_camera,
    unsupported_message,
)


def test_linux_says_how_to_install_and_load_v4l2loopback() -> None:
    help_text = driver_help("Linux")
    assert "`sudo apt install v4l2loopback-dkms`" in help_text
    assert '`sudo modprobe v4l2loopback exclusive_caps=1 card_label="LiveShop Studio"`' in (
        help_text
    )
    assert (LINUX_INSTALL, LINUX_LOAD) == (
        "sudo apt install v4l2loopback-dkms",
        'sudo modprobe v4l2loopback exclusive_caps=1 card_label="LiveShop Studio"',
    )


def test_windows_names_obs_and_unity_capture() -> None:
    help_text = driver_help("Windows")
    assert "Install OBS Studio and start its virtual camera once" in help_text
    assert "or install Unity Capture" in help_text
    assert no_driver_message("Windows") == (
        f"No virtual camera driver is ready on this computer. {help_text}"
    )


def test_macos_says_the_system_camera_extension_is_not_supported_yet() -> None:
    with pytest.raises(VirtualCameraUnavailable) as raised:
        open_camera(320, 180, 30.0, system="Darwin")  # before any driver is tried
    assert raised.value.reason == Unavailability.UNSUPPORTED_SYSTEM
    assert str(raised.value) == (
        "A virtual camera on macOS needs the system camera extension, which LiveShop Studio "
        "does not support yet."
    )
    assert driver_help("Darwin") == str(raised.value)


def test_other_systems_are_told_where_it_works() -> None:
    assert unsupported_message("FreeBSD") == (
        "A virtual camera works on Windows and Linux only, not on FreeBSD."
    )
    assert unsupported_message("Linux") is None and unsupported_message("Windows") is None
