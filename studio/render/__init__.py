"""Rasterising for overlays (text, placeholders). Qt's GUI types stay behind this package."""
