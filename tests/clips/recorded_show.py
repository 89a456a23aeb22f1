"""A show recorded for real, with no window: three products featured in turn on a live show,
each for SEGMENT_S, the recording's start and chapters told to the ledger as the studio does
(:class:`studio.clips.ShowRecordings`). Run as a child process
(``python -m tests.clips.recorded_show FOLDER [--hang]``): with ``--hang`` it never ends after
the third product, so a test can kill it as a crash would.

FOLDER holds ``catalog.sqlite`` and ``scene.json`` (see tests.clips.helpers); the recording is
written to ``FOLDER/show.mkv``, the vertical canvas's to ``FOLDER/show-vertical.mkv``. Each
step is printed on stdout as it happens.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from studio.capture.base import Services
from studio.clips import ShowRecordings
from studio.clock import MonotonicClock
from studio.encode import VideoEncoderSettings
from studio.engine.session import Session
from studio.render.text import ensure_gui_app
from studio.scene import load_collection
from studio.shop import Catalog
from studio.show.show import Show

SEGMENT_S = 2.0
KEYFRAME_INTERVAL_S = 1.0
SHOW_NAME = "Clip Night"
CODES = ("11", "22", "33")


def say(text: str) -> None:
    print(text, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--hang", action="store_true")
    args = parser.parse_args(argv)
    ensure_gui_app()
    clock = MonotonicClock()
    catalog = Catalog.open(args.folder / "catalog.sqlite")
    show = Show(catalog, clock=clock, owns_catalog=True)
    video = VideoEncoderSettings(bitrate_kbps=800, keyframe_interval_s=KEYFRAME_INTERVAL_S)
    session = Session(
        load_collection(args.folder / "scene.json"),
        clock=clock,
        video_settings=video,
        services=Services(shop=show.shop, chat=show.chat_live),
    )
    link = ShowRecordings(show.ledger, clock)
    recording = session.add_recording(
        args.folder / "show.mkv", "main", on_started=link.on_started("main")
    )
    session.add_recording(
        args.folder / "show-vertical.mkv", "vertical", on_started=link.on_started("vertical")
    )
    session.start()
    live = show.go_live(SHOW_NAME)
    link.attach(live.id)
    deadline = time.monotonic() + 20
    while recording.started_clock_ns is None and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.01)
    say(f"live {live.id}")
    time.sleep(0.5)
    for number, code in enumerate(CODES):
        show.shop.feature(code)
        say(f"featured {code}")
        time.sleep(SEGMENT_S / 2)
        show.shop.claim(code, number + 1, f"buyer{number}")  # 1, 2, 3 units, mid-segment
        if args.hang and number == len(CODES) - 1:
            say("hanging")
            time.sleep(3600)
        time.sleep(SEGMENT_S / 2)
    show.shop.clear()
    time.sleep(0.5)
    link.write_chapters()
    session.stop()
    show.end(None)
    show.close()
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
