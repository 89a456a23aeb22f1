from __future__ import annotations

import threading
import time

from studio.media import EncodedPacket, StreamSpec
from studio.outputs import Fanout, Output, OutputStats
from tests.outputs.test_packet_queue import video


class FakeOutput(Output):
    def __init__(self, name: str, delay_s: float = 0.0) -> None:
        self._name, self.delay_s = name, delay_s
        self.received: list[EncodedPacket] = []
        self.started = self.stopped = False

    @property
    def name(self) -> str:
        return self._name

    def start(self, spec: StreamSpec) -> None:
        self.started = True

    def send(self, packet: EncodedPacket) -> None:
        if self.delay_s:
            time.sleep(self.delay_s)
        self.received.append(packet)

    def stop(self, timeout_s: float = 5.0) -> None:
        self.stopped = True

    def stats(self) -> OutputStats:
        return OutputStats(self._name)


class Boom(FakeOutput):
    def send(self, packet: EncodedPacket) -> None:
        raise RuntimeError("bug")


def test_every_output_gets_every_packet_and_a_broken_one_does_not_matter() -> None:
    fanout = Fanout()
    first, second = FakeOutput("a"), FakeOutput("b")
    for output in (first, Boom("boom"), second):
        fanout.add(output)
    fanout.start(object())  # type: ignore[arg-type]
    for i in range(10):
        fanout.send(video(i))
    assert [p.pts for p in first.received] == list(range(10))
    assert [p.pts for p in second.received] == list(range(10))


def test_add_and_remove_while_sending() -> None:
    fanout = Fanout(spec=object())  # type: ignore[arg-type]
    keep = FakeOutput("keep")
    fanout.add(keep)
    stop = threading.Event()

    def pump() -> None:
        i = 0
        while not stop.is_set():
            fanout.send(video(i))
            i += 1

    thread = threading.Thread(target=pump)
    thread.start()
    late = FakeOutput("late")
    fanout.add(late)
    assert late.started
    time.sleep(0.05)
    fanout.remove(late)
    assert late.stopped
    count = len(late.received)
    time.sleep(0.05)
    stop.set()
    thread.join()
    assert len(late.received) <= count + 1  # a send in flight during remove may land
    assert len(keep.received) > count > 0
    fanout.stop()
    assert keep.stopped
