"""Local recordings: correct, crash-safe, and clear about write errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from studio.outputs import OutputEvent, OutputState, RecordingOutput, StopReason
from tests.outputs.helpers import max_gap_s, read_media, wait_until
from tests.support.encoded_media import EncodedMedia

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def media() -> EncodedMedia:
    return EncodedMedia(duration_s=3.0)


@pytest.mark.parametrize("suffix", [".mkv", ".mp4"])
def test_recording_is_complete(media: EncodedMedia, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"show{suffix}"
    output = RecordingOutput(path)
    output.start(media.spec)
    media.play(output.send, realtime=False)
    output.stop(5.0)
    assert output.stats().state == OutputState.STOPPED
    seen = read_media(path, decode=True)
    assert (seen.video_codec, seen.audio_codec, seen.size) == ("h264", "aac", (320, 240))
    assert seen.decoded_frames == 90
    assert seen.keyframes_s == pytest.approx([seen.video_pts_s[0], seen.video_pts_s[0] + 2.0])
    assert max_gap_s(seen.video_pts_s) < 0.05
    assert seen.audio_pts_s[-1] > 2.9


def test_unwritable_folder_is_a_write_error(media: EncodedMedia, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    events: list[OutputEvent] = []
    output = RecordingOutput(blocker / "show.mkv", on_event=events.append)
    output.start(media.spec)
    for packet in media.packets[:50]:
        output.send(packet)  # never raises
    assert wait_until(lambda: output.stats().state == OutputState.FAILED, 5.0)
    output.stop(1.0)
    assert output.stats().reason == StopReason.WRITE_ERROR
    assert "Cannot record to" in events[-1].message


CHILD = textwrap.dedent(
    """
    import sys
    from studio.outputs import RecordingOutput
    from tests.support.encoded_media import EncodedMedia

    media = EncodedMedia(duration_s=8.0)
    output = RecordingOutput(sys.argv[1])
    output.start(media.spec)
    print("started", flush=True)
    media.play(output.send)
    """
)


@pytest.mark.slow
def test_recording_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.mkv"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "started"
        time.sleep(3.0)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(5)
    seen = read_media(path, decode=True)
    assert seen.video_pts_s[-1] >= 1.5
    assert seen.decoded_frames >= 45
    assert seen.audio_pts_s[-1] >= 1.5
