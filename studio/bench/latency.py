"""Real-time probes: pipeline latency (source frame → packet out of the muxer) and feature
latency (showing an item → the first encoded frame whose pixels show it).

The show runs in real time with the texts changing on their own schedule. A probe thread notes
when each camera frame was captured; every muxed video packet is matched to the newest camera
frame captured before its due time (what the compositor drew). Halfway through, the hidden
"featured" badge is shown; afterwards the FLV is decoded and the first frame whose badge area
has the badge's colour is found.
"""

from __future__ import annotations

import bisect
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np

from studio.bench.flv_output import FlvOutput, MuxRecord
from studio.bench.ours import source_named, wait_for_pictures
from studio.bench.scene import CANVAS_NAME, FEATURED_ITEM, FEATURED_RGB, BenchScene
from studio.clock import MonotonicClock
from studio.compositor.colorspace import rgb_to_yuv709
from studio.engine.session import Session
from studio.media import VideoPicture
from studio.scene import load_collection

_PROBE_EVERY_S = 0.002


@dataclass(slots=True)
class LatencyFigures:
    pipeline_median_ms: float
    pipeline_p99_ms: float
    due_to_mux_median_ms: float  # the compositor's part onwards, without the source's age
    feature_latency_frames: int | None
    frames: int
    skipped_late_frames: int
    dropped_encoder_frames: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class CaptureProbe:
    """Notes the capture time of every frame a video source publishes."""

    def __init__(self, source: Any) -> None:
        self._source = source
        self.captured_ns: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="capture-probe", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2.0)

    def _run(self) -> None:
        last_seq = -1
        while not self._stop.wait(_PROBE_EVERY_S):
            picture = self._source.current_picture()
            if isinstance(picture, VideoPicture) and picture.seq != last_seq:
                last_seq = picture.seq
                self.captured_ns.append(picture.captured_ns)


def pipeline_latencies_ms(records: list[MuxRecord], captured_ns: list[int]) -> list[float]:
    """Per packet: muxed time minus the capture time of the newest frame at its due time."""
    captured = sorted(captured_ns)
    latencies = []
    for record in records:
        at = bisect.bisect_right(captured, record.clock_ns) - 1
        if at >= 0:
            latencies.append((record.muxed_ns - captured[at]) / 1e6)
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    return float(np.percentile(values, fraction * 100)) if values else float("nan")


def first_frame_showing(path: Path, scene: BenchScene, fps: int) -> int | None:
    """The index of the first decoded frame whose featured-badge area has the badge colour."""
    badge = scene.featured
    assert badge is not None
    want = np.array(rgb_to_yuv709(*FEATURED_RGB))
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            planes = frame.to_ndarray(format="yuv420p")
            height = frame.height
            y = planes[:height]
            u = planes[height : height + height // 4].reshape(height // 2, -1)
            v = planes[height + height // 4 :].reshape(height // 2, -1)
            cx, cy = (badge.x + 8) // 2, (badge.y + 8) // 2
            got = np.array([y[badge.y + 8, badge.x + 8], u[cy, cx], v[cy, cx]], dtype=float)
            if np.abs(got - want).max() < 12 and frame.pts is not None and frame.time_base:
                return round(float(frame.pts * frame.time_base) * fps)
    return None


def feature_latency_frames(records: list[MuxRecord], shown_ns: int, first_index: int | None,
                           fps: int) -> int | None:  # fmt: skip
    """Frames between the first frame due after the call and the first frame showing it."""
    if first_index is None:
        return None
    due = [r for r in records if r.clock_ns >= shown_ns]
    if not due:
        return None
    return max(0, first_index - min(r.pts for r in due))


def run_latency(scene: BenchScene, output: Path, seconds: float = 6.0) -> LatencyFigures:
    """Real time for ``seconds``; the badge is shown at half time. Needs ``ensure_gui_app``."""
    clock = MonotonicClock()
    session = Session(load_collection(scene.scene_path), clock=clock)
    flv = FlvOutput(output, clock, keep_records=True)
    session.pipeline(CANVAS_NAME).add_output(flv)
    wait_for_pictures(session.sources.sources())
    probe = CaptureProbe(source_named(session, "camera"))
    probe.start()
    session.start()
    started = time.monotonic()
    shown_ns = 0
    changes = {t.item_id: 0 for t in scene.timed}
    while (elapsed := time.monotonic() - started) < seconds:
        if not shown_ns and elapsed >= seconds / 2:
            shown_ns = clock.now_ns()
            session.set_item_visible(CANVAS_NAME, FEATURED_ITEM, True)
        for timed in scene.timed:  # texts change on their own schedule, as in a real show
            change = int(elapsed * scene.fps / timed.every_frames)
            if change != changes[timed.item_id]:
                changes[timed.item_id] = change
                source_named(session, timed.item_id).set_text(timed.text_at(change))  # type: ignore[attr-defined]
        time.sleep(0.005)
    session.stop()
    probe.stop()
    video = session.stats()[0].video
    latencies = pipeline_latencies_ms(flv.records, probe.captured_ns)
    due_to_mux = [(r.muxed_ns - r.clock_ns) / 1e6 for r in flv.records]
    first = first_frame_showing(output, scene, scene.fps)
    return LatencyFigures(
        pipeline_median_ms=percentile(latencies, 0.5),
        pipeline_p99_ms=percentile(latencies, 0.99),
        due_to_mux_median_ms=percentile(due_to_mux, 0.5),
        feature_latency_frames=feature_latency_frames(flv.records, shown_ns, first, scene.fps),
        frames=video.encoded_frames,
        skipped_late_frames=video.skipped_late_frames,
        dropped_encoder_frames=video.dropped_encoder_frames,
    )
