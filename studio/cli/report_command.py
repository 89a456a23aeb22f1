"""`studio report SHOW`: write (again) a show's end-of-show report to a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studio.shop import Catalog, Ledger, ShopDatabaseError
from studio.shop.report import default_report_folder, write_report


def add_parser(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="write a show's sales report (CSV, PNG chart, PDF, HTML summary)"
    )
    report.add_argument("show", metavar="SHOW_ID_OR_NAME")
    report.add_argument("--folder", type=Path, help="where to write it (default: data folder)")
    report.add_argument("--catalog", type=Path, help="catalog file (default: the user's one)")
    report.add_argument("--locale", default="en_US", help="money format in the summary")
    report.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    try:
        with Catalog.open(args.catalog) as catalog:
            ledger = Ledger(catalog)
            show = ledger.find_show(args.show)
            if show is None:
                print(f"studio: no show {args.show!r}", file=sys.stderr)
                return 2
            data_folder = args.catalog.parent if args.catalog else None
            folder = args.folder or default_report_folder(show.id, show.name, data_folder)
            files = write_report(ledger, show.id, folder, locale=args.locale)
            totals = ledger.totals(show.id)
    except ShopDatabaseError as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2
    print(f"{show.name}: {totals.units} unit(s), {totals.revenue}; report in {files.folder}")
    return 0
