from __future__ import annotations

from fractions import Fraction

from studio.media import EncodedPacket
from studio.outputs import PacketQueue

FPS = 30


def video(index: int, keyframe_every: int = 60) -> EncodedPacket:
    return EncodedPacket(
        "video", b"v" * 1000, index, index, 1, Fraction(1, FPS), index % keyframe_every == 0
    )


def audio(index: int) -> EncodedPacket:
    return EncodedPacket(
        "audio", b"a" * 300, index * 1024, index * 1024, 1024, Fraction(1, 48_000), True
    )


def drain(queue: PacketQueue) -> list[EncodedPacket]:
    out = []
    while (packet := queue.pop(0.01)) is not None:
        out.append(packet)
    return out


def test_congestion_drops_non_key_video_until_the_next_keyframe_and_keeps_audio() -> None:
    queue = PacketQueue(drop_threshold_ms=900)
    for i in range(80):  # 2.7 s of video nobody consumes
        queue.push(video(i))
        queue.push(audio(i * 48_000 // FPS // 1024))
    assert queue.dropped_video > 0
    assert queue.dropped_audio == 0
    packets = drain(queue)
    videos = [p for p in packets if p.media == "video"]
    assert videos[0].is_keyframe
    assert [p.pts for p in videos if p.is_keyframe] == [60]  # the old GOP went
    assert videos[-1].pts == 79  # after keyframe 60, frames flow again


def test_hard_caps_bound_memory() -> None:
    queue = PacketQueue(max_queued_ms=2000, max_bytes=50_000)
    for i in range(600):
        queue.push(audio(i))
    assert queue.queued_ms <= 2000
    assert len(queue) * 300 <= 50_000
    assert queue.dropped_audio > 0


def test_resync_starts_on_a_keyframe_with_audio_aligned() -> None:
    queue = PacketQueue()
    for i in range(0, 75):
        queue.push(video(i))
        queue.push(audio(i * 48_000 // FPS // 1024))
    drain(queue)
    queue.resync()
    for i in range(75, 130):
        queue.push(audio(i * 48_000 // FPS // 1024))
        queue.push(video(i))
    packets = drain(queue)
    assert packets[0].media == "video" and packets[0].pts == 120
    assert all(p.pts_s >= 4.0 for p in packets)


def test_closed_queue_drains_then_ends() -> None:
    queue = PacketQueue()
    queue.push(video(0))
    queue.close()
    assert queue.pop(0.1) is not None
    assert queue.pop(0.1) is None
