"""`studio preflight` as a host runs it: a real process, a real nginx-rtmp, exit codes, lines."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli.test_cli import SECRET_KEY, small_sample, studio
from tests.support.nginx_rtmp import RtmpServer

FACEBOOK_KEY = "FB-1234567890-abcdefSECRET"
TWITCH_KEY = "live_987654321_twitchSECRET"


def report_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


def test_rule_errors_block_the_show_with_the_fix_named_and_no_key_shown(tmp_path: Path) -> None:
    result = studio(
        "preflight", "--scene", str(small_sample(tmp_path)),
        "--to", f"rtmp://live-api-s.facebook.com/rtmp/{FACEBOOK_KEY}",
        "--to", f"rtmp://live.twitch.tv/app/{TWITCH_KEY}",
        "--video-bitrate", "8000", "--keyframe-interval", "5", "--no-connect",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    lines = report_lines(result.stdout)
    assert any(
        line.startswith("Facebook Live: error:") and "RTMPS" in line and "rtmps://" in line
        for line in lines
    ), lines
    assert any(line.startswith("Twitch: error:") and "6,000 kb/s" in line for line in lines)
    assert any("keyframe" in line and "(fix: set the keyframe interval" in line for line in lines)
    assert "the show would not start" in result.stdout
    for key in (FACEBOOK_KEY, TWITCH_KEY):
        assert key not in result.stdout + result.stderr


def test_the_same_key_on_two_destinations_is_an_error(tmp_path: Path) -> None:
    result = studio(
        "preflight", "--scene", str(small_sample(tmp_path)),
        "--to", f"rtmps://live.twitch.tv:443/app/{TWITCH_KEY}",
        "--to", f"rtmps://a.rtmps.youtube.com:443/live2/{TWITCH_KEY}", "--no-connect",
    )  # fmt: skip
    assert result.returncode == 1
    assert any("same stream key" in line for line in report_lines(result.stdout)), result.stdout
    assert TWITCH_KEY not in result.stdout


@pytest.mark.e2e
def test_a_clean_show_connects_measures_the_upload_and_exits_0(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    result = studio(
        "preflight", "--scene", str(small_sample(tmp_path)),
        "--to", rtmp_server.url(SECRET_KEY), "--probe-seconds", "1.5",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert report_lines(result.stdout) == []
    assert "connected and published the stream key" in result.stdout
    assert "measured" in result.stdout and "kb/s upload" in result.stdout
    assert "1 destination checked: no problems." in result.stdout
    assert SECRET_KEY not in result.stdout + result.stderr


@pytest.mark.e2e
def test_a_closed_port_is_named_and_blocks_the_show(tmp_path: Path, refused_url: str) -> None:
    url = refused_url
    result = studio("preflight", "--scene", str(small_sample(tmp_path)), "--to", url)
    assert result.returncode == 1
    (line,) = report_lines(result.stdout)
    assert ": error: " in line and "refused" in line
    port = url.split("://", 1)[1].split("/", 1)[0]
    assert port in line


def test_the_relay_configuration_is_written_private_with_a_push_per_destination(
    tmp_path: Path,
) -> None:
    config = tmp_path / "relay.conf"
    result = studio(
        "preflight", "--scene", str(small_sample(tmp_path)),
        "--to", f"rtmp://live.twitch.tv/app/{TWITCH_KEY}",
        "--to", f"rtmp://a.rtmp.youtube.com/live2/{FACEBOOK_KEY}",
        "--no-connect", "--relay-config", str(config),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    text = config.read_text()
    assert text.count('    push "rtmp://') == 2 and TWITCH_KEY in text and FACEBOOK_KEY in text
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600
    assert TWITCH_KEY not in result.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = studio("preflight", "--scene", str(tmp_path / "none.json"), "--to", "rtmp://x/a/b")
    assert missing.returncode == 2 and "none.json" in missing.stderr
    no_target = studio("preflight", "--scene", str(small_sample(tmp_path)))
    assert no_target.returncode == 2 and "--to" in no_target.stderr
