"""Each destination's uplink child loads only what it needs to mux: not numpy, not the engine's
media types (they cost about 14 MB of memory per destination)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "studio.media", "studio.outputs.base", "studio.engine")


def test_the_uplink_child_imports_no_numpy_and_no_engine() -> None:
    probe = (
        "import json, sys, studio.outputs.uplink; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout) == []


def test_the_package_still_offers_its_names() -> None:
    import studio.outputs as outputs

    for name in outputs.__all__:
        assert getattr(outputs, name) is not None, name
    assert outputs.RecordingOutput.__name__ == "RecordingOutput"
