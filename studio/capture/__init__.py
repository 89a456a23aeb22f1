"""Capture sources. Importing this package registers every built-in source kind."""

from studio.capture import (  # noqa: F401 - imported for registration
    camera,
    chat_overlay,
    color,
    image,
    media_file,
    microphone,
    shop_overlays,
    test_pattern,
    text,
    tone,
)
