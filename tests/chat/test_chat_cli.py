"""`studio chat listen` as a user runs it: a real process reading a real IRC server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.chat.helpers import wait_until
from tests.support.ircd import IrcServer

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
def test_listen_prints_messages_and_claims_as_json(irc_server: IrcServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with out.open("w") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "studio", "chat", "listen", "--irc", irc_server.url("#shop"),
             "--codes", "12:blue/M,15", "--blocked-words", "scam*", "--json", "--duration", "60"],
            stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip

    def lines() -> list[dict[str, Any]]:
        return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]

    try:
        wait_until(
            lambda: any(x.get("state") == "connected" for x in lines()), 20, "the CLI to join"
        )
        viewer = irc_server.client("erin")
        for text in ["is 12 still available?", "SOLD 12 BLUE/M", "scammer alert", "#15 x2"]:
            viewer.post(text)
            time.sleep(0.05)
        wait_until(lambda: sum(x["type"] == "message" for x in lines()) == 4, 15, "4 messages")
        viewer.close()
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    got = lines()
    messages = [x for x in got if x["type"] == "message"]
    claims = [x for x in got if x["type"] == "claim"]
    assert [m["text"] for m in messages] == [
        "is 12 still available?", "SOLD 12 BLUE/M", "scammer alert", "#15 x2"
    ]  # fmt: skip
    assert all(m["platform"] == "irc" and m["author"]["display_name"] == "erin" for m in messages)
    assert messages[0]["flags"] == ["question"]
    assert messages[2]["visible_on_stream"] is False
    assert [(c["code"], c["quantity"], c["variant_options"]) for c in claims] == [
        ("12", 1, ["blue", "M"]),
        ("15", 2, []),
    ]
    assert claims[0]["author"] == "erin" and claims[0]["message_id"] == messages[1]["id"]


def test_listen_without_a_source_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studio", "chat", "listen", "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "--irc" in result.stderr
