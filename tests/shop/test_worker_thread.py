"""The connectors' worker thread: one start, a stop that cuts waits short, no self-join."""

from __future__ import annotations

import threading

import pytest

from studio.worker_thread import WorkerThread


def test_a_stop_wakes_the_work_and_joins_it() -> None:
    waited: list[bool] = []
    worker: WorkerThread

    def work() -> None:
        waited.append(worker.stopping.wait(30))  # cut short by stop()

    worker = WorkerThread("test-worker", work)
    worker.start("test connector")
    assert worker.running
    woken = threading.Event()
    worker.stop(5.0, wake=woken.set)
    assert waited == [True] and woken.is_set() and not worker.running
    with pytest.raises(RuntimeError, match="test connector is already started"):
        worker.start("test connector")


def test_the_work_may_stop_itself_without_joining_its_own_thread() -> None:
    worker: WorkerThread
    done = threading.Event()

    def work() -> None:
        worker.stop(5.0)  # joining itself would raise; it must just ask to end
        done.set()

    worker = WorkerThread("test-worker", work)
    worker.start("test connector")
    assert done.wait(5)
    assert worker.stopping.is_set()
