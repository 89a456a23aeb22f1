"""Outputs: every destination (RTMP(S) servers, local recordings) fed by one encode.

The names below load on first use: each destination's uplink child process runs
``studio.outputs.uplink``, and importing this package must not load numpy and the engine's
media types into every one of them (about 14 MB of memory per destination).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.outputs.base import (
        Output,
        OutputEvent,
        OutputEventHandler,
        OutputState,
        OutputStats,
        StopReason,
    )
    from studio.outputs.fanout import Fanout
    from studio.outputs.network import NetworkOutput
    from studio.outputs.packet_queue import PacketQueue
    from studio.outputs.recording import RecordingOutput
    from studio.outputs.urls import InvalidUrlError, RtmpUrl, mask_url, parse_rtmp_url

_MODULE_OF = {
    "Output": "base",
    "OutputEvent": "base",
    "OutputEventHandler": "base",
    "OutputState": "base",
    "OutputStats": "base",
    "StopReason": "base",
    "Fanout": "fanout",
    "NetworkOutput": "network",
    "PacketQueue": "packet_queue",
    "RecordingOutput": "recording",
    "InvalidUrlError": "urls",
    "RtmpUrl": "urls",
    "mask_url": "urls",
    "parse_rtmp_url": "urls",
}

__all__ = [
    "Fanout",
    "InvalidUrlError",
    "NetworkOutput",
    "Output",
    "OutputEvent",
    "OutputEventHandler",
    "OutputState",
    "OutputStats",
    "PacketQueue",
    "RecordingOutput",
    "RtmpUrl",
    "StopReason",
    "mask_url",
    "parse_rtmp_url",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
