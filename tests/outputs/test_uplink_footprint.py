"""Each destination's uplink child loads only what it needs to send FLV tags over RTMP: not
FFmpeg (PyAV, ~25 MB), not numpy or the engine's media types (~14 MB), and OpenSSL only for
rtmps (~5 MB); a show with three destinations runs three of them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("av", "numpy", "ssl", "studio.media", "studio.outputs.base", "studio.engine")


def test_the_uplink_child_imports_no_ffmpeg_numpy_engine_or_openssl() -> None:
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


def test_the_studio_starts_uplinks_without_loading_their_rtmp_client() -> None:
    probe = (
        "import sys, studio.outputs.network; "
        "print(sorted(m for m in sys.modules if m.startswith('studio.rtmp')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
