"""How the studio starts a destination's uplink child (:mod:`studio.outputs.uplink`): the
command, and the environment variables that hand it the URL and its timeout. Kept apart from
the child's program so the studio does not load the RTMP client it never runs itself."""

from __future__ import annotations

import sys

URL_ENV = "LIVESHOP_UPLINK_URL"
TIMEOUT_ENV = "LIVESHOP_UPLINK_TIMEOUT_S"


def uplink_command() -> list[str]:
    """The uplink child's command line. A PyInstaller-frozen app has no ``-m``: its entry
    point (:mod:`studio.launcher`) runs the child's ``main`` when started with ``--uplink``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--uplink"]
    return [sys.executable, "-m", "studio.outputs.uplink"]
