"""`studio about`: the version, the app's licence, and the licences of everything it bundles."""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.licences import LicenceEntry


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "about", help="the version and the licences of the app and everything it bundles"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--licence",
        "--license",
        metavar="NAME",
        help="print the full licence text of one entry (a component or a Python package)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from studio import __version__

    # Package metadata (importlib.metadata): loaded for this command only.
    from studio.licences import APP_LICENCE, FREE_SOFTWARE, EntryKind, licence_entries
    from studio.settings.secrets import keyring_backend_name

    entries = licence_entries()
    if args.licence is not None:
        return _print_licence(entries, args.licence)
    components = [e for e in entries if e.kind is EntryKind.COMPONENT]
    packages = [e for e in entries if e.kind is EntryKind.PYTHON_PACKAGE]
    if args.json:
        document = {
            "version": __version__,
            "licence": APP_LICENCE,
            "keyring": keyring_backend_name(),
            "components": [
                {"name": e.name, "version": e.version, "licence": e.licence, "source": e.source}
                for e in components
            ],
            "python_packages": [
                {"name": e.name, "version": e.version, "licence": e.licence} for e in packages
            ],
        }
        print(json.dumps(document, indent=2))
        return 0
    print(f"LiveShop Studio {__version__}")
    print(FREE_SOFTWARE)
    print(f"Keyring: {keyring_backend_name()}")
    print("\nBundled components:")
    _print_table(components, with_source=True)
    print("\nPython packages:")
    _print_table(packages, with_source=False)
    print('\nFull texts: studio about --licence NAME (e.g. --licence "FFmpeg with x264")')
    return 0


def _print_table(entries: list[LicenceEntry], *, with_source: bool) -> None:
    name_width = max((len(e.name) for e in entries), default=0)
    version_width = max((len(e.version or "?") for e in entries), default=0)
    for entry in entries:
        version = entry.version or "?"
        print(f"  {entry.name:<{name_width}}  {version:<{version_width}}  {entry.licence}")
        if with_source and entry.source:
            print(f"  {'':<{name_width}}  source: {entry.source}")


def _print_licence(entries: list[LicenceEntry], name: str) -> int:
    from studio.licences import find_entry

    entry = find_entry(entries, name)
    if entry is None:
        known = ", ".join(e.name for e in entries)
        print(
            f"studio about: no entry is named {name!r}; choose one of: {known}.",
            file=sys.stderr,
        )
        return 2
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A licence may hold characters a Windows console's code page cannot show.
        sys.stdout.reconfigure(errors="replace")
    print(entry.text())
    return 0
