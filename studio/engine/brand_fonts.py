"""A template's brand fonts, made available to every text and overlay before they draw.

The brand kit names font files (copied with the show); Qt's font database learns each file
once per process, by path, and the sources then ask for the family by name as usual.
"""

from __future__ import annotations

import logging

from studio.scene import SceneCollection

log = logging.getLogger(__name__)


def register_brand_fonts(collection: SceneCollection) -> None:
    if collection.template is None or not collection.template.brand.fonts:
        return
    from studio.render.text import (  # Qt only when a kit has fonts
        RenderUnavailableError,
        register_font_files,
    )

    try:
        register_font_files(collection.template.brand.fonts)
    except RenderUnavailableError:  # no Qt application yet: texts use the bundled fonts
        log.warning("the brand fonts were not loaded: text rendering is not set up yet")
