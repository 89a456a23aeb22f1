"""Lets the video encoder have the CPU first.

x264 encodes each frame on slice threads and waits for the slowest one; a compositor or mixer
thread running beside them at the same priority stretches every frame. Measured on a 2-core
machine at 1080p: with the render and audio threads lowered, the pipeline went from 0.87–0.89
to 0.93–0.97 of the encoder-alone throughput, because compositing moves into the moments the
encoder leaves a core idle. Nothing starves: the encoder cannot run ahead of the frames it is
given, so the lowered threads get the CPU whenever it waits for them. Capture threads keep
their priority: a camera frame decoded late is shown a frame late (measured: +10 ms median
pipeline latency when they were lowered too).

Only the calling thread is lowered; the encode thread (and the x264 threads it starts) keep
their priority. Linux and Windows; on macOS a lower QoS class can move a thread to Apple
silicon's efficiency cores, which was not measured, so threads stay as they are there. Best
effort everywhere: a platform that refuses leaves the thread as it was.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

LINUX_NICE_STEP = 10  # nice 10 against 0 gets about a tenth of a contended core
_WINDOWS_BELOW_NORMAL = -1


def lower_current_thread_priority() -> bool:
    """Lower the calling thread below the encoder's; False where the platform refused."""
    try:
        if sys.platform.startswith("linux"):
            return _lower_linux()
        if sys.platform == "win32":
            return _lower_windows()
    except (OSError, AttributeError, ValueError) as error:
        log.debug("could not lower the priority of %s: %s", threading.current_thread().name,
                  error)  # fmt: skip
    return False


def _lower_linux() -> bool:
    # On Linux a thread is a task with a nice value of its own (POSIX says per process, glibc
    # and the kernel say per thread); threads it starts later inherit it.
    thread_id = threading.get_native_id()
    current = os.getpriority(os.PRIO_PROCESS, thread_id)
    os.setpriority(os.PRIO_PROCESS, thread_id, min(19, current + LINUX_NICE_STEP))
    return True


def _lower_windows() -> bool:
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.GetCurrentThread.restype = ctypes.c_void_p
    kernel32.SetThreadPriority.argtypes = (ctypes.c_void_p, ctypes.c_int)
    return bool(kernel32.SetThreadPriority(kernel32.GetCurrentThread(), _WINDOWS_BELOW_NORMAL))


def thread_nice(native_id: int) -> int | None:
    """A thread's nice value on Linux (for tests and diagnostics); None elsewhere."""
    try:
        with open(f"/proc/self/task/{native_id}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[16])  # field 19 of proc(5), counted after the command name
