"""`studio template …` and `studio profile …`: check, pack, render, import and list show
templates, and export or import profiles.

Exit codes: 0 done, 1 refused or failed (the reason on one line of stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DONE, REFUSED = 0, 1


def add_parsers(commands: Any) -> None:
    template = commands.add_parser("template", help="show templates (.lsstemplate)")
    actions = template.add_subparsers(dest="template_command", metavar="ACTION", required=True)

    validate = actions.add_parser("validate", help="check a template bundle or folder")
    validate.add_argument("path", type=Path, metavar="FILE|DIR")
    validate.set_defaults(run=run_validate)

    pack = actions.add_parser("pack", help="zip a template folder into a .lsstemplate")
    pack.add_argument("folder", type=Path, metavar="DIR")
    pack.add_argument("--output", "-o", type=Path, required=True, metavar="FILE")
    pack.set_defaults(run=run_pack)

    render = actions.add_parser(
        "render", help="draw a template's first scene with the sample catalog's first product"
    )
    render.add_argument("path", type=Path, metavar="FILE|DIR")
    render.add_argument("--output", "-o", type=Path, required=True, metavar="PNG")
    render.add_argument("--canvas", help="the canvas to draw (default: the first)")
    render.set_defaults(run=run_render)

    import_ = actions.add_parser("import", help="add a template to this computer's templates")
    import_.add_argument("path", type=Path, metavar="FILE")
    import_.add_argument("--replace", action="store_true", help="replace one of the same name")
    import_.set_defaults(run=run_import)

    listing = actions.add_parser("list", help="the templates a new show can start from")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(run=run_list)

    profile = commands.add_parser("profile", help="profiles (.lssprofile): template + set-up")
    profile_actions = profile.add_subparsers(
        dest="profile_command", metavar="ACTION", required=True
    )
    export = profile_actions.add_parser(
        "export", help="the current show and settings as a profile (no keys, no tokens)"
    )
    export.add_argument("--output", "-o", type=Path, required=True, metavar="FILE")
    export.add_argument("--name", help="the profile's name (default: the show's)")
    export.add_argument("--author", default="")
    export.set_defaults(run=run_profile_export)

    import_profile = profile_actions.add_parser(
        "import", help="install a profile's template and apply its settings"
    )
    import_profile.add_argument("path", type=Path, metavar="FILE")
    import_profile.add_argument("--replace", action="store_true")
    import_profile.set_defaults(run=run_profile_import)


def _refused(message: str) -> int:
    print(f"studio: {' '.join(message.split())}", file=sys.stderr)  # one line
    return REFUSED


def _load_errors(*more: type[Exception]) -> tuple[type[Exception], ...]:
    """What refuses a bundle or a show (and ``more``): reported on one line, exit 1."""
    from studio.scene import SceneDocumentError
    from studio.template.bundle import BundleError

    return (BundleError, SceneDocumentError, OSError, *more)


def run_validate(args: argparse.Namespace) -> int:
    from studio.template.bundle import open_bundle

    try:
        with open_bundle(args.path) as opened:
            manifest, collection = opened.manifest, opened.collection
    except _load_errors() as error:
        return _refused(f"{args.path}: {error}")
    canvases = ", ".join(f"{c.name} {c.width}x{c.height}" for c in collection.canvases)
    print(f"{args.path}: OK — {manifest.kind} “{manifest.name}” {manifest.version}; {canvases}")
    return DONE


def run_pack(args: argparse.Namespace) -> int:
    from studio.template.pack import pack_folder

    try:
        output = pack_folder(args.folder, args.output)
    except _load_errors() as error:
        return _refused(f"{args.folder}: {error}")
    print(output)
    return DONE


def run_render(args: argparse.Namespace) -> int:
    from studio.template.bundle import open_bundle
    from studio.template.render import RenderError, render_still, write_png

    try:
        with open_bundle(args.path) as opened:
            picture = render_still(opened.collection, args.canvas)
        write_png(picture, args.output)
    except _load_errors(RenderError) as error:
        return _refused(f"{args.path}: {error}")
    print(args.output)
    return DONE


def run_import(args: argparse.Namespace) -> int:
    from studio.template.library import import_template

    try:
        entry = import_template(args.path, replace=args.replace)
    except _load_errors() as error:
        return _refused(f"{args.path}: {error}")
    print(f"imported “{entry.name}” into {entry.path}")
    return DONE


def run_list(args: argparse.Namespace) -> int:
    from studio.template.library import list_templates

    entries = list_templates()
    if args.json:
        rows = [
            {
                "name": e.name,
                "slug": e.slug,
                "builtin": e.builtin,
                "version": e.manifest.version,
                "author": e.manifest.author,
                "orientation": e.manifest.orientation,
                "kind": e.manifest.kind,
                "path": str(e.path),
            }
            for e in entries
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return DONE
    for e in entries:
        mark = " (built in)" if e.builtin else ""
        print(f"{e.name}{mark} — {e.manifest.orientation}, {e.manifest.version} — {e.path}")
    return DONE


def run_profile_export(args: argparse.Namespace) -> int:
    from studio.data_folder import default_data_folder
    from studio.scene import load_collection
    from studio.settings.settings_file import SettingsFile
    from studio.template.profile import export_profile
    from studio.template.render import RenderError

    show = default_data_folder() / "collection.json"
    try:
        collection = load_collection(show)
        settings = SettingsFile().settings
        output = export_profile(
            settings, collection, args.output, name=args.name or collection.name,
            author=args.author,
        )  # fmt: skip
    except _load_errors(RenderError) as error:
        return _refused(str(error))
    print(output)
    return DONE


def run_profile_import(args: argparse.Namespace) -> int:
    from studio.settings.settings_file import SettingsFile
    from studio.template.profile import import_profile

    store = SettingsFile()
    try:
        result = import_profile(args.path, store.settings, replace=args.replace)
        store.save(result.merge.settings)
    except _load_errors() as error:
        return _refused(f"{args.path}: {error}")
    print(f"imported “{result.template.name}” into {result.template.path}")
    for name in result.merge.added_destinations:
        print(f"destination added: {name} — paste its stream key in Settings → Destinations")
    if result.merge.store_changed:
        print("store connection set: sign in again in Settings → Store (tokens are not shared)")
    return DONE
