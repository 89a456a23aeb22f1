"""RTMP(S) destination URLs: parsing with clear errors, and masking of the stream key.

The key is a password: every message, log line and statistics name shows the masked form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_PORTS = {"rtmp": 1935, "rtmps": 443}
MASK = "••••"


class InvalidUrlError(ValueError):
    """The URL cannot be used; the message never contains the key."""


@dataclass(frozen=True, slots=True)
class RtmpUrl:
    scheme: str
    host: str
    port: int
    app: str
    key: str = field(repr=False)  # never in a repr, a log or a traceback
    raw: str = field(repr=False)

    @property
    def masked(self) -> str:
        return mask_url(self.raw)

    @property
    def endpoint(self) -> str:
        return f"{self.host}:{self.port}"


def parse_rtmp_url(url: str) -> RtmpUrl:
    """Parse ``rtmp[s]://host[:port]/app/key``; raise :class:`InvalidUrlError` with a sentence."""
    text = url.strip()
    if not text:
        raise InvalidUrlError("The destination URL is empty.")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidUrlError(f"The URL {mask_url(text)} is malformed ({exc}).") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        shown = scheme or "none"
        raise InvalidUrlError(
            f"Unsupported URL scheme '{shown}' in {mask_url(text)}: use rtmp:// or rtmps://."
        )
    if not parts.hostname:
        raise InvalidUrlError(f"The URL {mask_url(text)} has no server name.")
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        raise InvalidUrlError(
            f"The URL {mask_url(text)} has no application path (like /live/<stream key>)."
        )
    if len(segments) < 2 and not parts.query:
        raise InvalidUrlError(
            f"The URL {mask_url(text)} has no stream key: paste the server URL followed by "
            "/<stream key>."
        )
    key = "/".join(segments[1:]) + (f"?{parts.query}" if parts.query else "")
    return RtmpUrl(
        scheme=scheme,
        host=parts.hostname,
        port=port or DEFAULT_PORTS[scheme],
        app=segments[0],
        key=key,
        raw=text,
    )


_QUERY_VALUE = re.compile(r"=([^&#]*)")


def mask_url(url: str) -> str:
    """Hide the stream key (last path segment), query values and any password."""
    text = url.strip()
    head, sep, query = text.partition("?")
    scheme, has_scheme, rest = head.partition("://")
    if not has_scheme:
        scheme, rest = "", head
    authority, slash, path = rest.partition("/")
    if "@" in authority:  # user:password@host
        authority = MASK + "@" + authority.rsplit("@", 1)[1]
    segments = path.split("/") if slash else []
    if len(segments) >= 2 and segments[-1]:
        segments[-1] = MASK
    elif len(segments) >= 2 and not segments[-1] and len(segments) >= 3:
        segments[-2] = MASK
    masked = (scheme + "://" if has_scheme else "") + authority + (slash + "/".join(segments))
    if sep:
        masked += "?" + _QUERY_VALUE.sub("=" + MASK, query) if "=" in query else "?" + MASK
    return masked


def redact(text: str, url: str) -> str:
    """Remove the key (and other secrets of ``url``) from any text, such as an FFmpeg error."""
    try:
        secrets = [parse_rtmp_url(url).key]
    except InvalidUrlError:
        secrets = []
    secrets += [url.strip()]
    for part in url.strip().split("?", 1)[0].split("/")[3:]:
        secrets.append(part)
    out = text.replace(url.strip(), mask_url(url))
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= 4 and secret not in mask_url(url):
            out = out.replace(secret, MASK)
    return out
