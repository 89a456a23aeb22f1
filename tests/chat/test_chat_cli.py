"""`studio chat listen` as a user runs it: a real process reading a real IRC server, every
claim tried in a practice show."""

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

from studio.shop import Catalog, Ledger, Money, Product, Variant
from tests.chat.helpers import wait_until
from tests.support.ircd import IrcServer

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
def test_listen_prints_messages_and_claims_as_json(irc_server: IrcServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with out.open("w") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "studio", "chat", "listen", "--irc", irc_server.url("#shop"),
             "--codes", "12:blue/M,15", "--blocked-words", "scam*", "--json", "--duration", "60",
             "--catalog", str(tmp_path / "empty.sqlite")],
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
    # Codes the catalog does not have are still read, and said to be unknown.
    assert [c["outcome"] for c in claims] == ["unknown_code", "unknown_code"]
    assert got.index(claims[0]) == got.index(messages[1]) + 1  # each claim under its message


def test_listen_without_a_source_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studio", "chat", "listen", "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "--irc" in result.stderr and "--chat" in result.stderr


def test_a_bad_chat_address_is_a_usage_error_naming_it() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studio", "chat", "listen", "--chat", "irc://127.0.0.1:1/#shop",
         "--chat", "discord:shop", "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "'discord:shop' is not a chat address" in result.stderr
    assert "twitch:CHANNEL" in result.stderr and result.stdout == ""


def practice_catalog(path: Path) -> Path:
    with Catalog.open(path) as catalog:
        catalog.add(Product(id="mug", code="12", title="Mug", price=Money.of("14.50", "USD"),
                            stock=1))  # fmt: skip
        catalog.add(
            Product(
                id="tee", code="15", title="Tee", price=Money.of("20.00", "USD"),
                variants=[
                    Variant(sku="TEE-BM", options={"Colour": "Blue", "Size": "M"}, stock=1),
                    Variant(sku="TEE-RS", options={"Colour": "Red", "Size": "S"}, stock=1),
                ],
            )
        )  # fmt: skip
    return path


def stock_of(path: Path) -> dict[str, object]:
    with Catalog.open(path) as catalog:
        return {p.id: (p.stock, [v.stock for v in p.variants]) for p in catalog.products()}


@pytest.mark.e2e
def test_listen_is_a_practice_show_claims_get_outcomes_and_no_stock_is_taken(
    irc_server: IrcServer, tmp_path: Path
) -> None:
    db = practice_catalog(tmp_path / "catalog.sqlite")
    before = stock_of(db)
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "studio", "chat", "listen", "--chat", irc_server.url("#shop"),
             "--catalog", str(db), "--codes", "99", "--show", str(run_of_show(tmp_path)),
             "--duration", "60"],
            stdout=stdout, stderr=stderr, text=True, cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
    try:
        wait_until(lambda: ": connected" in err.read_text(), 20, "the CLI to join")
        posts = [("ann", "SOLD 12"), ("bob", "sold 12"), ("cat", "SOLD 15"), ("dan", "SOLD 99")]
        for nick, text in posts:
            viewer = irc_server.client(nick)
            viewer.post(text)
            wait_until(lambda v=viewer: f"by {v.nick} —" in out.read_text(), 15, f"{nick}'s claim")
            viewer.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
    assert process.returncode == 0, err.read_text()
    lines = out.read_text().splitlines()
    assert lines == [
        "[irc] ann: SOLD 12", "  → claim: 12 ×1 by ann — sold",
        "[irc] bob: sold 12", "  → claim: 12 ×1 by bob — waitlisted",
        "[irc] cat: SOLD 15", "  → claim: 15 ×1 by cat — pending (#15: which variant?)",
        "[irc] dan: SOLD 99", "  → claim: 99 ×1 by dan — unknown_code",
    ]  # fmt: skip
    assert stock_of(db) == before  # practice: the catalog's stock is untouched
    with Catalog.open(db) as catalog:
        assert Ledger(catalog).shows() == []  # and no show was started in its ledger


def run_of_show(tmp_path: Path) -> Path:
    """The mug and the tee, by id and by show code."""
    path = tmp_path / "run.json"
    segments = [{"product": "mug", "planned_minutes": 2}, {"product": "15", "planned_minutes": 2}]
    path.write_text(json.dumps({"format_version": 1, "segments": segments}))
    return path
