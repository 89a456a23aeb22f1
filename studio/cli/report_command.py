"""`studio report SHOW`: write (again) a show's end-of-show report.

By default the report goes where the desktop app writes it when a show ends: a new folder
naming the show and its date in the recordings folder of the app settings (an earlier report
is never overwritten).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studio.settings.settings_file import SettingsFile
from studio.shop import Catalog, Ledger, ShopDatabaseError


def add_parser(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="write a show's sales report (CSV, PNG chart, PDF, HTML summary)",
        description="Write a show's end-of-show report into a new folder naming the show and "
        "its date, in the recordings folder of the app settings (or --out DIR).",
    )
    report.add_argument("show", metavar="SHOW_ID_OR_NAME")
    where = report.add_mutually_exclusive_group()
    where.add_argument(
        "--out", type=Path, metavar="DIR",
        help="make the report's folder in DIR (default: the recordings folder in Settings)",
    )  # fmt: skip
    where.add_argument(
        "--folder", type=Path, help="write the files straight into this folder (replaced)"
    )
    report.add_argument(
        "--settings-folder", type=Path, help="settings folder (default: the user's one)"
    )
    report.add_argument("--catalog", type=Path, help="catalog file (default: the user's one)")
    report.add_argument("--locale", default="en_US", help="money format in the summary")
    report.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    # The report's PDF and chart load Qt's painter and matplotlib: only for this command.
    from studio.shop.report import write_report, write_show_report

    out = args.out
    if out is None and args.folder is None:
        store = SettingsFile(args.settings_folder)
        if store.load_error is not None:
            print(f"studio: {store.load_error}", file=sys.stderr)
        out = store.settings.recording.folder
    try:
        with Catalog.open(args.catalog) as catalog:
            ledger = Ledger(catalog)
            show = ledger.find_show(args.show)
            if show is None:
                print(f"studio: no show {args.show!r}", file=sys.stderr)
                return 2
            if args.folder is not None:
                files = write_report(ledger, show.id, args.folder, locale=args.locale)
            else:
                files = write_show_report(ledger, show.id, out, locale=args.locale)
            totals = ledger.totals(show.id)
    except ShopDatabaseError as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        target = args.folder or out
        print(f"studio: cannot write the report to {target}: {error}", file=sys.stderr)
        return 1
    print(f"{show.name}: {totals.units} unit(s), {totals.revenue}; report in {files.folder}")
    for path in files.paths:
        print(f"  {path}")
    return 0
