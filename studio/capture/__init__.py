"""Capture sources. Importing this package registers every built-in source kind."""

from studio.capture import (  # noqa: F401 - imported for registration
    camera,
    color,
    image,
    media_file,
    microphone,
    test_pattern,
    text,
    tone,
)
