"""Each destination's uplink child loads only what it needs to send FLV tags over RTMP: not
FFmpeg (PyAV, ~25 MB), not numpy or the engine's media types (~14 MB), and OpenSSL only for
rtmps (~5 MB); a show with three destinations runs three of them."""

from __future__ import annotations

from tests.support.fresh_interpreter import loaded_after

HEAVY = ("av", "numpy", "ssl", "studio.media", "studio.outputs.base", "studio.engine")


def test_the_uplink_child_imports_no_ffmpeg_numpy_engine_or_openssl() -> None:
    assert loaded_after("import studio.outputs.uplink", HEAVY) == []


def test_the_package_still_offers_its_names() -> None:
    import studio.outputs as outputs

    for name in outputs.__all__:
        assert getattr(outputs, name) is not None, name
    assert outputs.RecordingOutput.__name__ == "RecordingOutput"


def test_the_studio_starts_uplinks_without_loading_their_rtmp_client() -> None:
    # Any module of studio.rtmp loads the package first.
    assert loaded_after("import studio.outputs.network", ["studio.rtmp"]) == []
