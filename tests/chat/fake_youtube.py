"""A local stand-in for the YouTube Data API's liveChat/messages, answering from a script."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import keyring
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


def item(n: int, text: str, author: str = "Viewer", **details: Any) -> dict[str, Any]:
    return {
        "kind": "youtube#liveChatMessage",
        "id": f"LCC.msg{n}",
        "snippet": {
            "type": "textMessageEvent",
            "liveChatId": "CHAT1",
            "publishedAt": f"2026-03-01T18:00:{n:02d}.5Z",
            "hasDisplayContent": True,
            "displayMessage": text,
        },
        "authorDetails": {
            "channelId": f"UC{author}",
            "displayName": author,
            "isChatModerator": False,
            "isChatOwner": False,
            "isChatSponsor": False,
            **details,
        },
    }


def page(items: list[dict[str, Any]], token: str, interval_ms: int = 200, **extra: Any) -> Any:
    return (
        200,
        {"kind": "youtube#liveChatMessageListResponse", "nextPageToken": token,
         "pollingIntervalMillis": interval_ms, "items": items, **extra},
    )  # fmt: skip


def error(code: int, reason: str) -> Any:
    return (code, {"error": {"code": code, "message": reason, "errors": [{"reason": reason}]}})


class FakeYouTube:
    """Serves ``responses`` to liveChat/messages polls in order (the last one repeats) and
    records every request; ``videos`` answers videos.list the same way, and ``inserts``
    answers liveChatMessages.insert (POST), whose bodies land in ``posted``."""

    def __init__(
        self,
        responses: list[Any],
        *,
        videos: list[Any] | None = None,
        inserts: list[Any] | None = None,
    ) -> None:
        self.responses = responses
        self.videos = videos or [(404, {})]
        self.inserts = inserts or [(200, {})]
        self.requests: list[tuple[float, dict[str, str], dict[str, str]]] = []
        self.video_requests: list[dict[str, str]] = []
        self.posted: list[tuple[dict[str, str], dict[str, str], Any]] = []  # query, headers, body
        fake = self

        def answer(handler: BaseHTTPRequestHandler, code: int, body: Any) -> None:
            data = json.dumps(body).encode()
            handler.send_response(code)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                fake.posted.append((query, dict(self.headers), body))
                answer(self, *fake.inserts[min(len(fake.posted), len(fake.inserts)) - 1])

            def do_GET(self) -> None:
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                if urlsplit(self.path).path.endswith("/videos"):
                    fake.video_requests.append(query)
                    index = min(len(fake.video_requests), len(fake.videos)) - 1
                    answer(self, *fake.videos[index])
                    return
                fake.requests.append((time.monotonic(), query, dict(self.headers)))
                index = min(len(fake.requests), len(fake.responses)) - 1
                code, body = fake.responses[index]
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/youtube/v3"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(2)


def use_memory_keyring(secret: str | None) -> MemoryKeyring:
    backend = MemoryKeyring()
    if secret:
        backend.set_password("LiveShop Studio", "youtube", secret)
    keyring.set_keyring(backend)
    return backend


def video(chat_id: str | None) -> Any:
    """A videos.list answer for a live video (``chat_id`` None: not live yet)."""
    details = {"activeLiveChatId": chat_id} if chat_id else {}
    return (200, {"items": [{"id": "VIDEO", "liveStreamingDetails": details}]})


def inserted(n: int, text: str) -> Any:
    """What liveChatMessages.insert answers: the created message."""
    created = item(n, text, "ShopBot")
    return (200, created)
