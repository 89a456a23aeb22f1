"""`studio catalog import FILE`, `list` and `sync`: the local product catalog."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from studio.cli import catalog_sync
from studio.shop import Catalog, ShopDatabaseError, format_money
from studio.shop.importing import UnreadableFileError, import_file


def add_parsers(commands: Any) -> None:
    """Registers `catalog` and `report` (the shop's commands)."""
    from studio.cli import report_command

    add_parser(commands)
    report_command.add_parser(commands)


def add_parser(commands: Any) -> None:
    catalog = commands.add_parser("catalog", help="the local product catalog")
    actions = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    load = actions.add_parser(
        "import", help="import products from a CSV/JSON file (ours, Shopify or WooCommerce)"
    )
    load.add_argument("file", type=Path)
    load.add_argument(
        "--currency", default="USD", help="currency of exports that carry none (default USD)"
    )
    load.add_argument("--catalog", type=Path, help="catalog file (default: the user's one)")
    load.set_defaults(run=run_import)
    listing = actions.add_parser("list", help="list the catalog's products")
    listing.add_argument("--json", action="store_true", help="print JSON (prices as strings)")
    listing.add_argument("--catalog", type=Path, help="catalog file (default: the user's one)")
    listing.set_defaults(run=run_list)
    catalog_sync.add_parser(actions)  # `catalog sync`: Shopify / WooCommerce


def run_import(args: argparse.Namespace) -> int:
    try:
        with Catalog.open(args.catalog) as catalog:
            report = import_file(args.file, catalog, args.currency)
    except UnreadableFileError as error:
        print(f"studio: {args.file}: {error}", file=sys.stderr)
        return 2
    except ShopDatabaseError as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2
    print(
        f"{args.file}: {report.parsed.format} ({report.parsed.encoding}): "
        f"imported {len(report.imported)} product(s), skipped {len(report.skipped)} row(s)"
    )
    for problem in report.skipped:
        print(f"  skipped {problem}")
    for warning in report.warnings:
        print(f"  warning {warning}")
    return 0 if report.imported else 1


def run_list(args: argparse.Namespace) -> int:
    try:
        with Catalog.open(args.catalog) as catalog:
            products = catalog.products()
    except ShopDatabaseError as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([p.model_dump(mode="json") for p in products], indent=2))
        return 0
    for product in products:
        variants = f"  ({len(product.variants)} variants)" if product.variants else ""
        print(
            f"{product.code:>5}  {product.title}  {format_money(product.price)}  "
            f"stock {product.stock}{variants}"
        )
    return 0
