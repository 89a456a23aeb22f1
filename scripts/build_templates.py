"""Rebuild the built-in templates from their source folders (``template-sources/<name>/``):
draw each thumbnail with the real compositor, pack ``resources/templates/<name>.lsstemplate``
deterministically, and draw the reference image the tests compare renderings with.

Run after editing a template's folder: ``python scripts/build_templates.py``. The tests
(``tests/template/test_builtin_templates.py``) fail while a bundle is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studio.render.text import ensure_gui_app  # noqa: E402
from studio.scene import load_collection  # noqa: E402
from studio.template.bundle import open_bundle  # noqa: E402
from studio.template.bundle_format import COLLECTION_ENTRY, THUMBNAIL_ENTRY  # noqa: E402
from studio.template.export import THUMBNAIL_WIDTH  # noqa: E402
from studio.template.library import TEMPLATE_SUFFIX  # noqa: E402
from studio.template.pack import pack_folder  # noqa: E402
from studio.template.render import render_still, scaled_to_width, write_png  # noqa: E402

SOURCES = REPO / "template-sources"
BUILT_IN = REPO / "resources" / "templates"
REFERENCES = REPO / "tests" / "template" / "reference"
REFERENCE_WIDTH = 960  # compared at half size: enough to see every element, small in git


def build(folder: Path) -> None:
    collection = load_collection(folder / COLLECTION_ENTRY)
    write_png(scaled_to_width(render_still(collection), THUMBNAIL_WIDTH), folder / THUMBNAIL_ENTRY)
    bundle = pack_folder(folder, BUILT_IN / f"{folder.name}{TEMPLATE_SUFFIX}")
    with open_bundle(bundle) as opened:
        for canvas in opened.collection.canvases:
            picture = render_still(opened.collection, canvas.name)
            name = f"{folder.name}-{canvas.name.lower()}.png"
            write_png(scaled_to_width(picture, REFERENCE_WIDTH), REFERENCES / name)
    print(bundle)


def main() -> int:
    ensure_gui_app()
    BUILT_IN.mkdir(parents=True, exist_ok=True)
    REFERENCES.mkdir(parents=True, exist_ok=True)
    for folder in sorted(p for p in SOURCES.iterdir() if p.is_dir()):
        build(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
