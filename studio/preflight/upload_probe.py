"""The upload probe: how many kb/s the link to a destination sustains, measured by publishing.

It publishes to the URL and sends video as fast as the link takes it: a valid H.264 stream of
tiny black keyframes, each padded with a filler NAL unit (which decoders skip), so a server
or a platform sees a well-formed stream. The rate is counted as bytes go into a socket send
buffer of fixed size, and only after a warm-up: the burst that fills that buffer (and the
buffers along the way) at the start is bytes the link has not carried yet. Once they are
full, every byte that goes in is one the link took out.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass

from studio.outputs.urls import InvalidUrlError, mask_url, redact
from studio.rtmp.client import RtmpClient
from studio.rtmp.transport import STAGE_WORDS, RtmpError, Stage

# A fixed send buffer: the kernel's autotuning would grow it during the measurement and count
# the growth as carried. 128 KB (Linux doubles it) still holds the bandwidth-delay product of a
# 20 Mb/s link to an ingest 100 ms away, which a tiny buffer would cap.
SEND_BUFFER_BYTES = 128 * 1024
FRAME_BYTES = 8 * 1024  # small enough for several frames a second on a slow uplink
WARMUP_SHARE = 0.25  # the first quarter of the probe fills the buffers; it is not counted

# A 16×16 black picture from x264 (baseline, one IDR slice): the SPS, PPS and slice NAL units.
_SPS = bytes.fromhex("6742c00adde840000003004000000f23c489e0")
_PPS = bytes.fromhex("68ce0fc8")
_IDR = bytes.fromhex("6588843a118a00024ab1c00044663800088ce0")
_FILLER_NAL_TYPE = 12


class UploadProbeError(Exception):
    """The probe could not measure; ``str()`` is a sentence naming where it stopped."""

    def __init__(self, stage: Stage, message: str) -> None:
        super().__init__(message)
        self.stage: Stage = stage


@dataclass(frozen=True, slots=True)
class UploadMeasurement:
    """What the link sustained after the warm-up: ``bytes`` in ``seconds``."""

    kbps: float  # kilobits (1000 bits) per second, the unit of the bitrate settings
    bytes: int
    seconds: float


def measure_upload(url: str, *, seconds: float = 4.0, timeout_s: float = 5.0) -> UploadMeasurement:
    """Publish to ``url`` for ``seconds`` and measure the sustained upload rate.

    Raises :class:`UploadProbeError` (key masked) when the destination cannot be reached,
    refuses the stream, or stalls for ``timeout_s``."""
    shown = mask_url(url)
    try:
        probe = RtmpClient(url, timeout_s=timeout_s, send_buffer_bytes=SEND_BUFFER_BYTES)
    except InvalidUrlError as exc:
        raise UploadProbeError("lookup", str(exc)) from None
    with probe:
        try:
            probe.open()
            probe.connect()
            probe.publish()
            samples = _send_for(probe, seconds)
        except RtmpError as exc:
            reason = redact(str(exc), url)
            raise UploadProbeError(
                exc.stage,
                f"The upload probe to {shown} stopped at the {STAGE_WORDS[exc.stage]}: {reason}.",
            ) from None
        probe.unpublish()
    return sustained_rate(samples, warmup_s=seconds * WARMUP_SHARE)


def _send_for(probe: RtmpClient, seconds: float) -> list[tuple[float, int]]:
    """Send frames for ``seconds``; (time since start, bytes sent so far) after each one."""
    frame = keyframe(FRAME_BYTES)
    started = time.monotonic()
    sent = probe.send_video(sequence_header(), 0)
    samples = [(0.0, sent)]
    while (elapsed_s := time.monotonic() - started) < seconds:
        sent += probe.send_video(frame, int(elapsed_s * 1000))
        samples.append((time.monotonic() - started, sent))
    return samples


def sustained_rate(samples: list[tuple[float, int]], *, warmup_s: float) -> UploadMeasurement:
    """The rate between the first sample after ``warmup_s`` and the last one."""
    after = [sample for sample in samples if sample[0] >= warmup_s]
    if len(after) < 2 or after[-1][0] <= after[0][0]:
        raise UploadProbeError(
            "publish",
            "The upload probe sent too little to measure: the link is very slow; "
            "try again, or measure the uplink with the provider's speed test.",
        )
    (start_s, start_bytes), (end_s, end_bytes) = after[0], after[-1]
    count, span_s = end_bytes - start_bytes, end_s - start_s
    return UploadMeasurement(kbps=count * 8 / span_s / 1000, bytes=count, seconds=span_s)


def sequence_header() -> bytes:
    """The FLV video tag body of the AVC decoder configuration (avcC) for the probe picture."""
    avcc = bytes([1, _SPS[1], _SPS[2], _SPS[3], 0xFF, 0xE1]) + _sized(_SPS, 2)
    avcc += bytes([1]) + _sized(_PPS, 2)
    return bytes([0x17, 0x00, 0, 0, 0]) + avcc


def keyframe(total_bytes: int) -> bytes:
    """An FLV video tag body: the probe picture's IDR slice and a filler NAL unit padding the
    tag to about ``total_bytes``."""
    padding = max(0, total_bytes - len(_IDR) - 16)
    filler = bytes([_FILLER_NAL_TYPE]) + b"\xff" * padding + b"\x80"
    return bytes([0x17, 0x01, 0, 0, 0]) + _sized(_IDR, 4) + _sized(filler, 4)


def _sized(nal: bytes, width: int) -> bytes:
    return struct.pack(">H" if width == 2 else ">I", len(nal)) + nal
