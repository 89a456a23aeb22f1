"""`studio` command line: no sub-command opens the desktop app; the others run headless."""

from __future__ import annotations

import argparse
import importlib
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


# Each command's module and the function that registers its parsers, in the order the help
# lists them. A module may register several commands (stream and record; catalog and report).
_COMMANDS: dict[str, tuple[str, str]] = {
    "stream": ("stream_command", "add_parsers"),
    "record": ("stream_command", "add_parsers"),
    "preflight": ("preflight_command", "add_parsers"),
    "devices": ("devices_command", "add_parser"),
    "scene": ("scene_command", "add_parser"),
    "catalog": ("catalog_command", "add_parsers"),
    "report": ("catalog_command", "add_parsers"),
    "clips": ("clips_command", "add_parser"),
    "chat": ("chat_command", "add_parser"),
    "template": ("template_command", "add_parsers"),
    "profile": ("template_command", "add_parsers"),
    "bench": ("bench_command", "add_parser"),
    "about": ("about_command", "add_parser"),
}


def _named_command(argv: Sequence[str] | None) -> str | None:
    """The command the arguments name (the first word that is not an option), if known."""
    words = [word for word in (sys.argv[1:] if argv is None else argv) if not word.startswith("-")]
    return words[0] if words and words[0] in _COMMANDS else None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: when they name a command, only that command's module is
    imported and registered (a show's ``studio record`` does not load the catalog's HTTP
    client, the clip cutter or the report's stack: ~0.3 s of CPU and ~10 MB at every start);
    otherwise every command, for the help and for argparse's list of choices."""
    parser = argparse.ArgumentParser(
        prog="studio",
        description="LiveShop Studio: stream and record live-shopping shows. "
        "Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action=_PrintVersion)
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    named = _named_command(argv)
    entries = list(dict.fromkeys(_COMMANDS.values()))  # each module once, in help order
    for module_name, adder in [_COMMANDS[named]] if named is not None else entries:
        module = importlib.import_module(f"studio.cli.{module_name}")
        getattr(module, adder)(commands)
    return parser


def configure_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv)
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
