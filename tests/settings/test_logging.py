"""The log file masks stream keys and tokens in every record."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.logging_setup import (
    MASK,
    configure_logging,
    log_file_path,
    mask_secrets,
    register_secret,
    shutdown_logging,
)


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    configure_logging(tmp_path)
    try:
        yield tmp_path
    finally:
        shutdown_logging()


def test_urls_tokens_and_registered_secrets_are_masked_in_the_file(log_folder: Path) -> None:
    log = logging.getLogger("studio.outputs.test")
    register_secret("shpat_registered_9f8e7d")
    log.warning("pushing to rtmps://live-api-s.facebook.com:443/rtmp/FB-123456-abcdef now")
    log.info("chat login PASS %s", "oauth:abcd1234efgh5678")
    log.info("shop token shpat_registered_9f8e7d refreshed")
    try:
        raise ConnectionError("refused by rtmp://a.rtmp.youtube.com/live2/yt-key-5555")
    except ConnectionError:
        log.exception("connection failed")

    text = log_file_path(log_folder).read_text(encoding="utf-8")
    for secret in (
        "FB-123456-abcdef",
        "abcd1234efgh5678",
        "shpat_registered_9f8e7d",
        "yt-key-5555",
    ):
        assert secret not in text
    assert f"rtmps://live-api-s.facebook.com:443/rtmp/{MASK}" in text
    assert f"oauth:{MASK}" in text
    assert f"rtmp://a.rtmp.youtube.com/live2/{MASK}" in text  # inside the traceback too


def test_mask_keeps_what_is_not_secret() -> None:
    assert mask_secrets("server rtmp://a.rtmp.youtube.com/live2") == (
        "server rtmp://a.rtmp.youtube.com/live2"
    )
    assert mask_secrets("rtmp://h/app/key?token=abc") == f"rtmp://h/app/{MASK}?{MASK}"
    assert mask_secrets("Authorization: Bearer eyJhbGciOi.x.y") == f"Authorization: Bearer {MASK}"
    assert mask_secrets('{"access_token": "s3cr3t-value"}') == f'{{"access_token": "{MASK}"}}'


def test_log_file_path_points_into_the_configured_folder(log_folder: Path) -> None:
    assert log_file_path() == log_folder / "studio.log"
