"""A test connection to one destination: how far it gets, and a sentence if it stops.

``publish=False`` stops after the application ``connect`` (which never goes public);
``publish=True`` also publishes the stream key and takes it down again at once, so the key is
checked too. Only call that for a platform that does not go public on publish.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from studio.outputs.urls import InvalidUrlError, mask_url, redact
from studio.rtmp.client import RtmpClient
from studio.rtmp.transport import STAGE_WORDS, RtmpError, Stage


@dataclass(frozen=True, slots=True)
class ConnectionResult:
    ok: bool
    stage: Stage  # the stage that failed, or the last one reached when ok
    message: str  # one sentence naming what happened and where; the key masked
    elapsed_ms: float


def check_connection(url: str, *, publish: bool, timeout_s: float = 5.0) -> ConnectionResult:
    """Connect to ``url`` stage by stage (each under ``timeout_s``); never raises for a
    network problem: the result says which stage failed and why."""
    started = time.monotonic()

    def elapsed_ms() -> float:
        return (time.monotonic() - started) * 1000.0

    shown = mask_url(url)
    try:
        probe = RtmpClient(url, timeout_s=timeout_s)
    except InvalidUrlError as exc:
        return ConnectionResult(False, "lookup", str(exc), elapsed_ms())
    stage: Stage = "connect"
    try:
        with probe:
            probe.open()
            probe.connect()
            if publish:
                stage = "publish"
                probe.publish()
                probe.unpublish()
    except RtmpError as exc:
        reason = redact(str(exc), url)
        message = f"Test connection to {shown} failed at the {STAGE_WORDS[exc.stage]}: {reason}."
        return ConnectionResult(False, exc.stage, message, elapsed_ms())
    took = elapsed_ms()
    done = "connected and published the stream key" if publish else "connected"
    message = f"Test connection to {shown}: {done} in {took:.0f} ms."
    return ConnectionResult(True, stage, message, took)
