"""The two YouTube Data API calls the chat needs besides polling: posting a reply
(``liveChatMessages.insert``) and finding a video's live chat (``videos.list``).

Both answer a value or raise :class:`ChatError` with a reason and a sentence for the host;
the caller masks the credential (it never appears in a URL here: it travels in a header).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.chat.connector import ChatError, ChatErrorReason

if TYPE_CHECKING:
    import requests

MAX_MESSAGE_CHARS = 200  # YouTube refuses longer chat messages
_QUOTA_REASONS = {"quotaExceeded", "rateLimitExceeded", "dailyLimitExceeded"}


def error_reason(response: requests.Response) -> str:
    """The ``error.errors[0].reason`` of an error answer ("quotaExceeded"…), or ""."""
    try:
        error = response.json().get("error", {})
        errors = error.get("errors") or [{}]
        return str(errors[0].get("reason") or error.get("status") or "")
    except (ValueError, AttributeError, IndexError, TypeError):
        return ""


def auth_headers(credential: str) -> dict[str, str]:
    """An API key ("AIza…" or "key:…") as X-Goog-Api-Key, anything else as an OAuth bearer."""
    if credential.startswith("key:"):
        return {"X-Goog-Api-Key": credential[4:]}
    if credential.startswith("AIza"):
        return {"X-Goog-Api-Key": credential}
    return {"Authorization": f"Bearer {credential.removeprefix('bearer:')}"}


def is_oauth_token(credential: str | None) -> bool:
    """Posting needs an account (OAuth token); an API key only reads."""
    return bool(credential) and "X-Goog-Api-Key" not in auth_headers(credential or "")


def insert_message(
    api_base_url: str, credential: str, live_chat_id: str, text: str, timeout_s: float
) -> dict[str, Any]:
    """Post ``text`` to the live chat; the created liveChatMessage resource."""
    import requests  # on first use: start-up stays light

    body: dict[str, Any] = {
        "snippet": {
            "liveChatId": live_chat_id,
            "type": "textMessageEvent",
            "textMessageDetails": {"messageText": text[:MAX_MESSAGE_CHARS]},
        }
    }
    try:
        response = requests.post(
            f"{api_base_url.rstrip('/')}/liveChat/messages",
            params={"part": "snippet,authorDetails"},
            json=body,
            headers=auth_headers(credential),
            timeout=timeout_s,
        )
    except requests.RequestException as error:
        raise ChatError(
            ChatErrorReason.SEND_FAILED,
            f"The reply did not reach YouTube ({type(error).__name__}).",
        ) from None
    if response.status_code == 200:
        try:
            created = response.json()
        except ValueError:
            created = {}
        return created if isinstance(created, dict) else {}
    reason = error_reason(response)
    code = response.status_code
    if code in (403, 429) and reason in _QUOTA_REASONS:
        raise ChatError(
            ChatErrorReason.QUOTA_EXCEEDED,
            f"YouTube's API quota is used up ({reason}): the reply was not posted.",
        )
    if code in (401, 403):
        raise ChatError(
            ChatErrorReason.AUTH_FAILED,
            f"YouTube refused the reply ({reason or code}): connect an account that may post "
            "in this chat in Settings → Chat.",
        )
    raise ChatError(
        ChatErrorReason.SEND_FAILED, f"YouTube did not take the reply ({reason or code})."
    )


def active_live_chat_id(
    session: requests.Session, api_base_url: str, video_id: str, timeout_s: float
) -> str | None:
    """The live chat of ``video_id`` while it is live; None while it has none (not live yet,
    or already over). Raises ChatError for a refused credential, an unknown video or an
    unreachable API (reason CONNECT_FAILED or SERVER_ERROR: worth trying again)."""
    import requests  # on first use: start-up stays light

    try:
        response = session.get(
            f"{api_base_url.rstrip('/')}/videos",
            params={"part": "liveStreamingDetails", "id": video_id},
            timeout=timeout_s,
        )
    except requests.RequestException as error:
        raise ChatError(
            ChatErrorReason.CONNECT_FAILED, f"YouTube is unreachable ({type(error).__name__})."
        ) from None
    code = response.status_code
    if code in (401, 403) and error_reason(response) not in _QUOTA_REASONS:
        raise ChatError(
            ChatErrorReason.AUTH_FAILED,
            f"YouTube refused the API key or account ({error_reason(response) or code}): "
            "check it in Settings → Chat.",
        )
    if code != 200:
        raise ChatError(ChatErrorReason.SERVER_ERROR, f"YouTube answered {code}.")
    try:
        items = response.json().get("items") or []
    except (ValueError, AttributeError):
        raise ChatError(
            ChatErrorReason.SERVER_ERROR, "YouTube sent an answer that is not JSON."
        ) from None
    if not items:
        raise ChatError(ChatErrorReason.CHAT_NOT_FOUND, f"There is no YouTube video {video_id}.")
    details = items[0].get("liveStreamingDetails") or {}
    chat_id = details.get("activeLiveChatId")
    return str(chat_id) if chat_id else None
