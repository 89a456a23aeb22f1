"""The `studio` command as a user runs it: a real process, real servers, exit codes, messages."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from tests.support.analysis import read_audio, read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.support.scenes import collection, write_collection

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "scenes" / "sample.json"
SECRET_KEY = "sk_live_very_secret_9f8e7d"


def studio(*args: str, timeout_s: float = 90) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env=env,
        cwd=REPO,
    )


def small_sample(tmp_path: Path) -> Path:
    """The bundled sample at 320x180 so the test stays light on two cores."""
    document = json.loads(SAMPLE.read_text())
    for canvas in document["canvases"]:
        canvas["width"], canvas["height"] = 320, 180
    for scene in document["scenes"]:
        for item in scene["items"]:
            if item["source"]["kind"] == "test_pattern":
                item["source"]["width"], item["source"]["height"] = 320, 180
    text = json.dumps(document).replace('"../images/', f'"{REPO}/resources/images/')
    path = tmp_path / "sample.json"
    path.write_text(text)
    return path


@pytest.mark.e2e
def test_stream_and_record_the_sample_scene(rtmp_server: RtmpServer, tmp_path: Path) -> None:
    recording = tmp_path / "show.mkv"
    result = studio(
        "stream",
        "--scene", str(small_sample(tmp_path)),
        "--to", rtmp_server.url(SECRET_KEY),
        "--record", str(recording),
        "--duration", "4",
        "--video-bitrate", "800",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert SECRET_KEY not in result.stdout + result.stderr
    assert "live/••••" in result.stderr
    [received] = rtmp_server.recordings(SECRET_KEY)
    for path in (received, recording):
        video = read_video(path, keep_planes=False)
        assert (video.width, video.height) == (320, 180)
        assert len(video.frame_times_s) >= 90
        assert read_audio(path).codec == "aac"


def test_the_bundled_sample_scenes_are_valid() -> None:
    for name in ("sample.json", "sample-vertical.json"):
        result = studio("scene", "check", str(REPO / "resources" / "scenes" / name))
        assert result.returncode == 0, result.stderr
        assert "OK" in result.stdout


def test_an_invalid_scene_names_every_problem_and_exits_2(tmp_path: Path) -> None:
    document = collection(
        [{"name": "main", "width": 320, "height": 240, "fps": 30, "scene": "Nope"}],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "webcam"}},
                    {"source": {"kind": "image", "path": "missing.png"}},
                    {"source": {"kind": "tone"}, "transform": {"opacity": 3}},
                ],
            }
        ],
    )
    scene = write_collection(tmp_path / "bad.json", document)
    result = studio("stream", "--scene", str(scene), "--to", "rtmp://127.0.0.1/live/x")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for expected in (
        "canvases[0].scene",
        "scenes[0].items[0].source.kind",
        "scenes[0].items[1].source.path: file not found",
        "scenes[0].items[2].transform.opacity",
    ):
        assert expected in result.stderr


def test_bad_json_gives_line_and_column(tmp_path: Path) -> None:
    scene = tmp_path / "broken.json"
    scene.write_text('{"format_version": 1,\n  "name": "x",,\n}')
    result = studio("record", "--scene", str(scene), "--output", str(tmp_path / "x.mkv"))
    assert result.returncode == 2
    assert "line 2" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.com/live/KEY123", "invalid destination"),
        ("rtmp:///live/KEY123", "invalid destination"),
    ],
)
def test_invalid_urls_are_refused_before_going_live(url: str, message: str) -> None:
    result = studio("stream", "--scene", str(SAMPLE), "--to", url, "--duration", "1")
    assert result.returncode == 2
    assert message in result.stderr
    assert "KEY123" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.e2e
def test_an_unreachable_destination_is_reported_in_one_line(
    refused_url: str, tmp_path: Path
) -> None:
    url = refused_url.rsplit("/", 1)[0] + "/" + SECRET_KEY
    result = studio(
        "stream", "--scene", str(small_sample(tmp_path)), "--to", url, "--duration", "3",
        "--connect-timeout", "2",
    )  # fmt: skip
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("studio: ")
    assert "refused" in last_line.lower()
    assert SECRET_KEY not in result.stderr + result.stdout


def test_devices_lists_encoders_as_json() -> None:
    result = studio("devices", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert "libx264" in listing["video_encoders"]
    assert isinstance(listing["cameras"], list) and isinstance(listing["microphones"], list)


def _record_then_signal(
    tmp_path: Path, name: str, signum: int, run_s: float
) -> tuple[subprocess.Popen[str], Path]:
    """Start `studio record`, let it run ``run_s`` seconds once writing, then send ``signum``."""
    output = tmp_path / name
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "studio", "record", "--scene", str(small_sample(tmp_path)),
         "--output", str(output), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not (output.exists() and output.stat().st_size >= 20_000):
        assert time.monotonic() < deadline, f"{output} is not being written"
        time.sleep(0.2)
    time.sleep(run_s)
    process.send_signal(signum)
    return process, output


def test_ctrl_c_ends_the_recording_cleanly(tmp_path: Path) -> None:
    process, output = _record_then_signal(tmp_path, "interrupted.mkv", signal.SIGINT, 2.0)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    video = read_video(output, keep_planes=False)
    assert len(video.frame_times_s) >= 60
    # Finalised: the container knows its duration (written only at a clean end).
    with av.open(str(output)) as container:
        assert container.duration is not None and container.duration > 0


def test_a_recording_killed_with_sigkill_still_plays(tmp_path: Path) -> None:
    process, output = _record_then_signal(tmp_path, "crashed.mkv", signal.SIGKILL, 3.0)
    process.wait(10)
    video = read_video(output, keep_planes=False)
    assert video.codec == "h264"
    # Up to the last seconds: at least 2.5 s of the ~3.5 s it ran are there and decodable.
    assert video.frame_times_s[-1] >= 2.5, video.frame_times_s[-1]
