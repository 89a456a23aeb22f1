"""How uplink children are started on each platform: on Windows without a console window
(one would otherwise flash up for every destination at each connect)."""

from __future__ import annotations

import subprocess
import sys

from studio.outputs.network import uplink_process_options

CREATE_NO_WINDOW = 0x08000000  # Windows' documented value


def test_on_windows_the_child_gets_no_console_window() -> None:
    assert uplink_process_options("win32") == {"creationflags": CREATE_NO_WINDOW}


def test_elsewhere_popen_gets_nothing_extra() -> None:
    # Popen refuses any creation flag on Linux and macOS.
    assert uplink_process_options("linux") == {}
    assert uplink_process_options("darwin") == {}


def test_the_options_for_this_platform_start_a_child() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "print('started')"],
        capture_output=True,
        text=True,
        timeout=60,
        **uplink_process_options(),
    )
    assert done.returncode == 0 and done.stdout == "started\n"
