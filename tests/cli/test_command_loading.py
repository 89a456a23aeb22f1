"""A command loads only its own module: a show's `studio record` does not pay at every start
for the catalog's HTTP client, the clip cutter or the report's stack."""

from __future__ import annotations

import subprocess
import sys

from studio.cli.main import _COMMANDS

LOADED_AFTER_PARSING = """
import sys
from studio.cli.main import build_parser
build_parser(sys.argv[1:]).parse_args(sys.argv[1:])
print(" ".join(sorted(m for m in sys.modules if m.startswith("studio.cli."))))
"""


def _cli_modules_loaded(*argv: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", LOADED_AFTER_PARSING, *argv],
                            capture_output=True, text=True, check=True)  # fmt: skip
    return set(result.stdout.split())


def test_record_loads_only_the_stream_commands() -> None:
    loaded = _cli_modules_loaded("-v", "record", "--scene", "s.json", "--output", "o.mkv")
    assert "studio.cli.stream_command" in loaded
    assert not loaded & {"studio.cli.catalog_command", "studio.cli.catalog_sync",
                         "studio.cli.clips_command", "studio.cli.bench_command",
                         "studio.cli.template_command"}  # fmt: skip


def test_the_help_still_lists_every_command() -> None:
    result = subprocess.run([sys.executable, "-m", "studio", "--help"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    for command in _COMMANDS:
        assert f"\n    {command} " in result.stdout


def test_an_unknown_command_is_named_with_the_choices() -> None:
    result = subprocess.run([sys.executable, "-m", "studio", "recrod"],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 2
    assert "invalid choice: 'recrod'" in result.stderr and "'record'" in result.stderr


def test_each_command_parses_as_before() -> None:
    for command, argv in {"report": ["report", "--help"], "profile": ["profile", "--help"],
                          "about": ["about", "--help"]}.items():  # fmt: skip
        result = subprocess.run([sys.executable, "-m", "studio", *argv],
                                capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert f"usage: studio {command}" in result.stdout
