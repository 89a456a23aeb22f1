"""`studio scene check FILE`: validate a scene collection and list every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studio.scene import SceneDocumentError, load_collection


def add_parser(commands: Any) -> None:
    scene = commands.add_parser("scene", help="work with scene collection files")
    actions = scene.add_subparsers(dest="scene_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate a scene collection and list its problems")
    check.add_argument("file", type=Path)
    check.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    try:
        collection = load_collection(args.file)
    except SceneDocumentError as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2
    canvases = ", ".join(
        f"{c.name} {c.width}x{c.height}@{float(c.fps):g} → {c.scene}" for c in collection.canvases
    )
    print(f"{args.file}: OK — {len(collection.scenes)} scene(s); canvases: {canvases}")
    return 0
