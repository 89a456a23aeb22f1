"""`studio preflight`: check a show against each destination's platform before going live.

Prints one line per problem (``DESTINATION: error|warning: what (fix: …)``, keys masked),
what the network said (test connections, the measured upload), and exits 0 when nothing
blocks the show, 1 when an error does, 2 for a usage error (argparse's code).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.cli.stream_command import (
    add_encoding_options,
    encoder_settings_from,
    positive_seconds,
    split_target,
)

if TYPE_CHECKING:
    from studio.preflight.network_checks import NetworkFindings
    from studio.preflight.plan import ShowPlan
    from studio.preflight.report import PreflightReport
    from studio.scene.model import SceneCollection

USAGE_ERROR = 2


def add_parsers(commands: Any) -> None:
    parser = commands.add_parser(
        "preflight",
        help="check a show against its destinations' platform rules before going live",
        description="Check each --to destination against its platform's published rules "
        "(protocol, bitrate, keyframes, size, audio, safe zones of vertical platforms), test "
        "each connection and measure the upload. Exit 0: nothing blocks the show; 1: an "
        "error does; 2: usage.",
    )
    parser.add_argument(
        "--scene",
        required=True,
        type=Path,
        help="scene collection (.json), or a template or profile (.lsstemplate, .lssprofile)",
    )
    parser.add_argument(
        "--to", action="append", required=True, metavar="[CANVAS=]URL", help="destination"
    )
    add_encoding_options(parser)
    parser.add_argument(
        "--no-connect",
        action="store_true",
        help="check the rules only: open no connection (no test connection, no upload probe)",
    )
    parser.add_argument(
        "--probe-seconds", type=positive_seconds, default=4.0, metavar="S",
        help="how long the upload probe publishes (default 4)",
    )  # fmt: skip
    parser.add_argument(
        "--connect-timeout", type=positive_seconds, default=5.0, metavar="S",
        help="give up on a destination that does not answer within S seconds (default 5)",
    )  # fmt: skip
    parser.add_argument(
        "--relay-config", type=Path, metavar="PATH",
        help="also write an nginx-rtmp relay configuration pushing to every destination "
        "(it holds the stream keys: keep it private)",
    )  # fmt: skip
    parser.set_defaults(run=run_preflight)


def run_preflight(args: argparse.Namespace) -> int:
    from studio.scene import SceneDocumentError
    from studio.template.bundle_format import BundleError
    from studio.template.scene_file import open_scene

    try:
        with open_scene(args.scene) as collection:
            return _preflight(args, collection)
    except (SceneDocumentError, BundleError) as error:
        return _usage(str(error))


def _preflight(args: argparse.Namespace, collection: SceneCollection) -> int:
    from studio.preflight.build import plan_from_targets

    try:
        video, audio = encoder_settings_from(args)
    except ValueError as error:
        return _usage(f"invalid encoder settings: {error}")
    canvases = [c.name for c in collection.canvases]
    targets = [split_target(text, canvases) for text in args.to]
    plan = plan_from_targets(collection, targets, video, audio)
    findings = None
    if not args.no_connect:
        findings = _network(plan, args)
    report = _report(plan, findings)
    _print(plan, report, findings)
    if args.relay_config is not None:
        written = _write_relay_config(plan, args.relay_config)
        if written:
            return _usage(written)
    return 1 if report.blocks_show else 0


def _network(plan: ShowPlan, args: argparse.Namespace) -> NetworkFindings:
    from studio.preflight.network_checks import check_network

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    return check_network(
        plan, probe_seconds=args.probe_seconds, timeout_s=args.connect_timeout, progress=progress
    )


def _report(plan: ShowPlan, findings: NetworkFindings | None) -> PreflightReport:
    from studio.preflight.network_checks import full_report

    return full_report(plan, findings)


def _print(plan: ShowPlan, report: PreflightReport, findings: NetworkFindings | None) -> None:
    for line in report.lines():
        print(line)
    if findings is not None:
        for line in findings.lines():
            print(line)
    errors, warnings = len(report.errors), len(report.warnings)
    count = len(plan.destinations)
    checked = f"{count} destination{'s' if count != 1 else ''} checked"
    if errors:
        print(f"{checked}: {_count(errors, 'error')}, {_count(warnings, 'warning')}: "
              "the show would not start.")  # fmt: skip
    elif warnings:
        print(f"{checked}: {_count(warnings, 'warning')}, nothing blocks the show.")
    else:
        print(f"{checked}: no problems.")


def _write_relay_config(plan: ShowPlan, path: Path) -> str:
    """Write the relay's nginx configuration (0600: it holds keys); an error sentence or ""."""
    from studio.preflight.relay import RelayConfigError, relay_config, relay_pushes

    try:
        text = relay_config(relay_pushes(plan.destinations))
    except RelayConfigError as error:
        return f"cannot write the relay configuration: {error}"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        return f"cannot write the relay configuration to {path}: {error.strerror or error}"
    print(f"Relay configuration written to {path} (it holds the stream keys: keep it private).")
    return ""


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"


def _usage(message: str) -> int:
    print(f"studio preflight: {message}", file=sys.stderr)
    return USAGE_ERROR
