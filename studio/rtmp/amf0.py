"""AMF0, the value encoding of RTMP commands (``connect``, ``_result``, ``onStatus`` …).

Only what a publishing client meets: numbers, booleans, strings, null/undefined, objects and
ECMA arrays (both read as dicts), strict arrays and dates. Anything else is a typed error.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence

AmfValue = float | bool | str | None | dict[str, "AmfValue"] | list["AmfValue"]

_NUMBER, _BOOLEAN, _STRING, _OBJECT = 0x00, 0x01, 0x02, 0x03
_NULL, _UNDEFINED, _ECMA_ARRAY, _OBJECT_END = 0x05, 0x06, 0x08, 0x09
_STRICT_ARRAY, _DATE, _LONG_STRING = 0x0A, 0x0B, 0x0C


class AmfError(ValueError):
    """The bytes are not AMF0 this client understands."""


def encode(*values: object) -> bytes:
    """The AMF0 bytes of ``values`` in order (a command: name, transaction id, arguments)."""
    return b"".join(_encode_one(value) for value in values)


def _encode_one(value: object) -> bytes:
    if value is None:
        return bytes([_NULL])
    if isinstance(value, bool):
        return bytes([_BOOLEAN, int(value)])
    if isinstance(value, int | float):
        return bytes([_NUMBER]) + struct.pack(">d", float(value))
    if isinstance(value, str):
        raw = value.encode()
        if len(raw) > 0xFFFF:
            return bytes([_LONG_STRING]) + struct.pack(">I", len(raw)) + raw
        return bytes([_STRING]) + _short_string(value)
    if isinstance(value, Mapping):
        pairs = b"".join(_short_string(str(k)) + _encode_one(v) for k, v in value.items())
        return bytes([_OBJECT]) + pairs + b"\x00\x00" + bytes([_OBJECT_END])
    if isinstance(value, Sequence):
        items = b"".join(_encode_one(v) for v in value)
        return bytes([_STRICT_ARRAY]) + struct.pack(">I", len(value)) + items
    raise AmfError(f"cannot encode a {type(value).__name__} in AMF0")


def _short_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack(">H", len(raw)) + raw


def decode_all(data: bytes) -> list[AmfValue]:
    """Every value in ``data`` (a command message's payload)."""
    reader = _Reader(data)
    values = []
    while not reader.done:
        values.append(reader.value())
    return values


class _Reader:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    @property
    def done(self) -> bool:
        return self._at >= len(self._data)

    def _take(self, count: int) -> bytes:
        if self._at + count > len(self._data):
            raise AmfError("an AMF0 value runs past the end of its message")
        chunk = self._data[self._at : self._at + count]
        self._at += count
        return chunk

    def _string(self, length_bytes: int) -> str:
        (length,) = struct.unpack(">H" if length_bytes == 2 else ">I", self._take(length_bytes))
        return self._take(length).decode(errors="replace")

    def _pairs(self) -> dict[str, AmfValue]:
        out: dict[str, AmfValue] = {}
        while True:
            key = self._string(2)
            if not key and self._data[self._at : self._at + 1] == bytes([_OBJECT_END]):
                self._at += 1
                return out
            out[key] = self.value()

    def value(self) -> AmfValue:
        marker = self._take(1)[0]
        if marker == _NUMBER:
            return float(struct.unpack(">d", self._take(8))[0])
        if marker == _BOOLEAN:
            return self._take(1) != b"\x00"
        if marker == _STRING:
            return self._string(2)
        if marker == _LONG_STRING:
            return self._string(4)
        if marker in (_NULL, _UNDEFINED):
            return None
        if marker == _OBJECT:
            return self._pairs()
        if marker == _ECMA_ARRAY:
            self._take(4)  # the count is a hint; the end marker ends it
            return self._pairs()
        if marker == _STRICT_ARRAY:
            (count,) = struct.unpack(">I", self._take(4))
            return [self.value() for _ in range(count)]
        if marker == _DATE:
            (millis,) = struct.unpack(">d", self._take(8))
            self._take(2)  # time zone, unused by the format's own definition
            return float(millis)
        raise AmfError(f"unsupported AMF0 type 0x{marker:02x}")
