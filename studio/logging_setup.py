"""The app's log: a rotating file in the user log folder, with every secret masked.

The mask runs as a filter on our handlers (a filter on a logger would miss records that
propagate from child loggers), and covers the message, its arguments and any traceback.
Core module: no Qt, so the CLI and the tests use the same logging as the window.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

from studio.data_folder import user_folders

LOG_FILE_NAME = "studio.log"
MASK = "••••"
MIN_SECRET_LENGTH = 4  # shorter "secrets" would mask ordinary words

# The last path segment of an rtmp(s) URL is the stream key: rtmp://host/app/KEY → app/••••.
_RTMP_KEY = re.compile(r"(?P<head>rtmps?://[^\s/'\"<>]+/(?:[^\s/'\"<>?]+/)+)(?P<key>[^\s/'\"<>?]+)")
_RTMP_QUERY = re.compile(r"(?P<head>rtmps?://[^\s'\"<>?]+\?)(?P<query>[^\s'\"<>]+)", re.IGNORECASE)
_OAUTH = re.compile(r"(?P<head>oauth:)(?P<key>[A-Za-z0-9_\-.]+)", re.IGNORECASE)
_BEARER = re.compile(r"(?P<head>\bBearer\s+)(?P<key>[A-Za-z0-9_\-.~+/=]+)", re.IGNORECASE)
_NAMED = re.compile(
    r"(?P<head>\b(?:access[_-]?token|api[_-]?key|stream[_-]?key|password|secret|token)"
    r"[\"']?\s*[:=]\s*[\"']?)(?P<key>[^\s\"'&,;]+)",
    re.IGNORECASE,
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask ``value`` wherever it appears in a log record from now on (a key read from the
    keyring, a token pasted by the user)."""
    if value and len(value.strip()) >= MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(value.strip())


def mask_secrets(text: str) -> str:
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:  # longest first, so a key containing another is masked whole
        text = text.replace(secret, MASK)
    text = _RTMP_KEY.sub(lambda m: m["head"] + MASK, text)
    text = _RTMP_QUERY.sub(lambda m: m["head"] + MASK, text)
    for pattern in (_OAUTH, _BEARER, _NAMED):
        text = pattern.sub(lambda m: m["head"] + MASK, text)
    return text


class SecretMaskingFilter(logging.Filter):
    """Rewrites each record so the formatted message and traceback carry no secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what we can, masked
            message = f"{record.msg} {record.args}"
        record.msg, record.args = mask_secrets(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info)
        return True


def default_log_folder() -> Path:
    return user_folders().logs


_log_folder: Path | None = None


def log_file_path(folder: Path | None = None) -> Path:
    """The current log file (for Help → Open log file)."""
    return (folder or _log_folder or default_log_folder()) / LOG_FILE_NAME


def configure_logging(
    folder: Path | None = None,
    level: int = logging.INFO,
    max_bytes: int = 2_000_000,
    backup_count: int = 5,
    console: bool = False,
) -> Path:
    """Send the root logger to a rotating file in ``folder`` (default: the user log folder);
    returns the file's path. Calling again replaces the handlers installed before."""
    global _log_folder
    target = folder or default_log_folder()
    target.mkdir(parents=True, exist_ok=True)
    _log_folder = target
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_liveshop", False)]:
        root.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter(
        "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
    )
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(
            target / LOG_FILE_NAME, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
        )
    ]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(SecretMaskingFilter())
        handler._liveshop = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return target / LOG_FILE_NAME


def shutdown_logging() -> None:
    """Close our handlers (tests, and the app's clean exit)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_liveshop", False)]:
        root.removeHandler(handler)
        handler.close()
