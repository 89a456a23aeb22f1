"""Relay mode: one upload per canvas to an nginx-rtmp relay that pushes it to every platform.

When the uplink cannot carry a stream per destination, the studio sends each canvas once to a
relay (a small server with a fat line) and the relay copies it to the platforms with nginx-rtmp
``push`` lines. :func:`relay_config` writes that server's configuration. It holds the stream
keys — it is the host's own file, for the relay host — so it must never be logged or shown in
a report; everything else here shows only masked URLs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from studio.outputs.urls import InvalidUrlError, mask_url, parse_rtmp_url
from studio.preflight.plan import PlannedDestination

DEFAULT_RELAY_PORT = 1935
RELAY_STREAM_NAME = "show"  # the relay pushes whatever it receives: the name is only a label
DEFAULT_APPLICATION = "show"  # for a canvas without a usable name
_APPLICATION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class RelayConfigError(ValueError):
    """The relay cannot be written as asked; the message never contains a key."""


def relay_application(canvas: str) -> str:
    """The relay application for a canvas: its name with only letters, digits, - and _."""
    name = _UNSAFE.sub("-", canvas.strip()).strip("-")[:64]
    return name or DEFAULT_APPLICATION


def relay_pushes(destinations: Sequence[PlannedDestination]) -> dict[str, list[str]]:
    """One relay application per canvas, pushing to that canvas's destinations (those with a
    stream key: a destination without one has nothing to push to)."""
    pushes: dict[str, list[str]] = {}
    for destination in destinations:
        if destination.url:
            pushes.setdefault(relay_application(destination.canvas), []).append(destination.url)
    return pushes


def relay_url(host: str, port: int, app: str, key: str = RELAY_STREAM_NAME) -> str:
    """Where the studio streams a canvas in relay mode: ``rtmp://host:port/app/key``."""
    shown_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"rtmp://{shown_host}:{port}/{app}/{key}"


def relay_config(
    pushes: Mapping[str, Sequence[str]],
    *,
    port: int = DEFAULT_RELAY_PORT,
    listen_address: str = "",
    allow_publish_from: Sequence[str] = (),
) -> str:
    """The ``rtmp { … }`` block of the relay's nginx.conf: one application per relay name
    (``pushes``' keys), each with one ``push`` line per destination URL (keys included).

    ``listen_address`` binds one address (all of them when empty); ``allow_publish_from``
    limits who may publish to the relay (anyone who knows its address otherwise could send
    a picture to the host's platforms). Raises :class:`RelayConfigError` for an application
    name nginx would not take, an empty relay, or a URL nginx-rtmp cannot push to."""
    if not pushes:
        raise RelayConfigError("The relay has no application: give at least one relay name.")
    listen = f"{listen_address}:{port}" if listen_address else str(port)
    lines = [
        "# LiveShop Studio relay: one upload in per application, one push per platform out.",
        "# Put this block at the top level of nginx.conf (not inside http { }) on the relay;",
        "# Debian/Ubuntu: apt install nginx libnginx-mod-rtmp, then nginx -t && nginx -s reload.",
        "# It holds your stream keys: keep this file private (chmod 600).",
        "rtmp {",
        "    server {",
        f"        listen {listen};",
        "        chunk_size 4096;",
    ]
    for name, urls in pushes.items():
        lines += ["", *_application(name, urls, allow_publish_from)]
    lines += ["    }", "}", ""]
    return "\n".join(lines)


def _application(name: str, urls: Sequence[str], allow_publish_from: Sequence[str]) -> list[str]:
    if not _APPLICATION_NAME.match(name):
        raise RelayConfigError(
            f"The relay name '{name}' cannot be an nginx application: use letters, digits, "
            "- and _ only (at most 64)."
        )
    if not urls:
        raise RelayConfigError(f"The relay '{name}' has no destination to push to.")
    body = ["live on;", "record off;", "drop_idle_publisher 10s;  # a dead upload frees it"]
    if allow_publish_from:
        body += [f"allow publish {_address(a)};" for a in allow_publish_from]
        body.append("deny publish all;")
    else:
        body.append("# Anyone may publish here: add  allow publish YOUR.IP; deny publish all;")
    body.append("deny play all;  # nobody watches the relay itself")
    body += [f"push {_push_target(url)};" for url in urls]
    return [f"        application {name} {{", *(" " * 12 + line for line in body), "        }"]


def _address(address: str) -> str:
    text = address.strip()
    if not re.fullmatch(r"[0-9A-Fa-f.:/]+|all", text):
        raise RelayConfigError(
            f"'{address}' is not an IP address or network for allow publish (like 203.0.113.7)."
        )
    return text


def _push_target(url: str) -> str:
    """The URL as one nginx token: quoted, so a key with ; # or spaces cannot break the file."""
    try:
        target = parse_rtmp_url(url)
    except InvalidUrlError as exc:
        raise RelayConfigError(f"A relay destination is not usable: {exc}") from None
    if target.scheme != "rtmp":
        raise RelayConfigError(
            f"nginx-rtmp cannot push to {mask_url(url)}: it speaks only rtmp://. Push to a "
            "local stunnel that forwards to the platform's rtmps:// server (see the README's "
            "Relay mode), or use a restreaming service for this destination."
        )
    text = target.raw
    if any(ord(char) < 0x20 or char in "\"\\'" for char in text):
        raise RelayConfigError(
            f"The destination {mask_url(url)} has a quote, backslash or control character "
            "that an nginx configuration cannot hold."
        )
    return f'"{text}"'
