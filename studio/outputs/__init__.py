"""Outputs: every destination (RTMP(S) servers, local recordings) fed by one encode.

The names below load on first use: each destination's uplink child process runs
``studio.outputs.uplink``, and importing this package must not load numpy and the engine's
media types into every one of them (about 14 MB of memory per destination).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.lazy_names import lazy_names

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


__getattr__ = lazy_names(globals(), _MODULE_OF)
