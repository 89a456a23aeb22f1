"""Media file playback (video and its audio), looping, decoded with PyAV.

The decode thread runs ahead of the clock into two bounded buffers: a few video frames, each
with the clock time it is due, and the audio on the 48 kHz timeline. Media time ``m`` of the
first pass is due at clock time ``play_start_ns + m``; each loop pass adds the file's length,
so timestamps keep growing and sound and picture stay aligned to within a frame.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import av
import numpy as np

from studio.capture.base import (
    AudioMixSettings,
    ExistingFile,
    SourceEventHandler,
    SourceSettings,
    SourceState,
)
from studio.capture.registry import register_source
from studio.capture.threaded import ThreadedSource, exception_reason
from studio.capture.timeline_audio import TimelineAudioBuffer
from studio.clock import AUDIO_RATE_HZ, NS_PER_S, Clock, audio_position_to_ns
from studio.media import Picture, VideoPicture, picture_file_size


class MediaFileSettings(SourceSettings, AudioMixSettings):
    kind: Literal["media"] = "media"
    path: ExistingFile
    loop: bool = True
    audio: bool = True  # play the file's sound through the mixer


VIDEO_AHEAD_FRAMES = 8  # decoded frames waiting for their time (bounded: memory and latency)
AUDIO_AHEAD_S = 1.0  # how far decoded sound may run ahead of the clock
START_LEAD_NS = 100_000_000  # first frame due a little after opening, so no sound is missed


@dataclass(frozen=True, slots=True)
class _Pending:
    due_ns: int
    picture: VideoPicture


class _PassClock:
    """Media time → timeline for one pass through the file."""

    def __init__(self, offset_ns: int, origin_s: float) -> None:
        self.offset_ns = offset_ns  # clock time of media time ``origin_s`` in this pass
        self.origin_s = origin_s
        self.end_ns = offset_ns  # clock time just past the last frame or sample decoded

    def due_ns(self, media_s: float) -> int:
        return self.offset_ns + round((media_s - self.origin_s) * NS_PER_S)

    def extend(self, end_ns: int) -> None:
        self.end_ns = max(self.end_ns, end_ns)


@register_source
class MediaFileSource(ThreadedSource):
    kind = "media"
    settings_type = MediaFileSettings
    has_video = True
    follows_clock = True
    has_audio = True

    @classmethod
    def expected_size(cls, settings: Any) -> tuple[int, int] | None:
        return picture_file_size(Path(settings.path))

    def __init__(
        self,
        settings: MediaFileSettings,
        clock: Clock,
        on_event: SourceEventHandler | None = None,
    ) -> None:
        super().__init__(settings, clock, on_event)
        self._frames: deque[_Pending] = deque()
        self._frames_lock = threading.Lock()
        self._shown: VideoPicture | None = None
        self._audio = TimelineAudioBuffer()
        self._size: tuple[int, int] | None = None
        self.play_start_ns: int | None = None  # clock time of the file's first frame
        # Offline renders wait on these: is there a picture at all, and is the file done?
        self._has_video: bool | None = None
        self._played_once = False

    # -- what the compositor and the mixer read ---------------------------------------------
    def current_picture(self) -> Picture | None:
        with self._frames_lock:
            self._advance(self.clock.now_ns())
            return self._shown

    def _advance(self, now_ns: int) -> None:
        """Make the newest frame that is due the shown one (call with the lock held)."""
        while self._frames and self._frames[0].due_ns <= now_ns:
            self._shown = self._frames.popleft().picture

    def natural_size(self) -> tuple[int, int] | None:
        return self._size

    def wait_for_frame(self, due_ns: int, timeout_s: float) -> None:
        # The picture shown at the clock's instant is settled once a later frame is decoded.
        deadline = time.monotonic() + timeout_s
        now_ns = self.clock.now_ns()
        while time.monotonic() < deadline and not self.stopping:
            if self._has_video is False or self._played_once:
                return
            if self.health.state in (SourceState.ERROR, SourceState.STOPPED):
                return
            with self._frames_lock:
                if self._frames and self._frames[-1].due_ns > now_ns:
                    return
            time.sleep(0.001)

    def read_audio(self, position: int, frames: int) -> np.ndarray | None:
        return self._audio.read(position, frames)

    # -- the decode thread ------------------------------------------------------------------
    def _run(self) -> None:
        path = Path(self.settings.path)
        with av.open(str(path)) as container:
            video = container.streams.video[0] if container.streams.video else None
            audio = (
                container.streams.audio[0]
                if container.streams.audio and self.settings.audio
                else None
            )
            if video is None and audio is None:
                raise ValueError("it has neither picture nor sound")
            self._has_video = video is not None
            if video is not None:
                video.thread_type = "AUTO"
                self._size = (video.codec_context.width, video.codec_context.height)
            origin_s = (container.start_time or 0) / 1_000_000  # AV_TIME_BASE is microseconds
            offset_ns = (
                self.clock.now_ns() + START_LEAD_NS
                if self.play_start_ns is None
                else self._continue_after_ns()
            )
            self.play_start_ns = offset_ns if self.play_start_ns is None else self.play_start_ns
            self._set_health(SourceState.OK)
            while not self.stopping:
                pass_clock = _PassClock(offset_ns, origin_s)
                self._play_pass(container, video, audio, pass_clock)
                if self.stopping or not self.settings.loop:
                    break
                if pass_clock.end_ns <= offset_ns:
                    raise ValueError("it holds no playable frames")
                offset_ns = pass_clock.end_ns  # seamless: the next pass starts where this ended
                container.seek(0)
        self._played_once = True
        while not self.stopping:  # played once: keep the last frame on screen
            self._stop_event.wait(0.5)

    def _continue_after_ns(self) -> int:
        """After a failure and reopen, start no earlier than what was already queued."""
        with self._frames_lock:
            last = self._frames[-1].due_ns if self._frames else 0
        return max(self.clock.now_ns() + START_LEAD_NS, last)

    def _play_pass(
        self,
        container: av.container.InputContainer,
        video: av.video.stream.VideoStream | None,
        audio: av.audio.stream.AudioStream | None,
        pass_clock: _PassClock,
    ) -> None:
        streams = [s for s in (video, audio) if s is not None]
        resampler = av.AudioResampler(format="flt", layout="stereo", rate=AUDIO_RATE_HZ)
        audio_state: list[int] = []  # [next timeline position] once the first sound arrives
        frame_ns = _frame_duration_ns(video)
        for packet in container.demux(streams):
            for frame in packet.decode():
                if self.stopping:
                    return
                if isinstance(frame, av.VideoFrame):
                    self._queue_video(frame, pass_clock, frame_ns)
                elif isinstance(frame, av.AudioFrame):
                    if not audio_state and frame.time is not None:
                        start_ns = pass_clock.due_ns(frame.time)
                        audio_state.append(start_ns * AUDIO_RATE_HZ // NS_PER_S)
                    elif not audio_state:
                        audio_state.append(pass_clock.offset_ns * AUDIO_RATE_HZ // NS_PER_S)
                    for out in resampler.resample(frame):
                        self._queue_audio(out, audio_state, pass_clock)
        if audio_state:
            for out in resampler.resample(None):  # the resampler's tail
                self._queue_audio(out, audio_state, pass_clock)

    def _queue_video(self, frame: av.VideoFrame, pass_clock: _PassClock, frame_ns: int) -> None:
        media_s = frame.time if frame.time is not None else 0.0
        due_ns = pass_clock.due_ns(media_s)
        if frame.duration and frame.time_base is not None:
            frame_ns = round(frame.duration * frame.time_base * NS_PER_S)
        pass_clock.extend(due_ns + frame_ns)
        self._wait_for_room()
        picture = VideoPicture(frame, self._next_seq(), due_ns)  # stamped with its due time
        with self._frames_lock:
            self._frames.append(_Pending(due_ns, picture))

    def _queue_audio(
        self, frame: av.AudioFrame, audio_state: list[int], pass_clock: _PassClock
    ) -> None:
        samples = frame.to_ndarray().reshape(-1, 2)  # packed float: (1, n*2) → (n, 2)
        position = audio_state[0]
        self._audio.write(position, samples)
        audio_state[0] = position + len(samples)
        pass_clock.extend(audio_position_to_ns(audio_state[0]))
        self._wait_for_room()

    def _wait_for_room(self) -> None:
        """Block the decode thread (never a reader) while the buffers are far enough ahead."""
        while not self.stopping:
            now_ns = self.clock.now_ns()
            with self._frames_lock:
                self._advance(now_ns)
                video_full = len(self._frames) >= VIDEO_AHEAD_FRAMES
                next_due = self._frames[0].due_ns if self._frames else now_ns
            audio_end = self._audio.end_position
            audio_limit_ns = now_ns + int(AUDIO_AHEAD_S * NS_PER_S)
            audio_full = audio_end is not None and audio_position_to_ns(audio_end) > audio_limit_ns
            if not (video_full or audio_full):
                return
            wake_ns = next_due if video_full else now_ns + 20_000_000
            self.clock.sleep_until_ns(max(wake_ns, now_ns + 1_000_000), self._stop_event)

    def _describe_error(self, exc: BaseException) -> str:
        path = self.settings.path
        if isinstance(exc, FileNotFoundError):
            return f"Media file '{path}' was not found."
        return f"Media file '{path}' could not be played: {exception_reason(exc)}"


def _frame_duration_ns(video: av.video.stream.VideoStream | None) -> int:
    rate = video.average_rate if video is not None else None
    return round(NS_PER_S / float(rate)) if rate else NS_PER_S // 30
