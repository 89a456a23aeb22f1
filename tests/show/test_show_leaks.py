"""A show opened and closed 50 times in one process (a scheduler running show after show, or
a window reopening its shop) leaves no thread, socket or file behind."""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest

from studio.chat.address import parse_chat_address
from studio.chat.connector import ChatState
from studio.settings import SecretStore
from studio.show.opening import ShowSetup, open_show
from tests.chat.helpers import wait_until
from tests.chat_live.helpers import small_shop
from tests.support.ircd import IrcServer
from tests.support.ircd import irc_server as irc_server  # fixture
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture

ROUNDS = 50


def _open_fds() -> dict[int, str]:
    """This process's open file descriptors and what they point at (files, sockets…)."""
    found = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            found[int(name)] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # the directory's own descriptor, closed since
            continue
    return found


def _settle(baseline_threads: set[int], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        extra = [t for t in threading.enumerate() if t.ident not in baseline_threads]
        if not extra:
            return
        time.sleep(0.05)


@pytest.mark.slow
def test_fifty_shows_opened_and_closed_leak_no_thread_socket_or_file(
    tmp_path: Path, irc_server: IrcServer, memory_keyring: MemoryKeyring
) -> None:
    catalog_path = tmp_path / "catalog.sqlite"
    small_shop(tmp_path).catalog.close()  # catalog.sqlite: mug #1, scarf #2, tee #3
    chat = parse_chat_address(irc_server.url())
    viewer = irc_server.client("viewer")
    threads_before: set[int] = set()
    fds_before: dict[int, str] = {}
    try:
        # Round 0 warms the process-wide caches up (the chart's fonts stay open, once); the
        # count starts after it.
        for round_number in range(ROUNDS + 1):
            if round_number == 1:
                gc.collect()
                threads_before = {t.ident for t in threading.enumerate() if t.ident is not None}
                fds_before = _open_fds()
            show = open_show(
                ShowSetup(
                    catalog=catalog_path,
                    chats=[chat],
                    nick=f"host{round_number}",
                    secrets=SecretStore(),
                    rehearsal_chat=True,
                )
            )
            wait_until(
                lambda show=show: any(  # type: ignore[misc]
                    s.state is ChatState.CONNECTED for s in show.chat_status.statuses()
                ),
                what="the show's IRC chat",
            )
            show.go_live(f"Round {round_number}")
            viewer.post("sold 2")
            wait_until(
                lambda show=show: len(show.comment_to_buy.claims()) == 1,  # type: ignore[misc]
                what="the claim",
            )
            # A report every tenth round: writing one (chart, PDF) must not leak either.
            show.close(tmp_path / "reports" if round_number % 10 == 0 else None)
            assert show.closed
    finally:
        viewer.close()
    _settle(threads_before)
    gc.collect()
    left = [t.name for t in threading.enumerate() if t.ident not in threads_before]
    assert left == []
    fds_after = _open_fds()
    opened = {fd: target for fd, target in fds_after.items() if fds_before.get(fd) != target}
    assert opened == {}, f"left open: {sorted(opened.values())}"
    assert len(list((tmp_path / "reports").iterdir())) == ROUNDS // 10 + 1
