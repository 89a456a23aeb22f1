"""Relay mode: the nginx-rtmp configuration preflight proposes, and a real show through it —
one upload from `studio stream` to a relay on loopback that pushes to two applications of a
platform stand-in, where both recordings hold decodable video."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import av
import pytest

from studio.preflight.plan import PlannedDestination
from studio.preflight.relay import (
    RelayConfigError,
    relay_application,
    relay_config,
    relay_pushes,
    relay_url,
)
from tests.chat.helpers import wait_until
from tests.support.analysis import read_video
from tests.support.nginx_relay import PlatformServer, RelayServer, require_nginx_rtmp, running
from tests.support.scenes import collection, write_collection

REPO = Path(__file__).resolve().parents[2]
YOUTUBE = "rtmp://a.rtmp.youtube.com/live2/yt-key-1111"
TWITCH = "rtmp://live.twitch.tv/app/live_2222_twitchkey"
TIKTOK = "rtmp://push.tiktok.example/stage/stream-3333?expire=99&sign=abc"


def test_one_application_per_relay_with_one_push_per_destination() -> None:
    config = relay_config({"landscape": [YOUTUBE, TWITCH], "vertical": [TIKTOK]}, port=1936)

    assert "rtmp {" in config and "listen 1936;" in config
    assert config.count("application ") == 2
    landscape = config.split("application landscape {")[1].split("}")[0]
    vertical = config.split("application vertical {")[1].split("}")[0]
    assert landscape.count("push ") == 2 and vertical.count("push ") == 1
    # The keys are in: this is the relay host's own file, the one place that needs them.
    assert f'push "{YOUTUBE}";' in landscape and f'push "{TWITCH}";' in landscape
    assert f'push "{TIKTOK}";' in vertical
    assert "live on;" in landscape and "record off;" in landscape
    assert "deny play all;" in landscape


def test_publishing_can_be_kept_to_the_hosts_address() -> None:
    config = relay_config({"show": [YOUTUBE]}, allow_publish_from=["203.0.113.7"])

    assert "allow publish 203.0.113.7;\n" in config
    assert "deny publish all;" in config
    assert "listen 1935;" in config


def test_nginx_rtmp_cannot_push_rtmps_and_the_error_says_so_without_the_key() -> None:
    facebook = "rtmps://live-api-s.facebook.com:443/rtmp/FB-secret-4444"

    with pytest.raises(RelayConfigError) as caught:
        relay_config({"landscape": [YOUTUBE, facebook]})

    message = str(caught.value)
    assert "rtmps://live-api-s.facebook.com:443/rtmp/••••" in message
    assert "stunnel" in message
    assert "FB-secret-4444" not in message


@pytest.mark.parametrize(
    ("pushes", "says"),
    [
        ({}, "no application"),
        ({"my show": [YOUTUBE]}, "cannot be an nginx application"),
        ({"show": []}, "no destination to push to"),
        ({"show": ["rtmp://host.example/live"]}, "has no stream key"),
        ({"show": ['rtmp://host.example/live/k"ey-5555']}, "cannot hold"),
    ],
)
def test_a_relay_nginx_would_not_take_is_refused(pushes: dict[str, list[str]], says: str) -> None:
    with pytest.raises(RelayConfigError, match=says) as caught:
        relay_config(pushes)

    assert "5555" not in str(caught.value)


def test_an_allowed_publisher_must_be_an_address() -> None:
    with pytest.raises(RelayConfigError, match="not an IP address"):
        relay_config({"show": [YOUTUBE]}, allow_publish_from=["me; deny all"])


def test_each_canvas_is_one_relay_application_of_its_destinations() -> None:
    destinations = [
        PlannedDestination("YouTube", url=YOUTUBE, canvas="Landscape"),
        PlannedDestination("Twitch", url=TWITCH, canvas="Landscape"),
        PlannedDestination("TikTok", url=TIKTOK, canvas="Vertical 9:16"),
        PlannedDestination("Whatnot", url="", canvas="Landscape"),  # no key yet: nothing to push
    ]

    assert relay_pushes(destinations) == {
        "Landscape": [YOUTUBE, TWITCH],
        "Vertical-9-16": [TIKTOK],
    }
    assert relay_application("") == "show"


def test_the_relay_url_the_studio_streams_to() -> None:
    assert (
        relay_url("relay.example", 1935, "landscape") == "rtmp://relay.example:1935/landscape/show"
    )
    assert relay_url("2001:db8::7", 1935, "show", "x") == "rtmp://[2001:db8::7]:1935/show/x"


# -- a show through a real relay ----------------------------------------------------------


def small_scene(tmp_path: Path) -> Path:
    document = collection(
        [{"name": "landscape", "width": 320, "height": 180, "fps": 30, "scene": "Live"}],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "test_pattern", "pattern": "testsrc2",
                                "width": 320, "height": 180, "fps": 30}},
                    {"source": {"kind": "tone", "frequency_hz": 440, "level_dbfs": -20}},
                ],
            }
        ],
    )  # fmt: skip
    return write_collection(tmp_path / "scene.json", document)


def holds_video(platform: PlatformServer, app: str, key: str, frames: int) -> Callable[[], bool]:
    """True once a recording of ``app``/``key`` decodes to at least ``frames`` pictures."""

    def check() -> bool:
        for path in platform.app_recordings(app, key):
            try:
                if len(read_video(path, keep_planes=False).frame_times_s) >= frames:
                    return True
            except (av.FFmpegError, IndexError):  # its first bytes are not a file yet
                continue
        return False

    return check


@pytest.mark.e2e
def test_a_stream_through_the_relay_arrives_at_both_applications(tmp_path: Path) -> None:
    require_nginx_rtmp()
    with running(PlatformServer(tmp_path / "platform", ["a", "b"])) as platform:
        pushes = {"landscape": [platform.app_url("a", "key-a"), platform.app_url("b", "key-b")]}
        relay = RelayServer(tmp_path / "relay", pushes, allow_publish_from=["127.0.0.1"])
        with running(relay):
            result = subprocess.run(
                [sys.executable, "-m", "studio", "stream", "--scene", str(small_scene(tmp_path)),
                 "--to", relay_url("127.0.0.1", relay.port, "landscape"),
                 "--duration", "5", "--video-bitrate", "600", "--quiet"],
                capture_output=True, text=True, timeout=120, cwd=REPO,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )  # fmt: skip
            assert result.returncode == 0, result.stderr + relay.error_log()

            # Three seconds of the five at least, in each application (the pushes connect
            # while the upload starts, and begin at the next keyframe).
            for app, key in (("a", "key-a"), ("b", "key-b")):
                recorded = holds_video(platform, app, key, frames=90)
                wait_until(recorded, 30, f"application {app} to record the relayed stream")

    for app, key in (("a", "key-a"), ("b", "key-b")):
        [recording] = platform.app_recordings(app, key)
        video = read_video(recording, keep_planes=False)
        assert (video.codec, video.width, video.height) == ("h264", 320, 180)
