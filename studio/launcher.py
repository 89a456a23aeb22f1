"""The `studio` executable: the desktop app without arguments, the command line with them.

Kept outside the core so that only this module decides whether Qt widgets are loaded.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--uplink":
        # A frozen app has no `python -m`: network outputs re-run this executable.
        from studio.outputs.uplink import main as uplink_main

        return int(uplink_main())
    quit_after_ms = _quit_after_ms(args)
    if not args:
        return open_desktop_app(quit_after_ms)
    from studio.cli.main import main as cli_main

    return cli_main(args)


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
