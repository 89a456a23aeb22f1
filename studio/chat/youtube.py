"""YouTube live chat: ``liveChatMessages.list`` polled page by page on a worker thread.

Waits at least ``pollingIntervalMillis`` between polls, ends at ``offlineAt``, reports a used-up
quota (HTTP 403 ``quotaExceeded``) as a clear error and polls again only after a long back-off,
retries 5xx with back-off (1 s ×2 up to 30 s). The API key (or an OAuth access token) comes with
the settings (the show reads it from the keyring) and travels in a header, never in the URL.
Given a video id instead of a live chat id, the worker first asks for the video's active live
chat (and keeps asking with back-off until the stream is live). With an OAuth token (not an API
key) replies are posted with ``liveChatMessages.insert``; a refused reply is a status, never an
exception.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Self

from studio.chat.address import YOUTUBE_VIDEO_ID, ChatAddress
from studio.chat.connector import (
    Backoff,
    ChatConnector,
    ChatError,
    ChatErrorReason,
    ChatState,
)
from studio.chat.message import ChatAuthor, ChatMessage, MessageFlag, Platform, make_message
from studio.chat.registry import register_connector
from studio.chat.secrets import mask
from studio.chat.youtube_api import (
    active_live_chat_id,
    auth_headers,
    error_reason,
    insert_message,
    is_oauth_token,
)

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

YOUTUBE_API = "https://www.googleapis.com/youtube/v3"
_QUOTA_REASONS = {
    "quotaExceeded",
    "rateLimitExceeded",
    "dailyLimitExceeded",
    "userRateLimitExceeded",
}
_ENDED_REASONS = {"liveChatEnded", "liveChatNotFound", "liveChatDisabled"}


@dataclass(frozen=True, slots=True)
class YouTubeSettings:
    live_chat_id: str = ""  # empty: the active live chat of ``video_id``
    video_id: str = ""
    api_base_url: str = YOUTUBE_API
    credential: str | None = None  # None: from the keyring; "AIza…"/"key:…" key, else a token
    max_results: int = 200
    min_poll_interval_s: float = 0.0  # on top of what YouTube asks for
    quota_backoff_s: float = 60.0  # first pause after quotaExceeded, doubling up to 15 min
    initial_backoff_s: float = 1.0
    max_backoff_s: float = 30.0
    request_timeout_s: float = 10.0


def message_from_item(item: dict[str, Any], live_chat_id: str) -> ChatMessage | None:
    """One ``items[]`` entry as a chat message; None for events that carry no text."""
    snippet = item.get("snippet") or {}
    details = item.get("authorDetails") or {}
    text = snippet.get("displayMessage")
    if not isinstance(text, str) or not item.get("id"):
        return None
    kind = str(snippet.get("type", ""))
    badges = tuple(
        name
        for name, on in (
            ("owner", details.get("isChatOwner")),
            ("moderator", details.get("isChatModerator")),
            ("sponsor", details.get("isChatSponsor")),
            ("verified", details.get("isVerified")),
        )
        if on
    )
    time = None
    try:
        time = datetime.fromisoformat(str(snippet.get("publishedAt", "")).replace("Z", "+00:00"))
    except ValueError:
        pass
    tags = {"type": kind}
    flags: set[MessageFlag] = set()
    super_chat = snippet.get("superChatDetails")
    if isinstance(super_chat, dict):
        flags.add(MessageFlag.SUPER_CHAT)
        tags["amount"] = str(super_chat.get("amountDisplayString", ""))
    channel_id = str(details.get("channelId", ""))
    return make_message(
        id=str(item["id"]),
        platform=Platform.YOUTUBE,
        channel=live_chat_id,
        author=ChatAuthor(
            display_name=str(details.get("displayName") or channel_id),
            id=channel_id,
            badges=badges,
            is_moderator=bool(details.get("isChatModerator")),
            is_owner=bool(details.get("isChatOwner")),
        ),
        text=text,
        time=time,
        flags=frozenset(flags),
        raw_tags=tags,
    )


@register_connector
class YouTubeChat(ChatConnector):
    kind = "youtube"
    platform = Platform.YOUTUBE
    can_send = True  # with an OAuth token; see can_send_now
    Settings = YouTubeSettings

    def __init__(self, settings: YouTubeSettings) -> None:
        if not (settings.live_chat_id or settings.video_id):
            raise ChatError(
                ChatErrorReason.INVALID_SETTINGS, "YouTube chat needs a live chat id or a video."
            )
        self.settings = settings
        self.live_chat_id = settings.live_chat_id  # found from video_id by the worker
        self._credential = settings.credential
        self._send_lock = threading.Lock()  # one reply at a time, in order
        super().__init__()
        self.polls = 0

    @classmethod
    def for_address(
        cls,
        address: ChatAddress,
        *,
        nick: str,
        token: str | None,
        api_base_url: str | None,
    ) -> Self:
        """Polls the live chat ``address`` names (or the live chat of the video it names) with
        ``token``, an API key (``key:…``, reads) or an OAuth token (reads and answers), at
        ``api_base_url`` (None: Google's). No token is an error here: the keyring is read
        by whoever calls, never from the chat package."""
        if not token:
            raise ChatError(
                ChatErrorReason.AUTH_FAILED,
                f"{address} needs a YouTube API key or account token.",
            )
        is_video = YOUTUBE_VIDEO_ID.fullmatch(address.target) is not None
        return cls(
            YouTubeSettings(
                live_chat_id="" if is_video else address.target,
                video_id=address.target if is_video else "",
                api_base_url=api_base_url or YOUTUBE_API,
                credential=token,
            )
        )

    @property
    def display_name(self) -> str:
        return f"youtube:{self.settings.live_chat_id or self.settings.video_id}"

    @property
    def can_send_now(self) -> bool:
        return (
            is_oauth_token(self._credential)
            and bool(self.live_chat_id)
            and self._status.state not in (ChatState.ENDED, ChatState.FAILED)
        )

    def send(self, text: str) -> bool:
        """Post a reply (blocking for one HTTP request: call it off the UI thread). False, with
        the reason as a status, when YouTube refuses it or there is no account to post as."""
        text = " ".join(text.split())
        credential, chat_id = self._credential, self.live_chat_id
        if not text or not chat_id or not is_oauth_token(credential):
            return False
        assert credential is not None
        with self._send_lock:
            try:
                created = insert_message(
                    self.settings.api_base_url, credential, chat_id, text,
                    self.settings.request_timeout_s,
                )  # fmt: skip
            except ChatError as error:
                # The chat itself goes on: keep the state, tell the host why the reply failed.
                self._set_status(
                    self._status.state, error.reason, mask(error.message, [credential])
                )
                return False
        if self._feed is not None:
            # YouTube will list it again with the next page; the same id makes that a duplicate.
            # Marked as the host's line so comment-to-buy never reads our reply as a claim.
            created.setdefault("id", f"sent-{uuid.uuid4().hex[:12]}")
            created.setdefault("snippet", {})["displayMessage"] = text
            created.setdefault("authorDetails", {"displayName": "host"})
            message = message_from_item(created, chat_id)
            if message is not None:
                author = replace(message.author, is_owner=True)
                self._deliver(replace(message, author=author))
        return True

    def _run(self) -> None:
        import requests  # on first use: start-up stays light

        credential = self.settings.credential
        self._credential = credential
        if not credential:
            self._set_status(
                ChatState.FAILED,
                ChatErrorReason.AUTH_FAILED,
                "No YouTube API key or account is saved: connect YouTube in the settings.",
            )
            return
        with requests.Session() as session:
            session.headers.update(auth_headers(credential))
            if not self.live_chat_id and not self._find_live_chat(session, credential):
                return
            self._poll_loop(session, credential)

    def _find_live_chat(self, session: requests.Session, credential: str) -> bool:
        """Wait for the video's live chat; False when stopped or when it cannot work."""
        s = self.settings
        backoff = Backoff(s.initial_backoff_s, 2.0, s.max_backoff_s)
        self._set_status(ChatState.CONNECTING)
        while not self._stop.is_set():
            try:
                chat_id = active_live_chat_id(
                    session, s.api_base_url, s.video_id, s.request_timeout_s
                )
            except ChatError as error:
                message = mask(error.message, [credential])
                if error.reason in (ChatErrorReason.AUTH_FAILED, ChatErrorReason.CHAT_NOT_FOUND):
                    self._set_status(ChatState.FAILED, error.reason, message)
                    return False
                self._retry(backoff, error.reason, message)
                continue
            if chat_id:
                self.live_chat_id = chat_id
                return True
            self._retry(
                backoff,
                ChatErrorReason.CHAT_NOT_FOUND,
                f"YouTube video {s.video_id} has no live chat yet (is the stream live?).",
            )
        return False

    def _poll_loop(self, session: requests.Session, credential: str) -> None:
        import requests  # on first use: start-up stays light

        s = self.settings
        url = f"{s.api_base_url.rstrip('/')}/liveChat/messages"
        backoff = Backoff(s.initial_backoff_s, 2.0, s.max_backoff_s)
        quota_backoff = Backoff(s.quota_backoff_s, 2.0, max(s.quota_backoff_s, 900.0))
        page_token: str | None = None
        self._set_status(ChatState.CONNECTING)
        while not self._stop.is_set():
            params = {
                "liveChatId": self.live_chat_id,
                "part": "snippet,authorDetails",
                "maxResults": str(s.max_results),
            }
            if page_token:
                params["pageToken"] = page_token
            self.polls += 1
            try:
                response = session.get(url, params=params, timeout=s.request_timeout_s)
            except requests.RequestException as error:
                self._retry(
                    backoff,
                    ChatErrorReason.CONNECT_FAILED,
                    mask(f"YouTube chat is unreachable ({type(error).__name__}).", [credential]),
                )
                continue
            try:
                wait_s = self._handle(response, backoff, quota_backoff)
            except ChatError as error:
                state = (
                    ChatState.ENDED
                    if error.reason is ChatErrorReason.CHAT_ENDED
                    else ChatState.FAILED
                )
                self._set_status(state, error.reason, mask(error.message, [credential]))
                return
            if wait_s is None:  # a page arrived
                body = response.json()
                page_token = body.get("nextPageToken") or page_token
                if body.get("offlineAt"):
                    self._set_status(
                        ChatState.ENDED, ChatErrorReason.CHAT_ENDED, "The live chat has ended."
                    )
                    return
                interval_ms = body.get("pollingIntervalMillis") or 0
                try:
                    wait_s = max(float(interval_ms) / 1000.0, s.min_poll_interval_s)
                except (TypeError, ValueError):
                    wait_s = max(1.0, s.min_poll_interval_s)
            self._stop.wait(wait_s)

    def _retry(self, backoff: Backoff, reason: ChatErrorReason, message: str) -> None:
        delay_s = backoff.next_delay_s()
        self._set_status(ChatState.RECONNECTING, reason, message, retry_in_s=delay_s)
        self._stop.wait(delay_s)

    def _handle(
        self, response: requests.Response, backoff: Backoff, quota_backoff: Backoff
    ) -> float | None:
        """None when a page was delivered, else how long to wait before the next try."""
        code = response.status_code
        if code == 200:
            try:
                body = response.json()
                items = body.get("items") or []
            except (ValueError, AttributeError):
                delay_s = backoff.next_delay_s()
                self._set_status(
                    ChatState.RECONNECTING,
                    ChatErrorReason.SERVER_ERROR,
                    "YouTube sent a page that is not JSON; trying again.",
                    retry_in_s=delay_s,
                )
                return delay_s
            for item in items:
                message = (
                    message_from_item(item, self.live_chat_id) if isinstance(item, dict) else None
                )
                if message is not None:
                    self._deliver(message)
                if isinstance(item, dict) and (item.get("snippet") or {}).get("type") == (
                    "chatEndedEvent"
                ):
                    raise ChatError(ChatErrorReason.CHAT_ENDED, "The live chat has ended.")
            backoff.reset()
            quota_backoff.reset()
            if self._status.state is not ChatState.CONNECTED:
                self._set_status(ChatState.CONNECTED)
            return None
        reason = error_reason(response)
        if code in (403, 429) and reason in _QUOTA_REASONS:
            delay_s = quota_backoff.next_delay_s()
            self._set_status(
                ChatState.RECONNECTING,
                ChatErrorReason.QUOTA_EXCEEDED,
                f"YouTube's API quota is used up ({reason}); chat polling pauses for "
                f"{delay_s:.0f} s.",
                retry_in_s=delay_s,
            )
            return delay_s
        if reason in _ENDED_REASONS or code == 404:
            raise ChatError(
                ChatErrorReason.CHAT_ENDED
                if reason == "liveChatEnded"
                else ChatErrorReason.CHAT_NOT_FOUND,
                f"YouTube live chat {self.live_chat_id} is not available ({reason or code}).",
            )
        if code in (401, 403):
            raise ChatError(
                ChatErrorReason.AUTH_FAILED,
                f"YouTube refused the API key or account ({reason or code}): "
                "check it in the settings.",
            )
        if code >= 500 or code == 429:
            delay_s = backoff.next_delay_s()
            self._set_status(
                ChatState.RECONNECTING,
                ChatErrorReason.SERVER_ERROR,
                f"YouTube answered {code}; trying again in {delay_s:.0f} s.",
                retry_in_s=delay_s,
            )
            return delay_s
        raise ChatError(ChatErrorReason.SERVER_ERROR, f"YouTube answered {code} ({reason}).")
