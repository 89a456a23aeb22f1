"""The `studio` executable: the desktop app without arguments, the command line with them.

Kept outside the core so that only this module decides whether Qt widgets are loaded.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from studio.process_setup import prepare_process


def main(argv: Sequence[str] | None = None) -> int:
    prepare_process()  # before anything imports numpy or starts a thread
    _give_windowed_app_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--uplink":
        # A frozen app has no `python -m`: network outputs re-run this executable.
        # No multiprocessing.freeze_support() is needed: nothing in studio uses
        # multiprocessing or a ProcessPoolExecutor (children are started with subprocess and
        # dispatched here). Call it first thing in main() if that ever changes.
        from studio.outputs.uplink import main as uplink_main

        return int(uplink_main())
    quit_after_ms = _quit_after_ms(args)
    if not args:
        return open_desktop_app(quit_after_ms)
    from studio.cli.main import main as cli_main

    return cli_main(args)


def _give_windowed_app_streams() -> None:
    """A windowed app on Windows (PyInstaller's console=False, like pythonw) starts with
    ``sys.stdout`` and ``sys.stderr`` set to None, and any ``sys.stderr.write`` or
    ``faulthandler.enable()`` then fails. Give each missing stream the null device. Streams
    that exist are kept: an uplink child started with pipes talks to its parent on stdout."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            # Open for the whole life of the process, like the streams it stands in for.
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _quit_after_ms(args: list[str]) -> int | None:
    """The hidden ``--quit-after-ms N`` option (smoke tests): the app closes itself after N ms.
    Removed from ``args`` when given first."""
    if args[:1] != ["--quit-after-ms"] or len(args) < 2 or not args[1].isdigit():
        return None
    value = int(args[1])
    del args[:2]
    return value


def open_desktop_app(quit_after_ms: int | None = None) -> int:
    try:
        from studio.ui.app import run_app
    except ImportError:
        print(
            "studio: the desktop app cannot start here (its Qt widgets are not installed); "
            "use `studio stream`, `studio record` or `studio devices` (see `studio --help`).",
            file=sys.stderr,
        )
        return 1
    return int(run_app(quit_after_ms=quit_after_ms))
