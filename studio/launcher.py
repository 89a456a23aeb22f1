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
    if not args:
        return open_desktop_app()
    from studio.cli.main import main as cli_main

    return cli_main(args)


def open_desktop_app() -> int:
    try:
        from studio.ui.app import run_app
    except ImportError:
        print(
            "studio: the desktop app is not part of this build yet; "
            "use `studio stream`, `studio record` or `studio devices` (see `studio --help`).",
            file=sys.stderr,
        )
        return 1
    return int(run_app())
