"""`studio` command line: no sub-command opens the desktop app; the others run headless."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any


class _PrintVersion(argparse.Action):
    """``--version``, reading the version only when asked (package metadata costs ~25 ms,
    which every other command would pay at start)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        from studio import __version__

        print(f"LiveShop Studio {__version__}")  # on stdout, as argparse's own action does
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from studio.cli import (
        about_command,
        bench_command,
        catalog_command,
        chat_command,
        clips_command,
        devices_command,
        preflight_command,
        scene_command,
        stream_command,
        template_command,
    )

    parser = argparse.ArgumentParser(
        prog="studio",
        description="LiveShop Studio: stream and record live-shopping shows. "
        "Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action=_PrintVersion)
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    stream_command.add_parsers(commands)
    preflight_command.add_parsers(commands)
    devices_command.add_parser(commands)
    scene_command.add_parser(commands)
    catalog_command.add_parsers(commands)  # catalog and report
    clips_command.add_parser(commands)
    chat_command.add_parser(commands)
    template_command.add_parsers(commands)  # template and profile
    bench_command.add_parser(commands)
    about_command.add_parser(commands)
    return parser


def configure_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`studio about | head`): say nothing more, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    raise SystemExit(main())
