"""End to end: a scene with a chat overlay streamed to nginx-rtmp; a comment posted during the
show appears in the overlay's region of the video a viewer receives."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from studio.capture.base import Services
from studio.chat import ChatFeed, ChatLive, LocalChat
from studio.engine.session import Session
from studio.scene import load_collection
from tests.support.analysis import read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.support.scenes import collection, write_collection

pytestmark = pytest.mark.e2e


def test_a_comment_shows_up_in_the_streamed_chat_overlay(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    document = collection(
        [{"name": "main", "width": 320, "height": 180, "fps": 30, "scene": "Live"}],
        [
            {
                "name": "Live",
                "items": [
                    {"source": {"kind": "color", "color": "#000000", "width": 320, "height": 180}},
                    {
                        "source": {
                            "kind": "chat_overlay",
                            "lines": 3,
                            "font_size_px": 14,
                            "max_width_px": 200,
                            "height_px": 100,
                            "text_color": "#000000",
                            "bubble_color": "#FFFFFFFF",
                        },
                        "transform": {"x": 8, "y": 8},
                    },
                ],
            }
        ],
    )
    feed = ChatFeed()
    live, chat = ChatLive(feed), LocalChat()
    chat.start(feed)
    show = load_collection(write_collection(tmp_path / "chat.json", document))
    session = Session(show, services=Services(chat=live))
    session.add_destination(rtmp_server.url("chat"))
    session.start()
    try:
        time.sleep(1.5)
        chat.post("Ann", "SOLD 1 please, in blue")
        time.sleep(1.5)
    finally:
        session.stop()

    [received] = rtmp_server.recordings("chat")
    video = read_video(received)
    times = np.array(video.frame_times_s)
    before = [i for i, t in enumerate(times) if 0.3 <= t <= 1.0]
    after = len(video.planes) - 5
    assert before and times[after] > 2.0, times
    overlay = (slice(8, 108), slice(8, 208))
    outside = (slice(120, 180), slice(220, 320))
    y_before, y_after = video.planes[before[-1]][0], video.planes[after][0]
    # Before the comment the overlay's region is the black background; after, a white bubble.
    assert float(y_before[overlay].mean()) < 30
    assert float(y_after[overlay].mean()) > float(y_before[overlay].mean()) + 20
    assert abs(float(y_after[outside].mean()) - float(y_before[outside].mean())) < 3
