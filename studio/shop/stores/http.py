"""JSON over HTTP for the store connectors: timeouts, typed failures and retries with back-off.

Bodies are decoded with ``parse_float=Decimal``, so a price a store sends as a JSON number never
becomes a float. No message built here contains a URL, a header or a body: only the store's
name, the HTTP status and the kind of failure, so a token cannot leak through them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from studio.shop.stores.errors import StoreError, StoreErrorReason

if TYPE_CHECKING:
    import requests

Sleep = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Back-off for retryable failures: 1 s, 2 s, 4 s … (at most ``max_delay_s``)."""

    max_attempts: int = 4
    initial_delay_s: float = 1.0
    factor: float = 2.0
    max_delay_s: float = 30.0

    def delay_s(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt`` (1-based)."""
        return min(self.initial_delay_s * self.factor ** (attempt - 1), self.max_delay_s)


@dataclass(frozen=True, slots=True)
class JsonResponse:
    status: int
    headers: Mapping[str, str]
    body: Any


class JsonHttp:
    """Requests to one store through one session; ``sleep`` is injectable for tests."""

    def __init__(
        self,
        store_name: str,
        session: requests.Session,
        *,
        timeout_s: float,
        policy: RetryPolicy,
        sleep: Sleep,
        auth_sentence: str,
    ) -> None:
        self.store_name = store_name
        self.session = session
        self.timeout_s = timeout_s
        self.policy = policy
        self.sleep = sleep
        self.auth_sentence = auth_sentence
        self.requests_sent = 0

    def request(self, method: str, url: str, **options: Any) -> JsonResponse:
        """One call, retried with back-off while the failure is retryable."""
        attempt = 1
        while True:
            try:
                return self.request_once(method, url, **options)
            except StoreError as error:
                if not error.retryable or attempt >= self.policy.max_attempts:
                    raise
                delay_s = self.policy.delay_s(attempt)
                if error.retry_after_s is not None:
                    delay_s = max(delay_s, error.retry_after_s)
                self.sleep(delay_s)
                attempt += 1

    def request_once(self, method: str, url: str, **options: Any) -> JsonResponse:
        import requests  # on first use: start-up stays light

        self.requests_sent += 1
        name = self.store_name
        try:
            response = self.session.request(method, url, timeout=self.timeout_s, **options)
        except requests.Timeout:
            raise StoreError(
                StoreErrorReason.TIMEOUT, f"{name} did not answer within {self.timeout_s:g} s."
            ) from None
        except requests.RequestException as error:
            raise StoreError(
                StoreErrorReason.UNREACHABLE,
                f"{name} could not be reached ({type(error).__name__}).",
            ) from None
        status = response.status_code
        if status in (401, 403):
            raise StoreError(
                StoreErrorReason.AUTH_REFUSED, f"{self.auth_sentence} (HTTP {status})."
            )
        if status == 429:
            raise StoreError(
                StoreErrorReason.RATE_LIMITED,
                f"{name} asks us to slow down (HTTP 429).",
                retry_after_s=_retry_after_s(response.headers.get("Retry-After")),
            )
        if status >= 500:
            raise StoreError(
                StoreErrorReason.SERVER_ERROR, f"{name} had a server error ({status})."
            )
        if status == 404:
            raise StoreError(
                StoreErrorReason.REQUEST_REFUSED,
                f"{name} answered 'not found' (HTTP 404): check the shop address.",
            )
        if status >= 400:
            raise StoreError(
                StoreErrorReason.REQUEST_REFUSED, f"{name} refused the request (HTTP {status})."
            )
        try:
            body = json.loads(response.content, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError):
            raise StoreError(
                StoreErrorReason.MALFORMED, f"{name} sent an answer that is not valid JSON."
            ) from None
        return JsonResponse(status, response.headers, body)


def _retry_after_s(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
