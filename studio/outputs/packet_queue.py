"""A bounded per-output packet queue with OBS's congestion policy.

``send`` never blocks: when more than ``drop_threshold_ms`` of video waits (the destination
is slower than the encoder), queued non-key video is dropped and new non-key video is refused
until the next keyframe, so the stream recovers with a decodable picture. Audio is kept unless
the hard caps (duration and bytes) are hit: then the oldest packets go.
After a (re)connect the consumer calls :meth:`resync`: the next packet it gets is a video
keyframe, and audio older than that keyframe is discarded, so both start together.
"""

from __future__ import annotations

import threading
from collections import deque

from studio.media import EncodedPacket


class PacketQueue:
    def __init__(
        self,
        drop_threshold_ms: float = 900.0,
        max_queued_ms: float = 10_000.0,
        max_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        self.drop_threshold_ms = drop_threshold_ms
        self.max_queued_ms = max_queued_ms
        self.max_bytes = max_bytes
        self._items: deque[EncodedPacket] = deque()
        self._bytes = 0
        self._cond = threading.Condition()
        self._skip_to_keyframe = False  # congestion: refuse non-key video until a keyframe
        self._resync = True  # the consumer starts on a keyframe
        self._min_audio_s = float("-inf")
        self._closed = False
        self.dropped_video = 0
        self.dropped_audio = 0

    # producer side -----------------------------------------------------------------------
    def push(self, packet: EncodedPacket) -> None:
        with self._cond:
            if self._closed:
                return
            if packet.media == "video":
                if packet.is_keyframe:
                    self._skip_to_keyframe = False
                elif self._skip_to_keyframe:
                    self.dropped_video += 1
                    return
            self._items.append(packet)
            self._bytes += len(packet.data)
            if self._video_span_ms() > self.drop_threshold_ms:
                # A fresh keyframe makes all older video useless: drop it to catch up.
                self._drop_video(
                    keep_keyframes=not (packet.media == "video" and packet.is_keyframe)
                )
            self._enforce_hard_caps()
            self._cond.notify()

    def _video_span_ms(self) -> float:
        first = next((p for p in self._items if p.media == "video"), None)
        last = next((p for p in reversed(self._items) if p.media == "video"), None)
        return 0.0 if first is None or last is None else (last.pts_s - first.pts_s) * 1000

    def _span_ms(self) -> float:
        if len(self._items) < 2:
            return 0.0
        return (self._items[-1].pts_s - self._items[0].pts_s) * 1000

    def _drop_video(self, keep_keyframes: bool) -> None:
        newest = self._items[-1]
        kept: deque[EncodedPacket] = deque()
        for packet in self._items:
            droppable = not packet.is_keyframe if keep_keyframes else packet is not newest
            if packet.media == "video" and droppable:
                self.dropped_video += 1
                self._bytes -= len(packet.data)
            else:
                kept.append(packet)
        self._items = kept
        self._skip_to_keyframe = keep_keyframes

    def _enforce_hard_caps(self) -> None:
        # Memory must stay bounded whatever happens downstream: drop the oldest.
        while self._items and (
            self._bytes > self.max_bytes or self._span_ms() > self.max_queued_ms
        ):
            old = self._items.popleft()
            self._bytes -= len(old.data)
            if old.media == "video":
                self.dropped_video += 1
                self._resync = True  # the GOP is broken: restart on a keyframe
            else:
                self.dropped_audio += 1

    # consumer side -----------------------------------------------------------------------
    def resync(self) -> None:
        """The next packet :meth:`pop` returns will be a video keyframe."""
        with self._cond:
            self._resync = True

    def _resolve_resync(self) -> bool:
        index = next(
            (i for i, p in enumerate(self._items) if p.media == "video" and p.is_keyframe), None
        )
        if index is None:
            return False
        keyframe = self._items[index]
        kept_audio = []
        for _ in range(index):
            packet = self._items.popleft()
            if packet.media == "audio" and packet.pts_s >= keyframe.pts_s:
                kept_audio.append(packet)
                continue
            self._bytes -= len(packet.data)
            if packet.media == "video":
                self.dropped_video += 1
            else:
                self.dropped_audio += 1
        self._items.popleft()
        self._items.extendleft(reversed([keyframe, *kept_audio]))
        self._min_audio_s = keyframe.pts_s
        self._resync = False
        return True

    def pop(self, timeout_s: float) -> EncodedPacket | None:
        """The next packet, or None after ``timeout_s`` (or when closed and empty)."""
        with self._cond:
            if not self._cond.wait_for(self._ready, timeout_s):
                return None
            if self._resync or not self._items:  # closed before a keyframe came
                return None
            packet = self._items.popleft()
            self._bytes -= len(packet.data)
            return packet

    def _ready(self) -> bool:
        while (
            self._items
            and self._items[0].media == "audio"
            and (self._items[0].pts_s < self._min_audio_s)
        ):
            self.dropped_audio += 1
            self._bytes -= len(self._items.popleft().data)
        if self._resync and not self._resolve_resync():
            return self._closed
        return bool(self._items) or self._closed

    def close(self) -> None:
        """No more packets will be pushed; :meth:`pop` drains then returns None."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def clear(self) -> None:
        with self._cond:
            self._items.clear()
            self._bytes = 0

    @property
    def closed_and_empty(self) -> bool:
        with self._cond:
            return self._closed and not self._items

    @property
    def queued_ms(self) -> float:
        with self._cond:
            return self._span_ms()

    def __len__(self) -> int:
        with self._cond:
            return len(self._items)
