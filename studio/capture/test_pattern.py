"""Test pattern from FFmpeg's lavfi (used when no camera exists)."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import av
from pydantic import Field

from studio.capture.base import SourceSettings, SourceState
from studio.capture.registry import register_source
from studio.capture.threaded import ThreadedSource, exception_reason
from studio.clock import NS_PER_S
from studio.media import VideoPicture


class TestPatternSettings(SourceSettings):
    kind: Literal["test_pattern"] = "test_pattern"
    pattern: Literal[
        "testsrc2", "testsrc", "smptebars", "smptehdbars", "colorbars", "rgbtestsrc"
    ] = "testsrc2"
    width: int = Field(default=1280, ge=16, le=7680)
    height: int = Field(default=720, ge=16, le=4320)
    fps: float = Field(default=30.0, gt=0, le=240)


@register_source
class TestPatternSource(ThreadedSource):
    __test__ = False  # not a pytest class, despite the name
    kind = "test_pattern"
    settings_type = TestPatternSettings
    has_video = True
    follows_clock = True

    def _run(self) -> None:
        s: TestPatternSettings = self.settings
        graph = f"{s.pattern}=size={s.width}x{s.height}:rate={s.fps:g}"
        with av.open(graph, format="lavfi") as container:
            self._set_health(SourceState.OK)
            # Exact and rounded down, like the canvas's own frame times: an offline render
            # sets its clock to the canvas's instants, and a source that opened at one of them
            # must not come due a nanosecond after the next (it would skip a frame).
            period_ns = Fraction(NS_PER_S) / Fraction(s.fps).limit_denominator(1_000_000)
            # Integer arithmetic on the fraction's terms: a Fraction per frame costs more.
            period_num, period_den = period_ns.numerator, period_ns.denominator
            start_ns = self.clock.now_ns()
            index = 0
            for frame in container.decode(video=0):
                due_ns = start_ns + index * period_num // period_den  # floor, exact
                if not self._sleep_until_due(due_ns):
                    return
                now_ns = self.clock.now_ns()
                if (now_ns - due_ns) * period_den > 2 * period_num:  # fell behind: resync
                    start_ns, index = now_ns, 0
                self._publish(VideoPicture(frame, self._next_seq(), now_ns))
                index += 1
                if self.stopping:
                    return

    def _describe_error(self, exc: BaseException) -> str:
        return f"Test pattern could not be generated: {exception_reason(exc)}"

    def natural_size(self) -> tuple[int, int] | None:
        return (self.settings.width, self.settings.height)
