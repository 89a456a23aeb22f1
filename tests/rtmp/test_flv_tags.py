"""FLV tags as the uplink child reads them: what PyAV's FLV muxer writes, however the pipe
cuts it, and a clear error for anything that is not a whole FLV stream."""

from __future__ import annotations

import io

import av
import pytest

from studio.outputs.rebase import Rebase
from studio.outputs.uplink import is_media_packet
from studio.rtmp.flv_tags import (
    AUDIO_TAG,
    SCRIPT_TAG,
    VIDEO_TAG,
    FlvError,
    FlvTag,
    read_flv_tags,
)
from tests.support.encoded_media import EncodedMedia


class Trickle(io.RawIOBase):
    """A pipe that hands over at most ``step`` bytes per read, as a slow writer would."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data, self._at, self._step = data, 0, step

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        piece = self._data[self._at : self._at + min(self._step, len(buffer))]
        buffer[: len(piece)] = piece
        self._at += len(piece)
        return len(piece)


@pytest.fixture(scope="module")
def media() -> EncodedMedia:
    return EncodedMedia(duration_s=1.0)


@pytest.fixture(scope="module")
def flv_bytes(media: EncodedMedia) -> bytes:
    """The show's packets muxed as the network output feeds its uplink child."""
    from studio.outputs.network import FLV_TO_UPLINK

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flv", options=FLV_TO_UPLINK) as flv:
        video = flv.add_stream_from_template(media.spec.video_template)
        audio = flv.add_stream_from_template(media.spec.audio_template)
        rebase = Rebase()
        first_keyframe = media.packets.index(media.video_packets[0])
        for packet in media.packets[first_keyframe:]:  # as the queue resyncs: a keyframe first
            stream = video if packet.media == "video" else audio
            flv.mux(packet.to_av_packet(stream, rebase.shift(packet)))
    return buffer.getvalue()


def test_the_muxers_tags_come_out_in_order(media: EncodedMedia, flv_bytes: bytes) -> None:
    tags = list(read_flv_tags(io.BytesIO(flv_bytes)))

    assert tags[0].type_id == SCRIPT_TAG and b"onMetaData" in tags[0].payload
    set_up = [tag for tag in tags[1:3] if not is_media_packet(tag)]
    assert sorted(tag.type_id for tag in set_up) == [AUDIO_TAG, VIDEO_TAG]  # AVC and AAC config
    media_tags = [tag for tag in tags if is_media_packet(tag)]
    video = [tag for tag in media_tags if tag.type_id == VIDEO_TAG]
    audio = [tag for tag in media_tags if tag.type_id == AUDIO_TAG]
    assert len(video) == len(media.video_packets) == 30
    first_keyframe = media.packets.index(media.video_packets[0])
    assert len(audio) == len(media.packets) - first_keyframe - len(video)
    assert tags[-1].type_id == VIDEO_TAG and tags[-1].payload[1] == 2  # AVC end of sequence
    assert video[0].payload[0] >> 4 == 1  # a keyframe first
    assert [tag.timestamp_ms for tag in video] == [round(i * 1000 / 30) for i in range(30)]
    stamps = [tag.timestamp_ms for tag in media_tags]
    assert stamps == sorted(stamps)


def test_a_pipe_that_trickles_gives_the_same_tags(flv_bytes: bytes) -> None:
    whole = list(read_flv_tags(io.BytesIO(flv_bytes)))

    assert list(read_flv_tags(io.BufferedReader(Trickle(flv_bytes, 7)))) == whole
    assert list(read_flv_tags(Trickle(flv_bytes, 5))) == whole  # type: ignore[arg-type]


def test_an_input_that_ends_before_the_header_has_no_tags() -> None:
    assert list(read_flv_tags(io.BytesIO(b""))) == []


def test_an_input_cut_inside_a_tag_is_an_error(flv_bytes: bytes) -> None:
    cut = flv_bytes[: len(flv_bytes) // 2]

    with pytest.raises(FlvError, match="ended in the middle of a tag"):
        list(read_flv_tags(io.BytesIO(cut)))


def test_an_input_that_is_not_flv_is_named() -> None:
    with pytest.raises(FlvError, match="not an FLV stream"):
        list(read_flv_tags(io.BytesIO(b"\x1aE\xdf\xa3 a Matroska file")))


def test_a_tag_of_another_kind_is_skipped(flv_bytes: bytes) -> None:
    header_end = 13
    other = bytes([15]) + (3).to_bytes(3, "big") + bytes(7) + b"abc" + (14).to_bytes(4, "big")
    data = flv_bytes[:header_end] + other + flv_bytes[header_end:]

    tags = list(read_flv_tags(io.BytesIO(data)))

    assert tags == list(read_flv_tags(io.BytesIO(flv_bytes)))
    assert all(isinstance(tag, FlvTag) for tag in tags)
