"""The test connection's wire format: AMF0 values and the RTMP chunk stream, byte for byte."""

from __future__ import annotations

import struct

import pytest

from studio.rtmp import amf0
from studio.rtmp.chunks import (
    COMMAND_AMF0,
    SET_CHUNK_SIZE,
    VIDEO,
    ChunkReader,
    RtmpMessage,
    encode_message,
)


def test_a_connect_command_round_trips() -> None:
    command = {"app": "live", "tcUrl": "rtmp://127.0.0.1:1935/live", "fpad": False}

    data = amf0.encode("connect", 1, command, None, [1.5, "x"])

    assert amf0.decode_all(data) == ["connect", 1.0, command, None, [1.5, "x"]]


def test_an_ecma_array_reads_as_a_dict() -> None:
    pairs = struct.pack(">H", 4) + b"code" + amf0.encode("NetStream.Publish.Start")
    data = b"\x08" + struct.pack(">I", 1) + pairs + b"\x00\x00\x09"

    assert amf0.decode_all(data) == [{"code": "NetStream.Publish.Start"}]


@pytest.mark.parametrize("data", [b"\x02\x00\x05ab", b"\x11", b"\x00\x01"])
def test_bytes_that_are_not_amf0_are_a_typed_error(data: bytes) -> None:
    with pytest.raises(amf0.AmfError):
        amf0.decode_all(data)


def test_a_message_cut_into_chunks_comes_back_whole_byte_by_byte() -> None:
    message = RtmpMessage(VIDEO, 1, 1234, bytes(range(256)) * 3)
    data = encode_message(6, message, 128)
    reader = ChunkReader()

    received = [m for byte in data for m in reader.feed(bytes([byte]))]

    assert received == [message]
    assert data.count(bytes([0xC6])) >= 5  # type 3 continuation headers between the chunks


def test_the_server_s_chunk_size_is_followed() -> None:
    big = RtmpMessage(COMMAND_AMF0, 0, 0, amf0.encode("_result", 1, "x" * 1000))
    set_size = RtmpMessage(SET_CHUNK_SIZE, 0, 0, struct.pack(">I", 4096))
    reader = ChunkReader()

    received = reader.feed(encode_message(2, set_size, 128) + encode_message(3, big, 4096))

    assert received == [set_size, big]
    assert reader.chunk_size == 4096


def test_compressed_headers_carry_the_stream_s_length_type_and_time() -> None:
    first = RtmpMessage(VIDEO, 1, 1000, b"abc")
    data = encode_message(6, first, 128)
    data += bytes([0x46]) + (40).to_bytes(3, "big") + (2).to_bytes(3, "big") + bytes([VIDEO])
    data += b"de"  # type 1: +40 ms, 2 bytes
    data += bytes([0x86]) + (40).to_bytes(3, "big") + b"fg"  # type 2: +40 ms, same length
    data += bytes([0xC6]) + b"hi"  # type 3: everything as before

    received = ChunkReader().feed(data)

    assert [(m.timestamp_ms, m.payload, m.stream_id) for m in received] == [
        (1000, b"abc", 1),
        (1040, b"de", 1),
        (1080, b"fg", 1),
        (1120, b"hi", 1),
    ]


def test_an_extended_timestamp_is_written_and_read() -> None:
    message = RtmpMessage(VIDEO, 1, 0x1234567, b"x" * 300)

    received = ChunkReader().feed(encode_message(6, message, 128))

    assert received == [message]
