"""macOS camera and microphone permission: what the system allows, and what to tell the host.

On macOS an app may use the camera and the microphone only once the user has allowed it
(System Settings → Privacy & Security). A camera the app may not use fails to open with a
reason that says nothing about permission, and a denied microphone does not fail at all: it
delivers silence. So the sources ask AVFoundation's ``authorizationStatusForMediaType:``
and tell the host what to switch on.

The native call is one small function (:func:`_read_avfoundation_status`), reached through
ctypes and the Objective-C runtime so the core needs no PyObjC; everything else is plain
Python that tests drive with an injected status reader (:class:`PermissionCheck`).
Core module: no Qt.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

from studio.data_folder import APP_NAME

log = logging.getLogger(__name__)

Media = Literal["camera", "microphone"]


class PermissionStatus(IntEnum):
    """AVAuthorizationStatus's values, plus UNKNOWN: not macOS, or the system could not say."""

    NOT_DETERMINED = 0  # never asked: opening the device makes macOS ask
    RESTRICTED = 1  # a device-management profile or parental control forbids it
    DENIED = 2  # the user said no (or switched it off in System Settings)
    AUTHORIZED = 3
    UNKNOWN = -1


StatusReader = Callable[[Media], PermissionStatus]

_PRIVACY_PANE = {"camera": "Camera", "microphone": "Microphone"}


def permission_problem(
    media: Media, status: PermissionStatus, *, listed_as: str = APP_NAME
) -> str | None:
    """A sentence for the host when macOS keeps the app from ``media``; None when it does not
    (or cannot tell). ``listed_as`` is the name System Settings shows for the app."""
    if status is PermissionStatus.DENIED:
        return (
            f"macOS does not let {APP_NAME} use the {media}. Open System Settings → "
            f"Privacy & Security → {_PRIVACY_PANE[media]}, switch on {listed_as}, "
            "then quit and reopen the app."
        )
    if status is PermissionStatus.RESTRICTED:
        return (
            f"A device-management profile or parental control on this Mac does not let "
            f"{APP_NAME} use the {media}. Ask whoever manages this Mac to allow it."
        )
    return None


def privacy_list_name(frozen: bool | None = None) -> str:
    """The name under which System Settings lists who asked: the app itself when it runs as
    the packaged app; when run from Python, the terminal (macOS grants the process that
    started it, not the script)."""
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    return APP_NAME if frozen else f"the app you started {APP_NAME} from (Terminal, for example)"


class DevicePermissionError(RuntimeError):
    """The system does not let the app use the device; the message says what to do."""


@dataclass(frozen=True)
class PermissionCheck:
    """Whether the operating system keeps this app from a device. A source holds one;
    tests replace it with another platform or status reader instead of patching
    ``sys.platform``."""

    platform: str = sys.platform
    read_status: StatusReader | None = None  # None: ask AVFoundation

    def problem(self, media: Media) -> str | None:
        """The host's sentence when macOS denies ``media``; None on other platforms (this
        reads macOS's permission only) and when macOS allows it or cannot say."""
        if self.platform != "darwin":
            return None
        read = self.read_status or authorization_status
        return permission_problem(media, read(media), listed_as=privacy_list_name())


def authorization_status(media: Media, *, platform: str = sys.platform) -> PermissionStatus:
    """What macOS allows for ``media``; UNKNOWN on any other platform or if asking fails.
    Never raises, and never makes macOS ask the user (only opening the device does)."""
    if platform != "darwin":
        return PermissionStatus.UNKNOWN
    try:
        value = _read_avfoundation_status(_AV_MEDIA_TYPES[media])
    except Exception:  # a missing framework or symbol: the sources then say what they can
        log.debug("could not read the %s permission from AVFoundation", media, exc_info=True)
        return PermissionStatus.UNKNOWN
    try:
        return PermissionStatus(value)
    except ValueError:  # a status a newer macOS added
        return PermissionStatus.UNKNOWN


# -- the native call ------------------------------------------------------------------------

# The values of AVFoundation's AVMediaTypeVideo and AVMediaTypeAudio string constants.
_AV_MEDIA_TYPES: dict[Media, bytes] = {"camera": b"vide", "microphone": b"soun"}
_LIBOBJC = "/usr/lib/libobjc.A.dylib"
_AVFOUNDATION = "/System/Library/Frameworks/AVFoundation.framework/AVFoundation"


def _read_avfoundation_status(media_type: bytes) -> int:
    """``[AVCaptureDevice authorizationStatusForMediaType:media_type]`` (an NSInteger)."""
    import ctypes

    objc = ctypes.cdll.LoadLibrary(_LIBOBJC)
    ctypes.cdll.LoadLibrary(_AVFOUNDATION)  # registers AVCaptureDevice, and Foundation's NSString
    objc.objc_getClass.argtypes = [ctypes.c_char_p]
    objc.objc_getClass.restype = ctypes.c_void_p
    objc.sel_registerName.argtypes = [ctypes.c_char_p]
    objc.sel_registerName.restype = ctypes.c_void_p
    objc.class_getClassMethod.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    objc.class_getClassMethod.restype = ctypes.c_void_p
    objc.objc_autoreleasePoolPush.argtypes = []
    objc.objc_autoreleasePoolPush.restype = ctypes.c_void_p
    objc.objc_autoreleasePoolPop.argtypes = [ctypes.c_void_p]
    objc.objc_autoreleasePoolPop.restype = None
    # objc_msgSend must be called through each method's exact prototype (arm64 passes
    # variadic arguments differently): one function type per signature, same address.
    msg_send = ctypes.cast(objc.objc_msgSend, ctypes.c_void_p).value
    if not msg_send:
        raise OSError("objc_msgSend was not found")
    send_c_string = ctypes.CFUNCTYPE(
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p
    )(msg_send)
    send_object_for_integer = ctypes.CFUNCTYPE(
        ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
    )(msg_send)

    ns_string = objc.objc_getClass(b"NSString")
    device = objc.objc_getClass(b"AVCaptureDevice")
    make_string = objc.sel_registerName(b"stringWithUTF8String:")
    ask = objc.sel_registerName(b"authorizationStatusForMediaType:")
    # An unknown selector would raise an Objective-C exception, which aborts the process
    # (ctypes cannot catch it): check that this macOS (10.14+) has the method first.
    if not ns_string or not device or not objc.class_getClassMethod(device, ask):
        raise OSError("AVCaptureDevice authorizationStatusForMediaType: is not available")
    # The NSString is autoreleased; a capture thread has no pool of its own to drain it.
    pool = objc.objc_autoreleasePoolPush()
    try:
        media = send_c_string(ns_string, make_string, media_type)
        if not media:
            raise OSError("could not make the media type string")
        return int(send_object_for_integer(device, ask, media))
    finally:
        objc.objc_autoreleasePoolPop(pool)
