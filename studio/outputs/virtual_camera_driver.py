"""Opening a virtual camera through pyvirtualcam, and the sentence a host reads when none can be.

pyvirtualcam drives OBS's virtual camera or Unity Capture on Windows and v4l2loopback on Linux;
each is a driver the host installs. Whether one is there is only known by trying: pyvirtualcam
tries every backend and raises one RuntimeError with each backend's reason, which becomes a
:class:`VirtualCameraUnavailable` saying what is missing and how to get it on this system.
"""

from __future__ import annotations

import logging
import platform
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyvirtualcam

log = logging.getLogger(__name__)

LINUX_INSTALL = "sudo apt install v4l2loopback-dkms"
LINUX_LOAD = 'sudo modprobe v4l2loopback exclusive_caps=1 card_label="LiveShop Studio"'


class Unavailability(StrEnum):
    UNSUPPORTED_SYSTEM = "unsupported_system"  # macOS (not yet), or another system
    NO_DRIVER = "no_driver"  # no backend could open a camera: not installed, busy, no access
    NOT_INSTALLED = "not_installed"  # pyvirtualcam itself is missing from this installation


class VirtualCameraUnavailable(Exception):
    """No virtual camera can be opened; ``str()`` is the sentence for the host, ``detail``
    what the drivers said (for the log and a details view)."""

    def __init__(self, message: str, reason: Unavailability, detail: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.detail = detail


def unsupported_message(system: str) -> str | None:
    """Why this system cannot have a virtual camera at all, or None where it can."""
    if system == "Darwin":
        return (
            "A virtual camera on macOS needs the system camera extension, which LiveShop "
            "Studio does not support yet."
        )
    if system not in ("Windows", "Linux"):
        where = system or "this system"
        return f"A virtual camera works on Windows and Linux only, not on {where}."
    return None


def driver_help(system: str) -> str:
    """How a host gets a virtual camera driver on ``system`` (platform.system()'s names)."""
    if system == "Windows":
        return (
            "Install OBS Studio and start its virtual camera once (Start Virtual Camera, then "
            "Stop Virtual Camera, then close OBS), or install Unity Capture; then start the "
            "virtual camera here again."
        )
    if system == "Linux":
        return (
            f"Install the v4l2loopback driver with `{LINUX_INSTALL}` and load it with "
            f"`{LINUX_LOAD}`; then start the virtual camera here again."
        )
    return unsupported_message(system) or ""


def no_driver_message(system: str) -> str:
    return f"No virtual camera driver is ready on this computer. {driver_help(system)}"


def open_camera(
    width: int,
    height: int,
    fps: float,
    fmt: str = "I420",
    *,
    backend: str | None = None,
    system: str | None = None,
) -> pyvirtualcam.Camera:
    """A camera taking ``fmt`` frames (a :class:`pyvirtualcam.PixelFormat` name) of
    ``width``×``height``, or :class:`VirtualCameraUnavailable`. ``backend`` None tries every
    installed driver; a named backend is tried on any system (tests register their own)."""
    system = platform.system() if system is None else system
    unsupported = unsupported_message(system)
    if unsupported is not None and backend is None:
        raise VirtualCameraUnavailable(unsupported, Unavailability.UNSUPPORTED_SYSTEM)
    try:
        import pyvirtualcam
    except ImportError as error:  # a build without it, or its native part not loadable
        raise VirtualCameraUnavailable(
            "The virtual camera part of LiveShop Studio (pyvirtualcam) is missing from this "
            "installation: reinstall LiveShop Studio.",
            Unavailability.NOT_INSTALLED,
            str(error),
        ) from error
    pixel_format = pyvirtualcam.PixelFormat[fmt]
    try:
        return pyvirtualcam.Camera(width, height, fps, fmt=pixel_format, backend=backend)
    except (RuntimeError, OSError) as error:
        # pyvirtualcam's own words, one line per backend tried ("'v4l2loopback' backend: No
        # v4l2 loopback device found…"): shown as the detail, since they also tell a busy or
        # inaccessible device apart from a missing driver.
        detail = str(error).strip()
        log.info("no virtual camera could be opened: %s", detail)
        raise VirtualCameraUnavailable(
            no_driver_message(system), Unavailability.NO_DRIVER, detail
        ) from error
