"""Store connector problems as values: a typed reason, a sentence for the host, masked secrets."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from studio.logging_setup import MASK, mask_secrets


class StoreErrorReason(StrEnum):
    NO_CREDENTIALS = "no_credentials"  # nothing saved in the keyring
    INVALID_SETTINGS = "invalid_settings"  # a shop name or address we cannot use
    AUTH_REFUSED = "auth_refused"  # HTTP 401/403, or a GraphQL ACCESS_DENIED
    UNREACHABLE = "unreachable"  # connection refused, DNS, TLS
    TIMEOUT = "timeout"  # no answer within the request timeout
    SERVER_ERROR = "server_error"  # HTTP 5xx
    RATE_LIMITED = "rate_limited"  # HTTP 429, or Shopify THROTTLED after every retry
    REQUEST_REFUSED = "request_refused"  # another HTTP 4xx (404: wrong address)
    MALFORMED = "malformed"  # not JSON, or JSON without the fields we need
    QUERY_FAILED = "query_failed"  # GraphQL errors other than throttling / access
    STOPPED = "stopped"  # stop() was called while waiting


# Problems the user must fix; polling pauses instead of retrying (no retry storm).
FATAL_REASONS = frozenset(
    {StoreErrorReason.NO_CREDENTIALS, StoreErrorReason.INVALID_SETTINGS,
     StoreErrorReason.AUTH_REFUSED}
)  # fmt: skip
# Problems that may pass by themselves; the request is retried with back-off.
RETRYABLE_REASONS = frozenset(
    {StoreErrorReason.UNREACHABLE, StoreErrorReason.TIMEOUT, StoreErrorReason.SERVER_ERROR,
     StoreErrorReason.RATE_LIMITED}
)  # fmt: skip


class StoreError(Exception):
    """One failed store call. ``message`` is a sentence for the host, with secrets masked."""

    def __init__(
        self, reason: StoreErrorReason, message: str, *, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.retry_after_s = retry_after_s

    @property
    def fatal(self) -> bool:
        return self.reason in FATAL_REASONS

    @property
    def retryable(self) -> bool:
        return self.reason in RETRYABLE_REASONS


def masked(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with the given secrets, every registered secret and token shapes replaced."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return mask_secrets(text)
