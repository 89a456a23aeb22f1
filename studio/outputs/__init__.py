"""Outputs: every destination (RTMP(S) servers, local recordings) fed by one encode."""

from __future__ import annotations

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
