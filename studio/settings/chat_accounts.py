"""Settings → Chat: which platforms' live chat the studio reads, and how it answers.

Only names, channels and URLs are kept here. The Twitch OAuth token and the YouTube OAuth token
or API key live in the system keyring (:class:`~studio.settings.secrets.SecretStore` tokens
named by the ``*_TOKEN`` constants below), never in the settings file.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from studio.chat.address import (
    TWITCH_LOGIN,
    YOUTUBE_LIVE_CHAT_ID,
    YOUTUBE_VIDEO_ID,
    parse_irc_url,
)
from studio.chat.claim_replies import DEFAULT_REPLY
from studio.chat.connector import ChatError

TWITCH_TOKEN = "twitch"  # OAuth token of the bot account ("oauth:" prefix optional)
YOUTUBE_TOKEN = "youtube"  # OAuth access token: reads and sends
YOUTUBE_API_KEY = "youtube-api-key"  # API key: reads only
CHAT_TOKENS = (TWITCH_TOKEN, YOUTUBE_TOKEN, YOUTUBE_API_KEY)

_MODEL = ConfigDict(extra="forbid", frozen=True)
# The fields a reply template may use (see CommentToBuy), with sample values to try it on.
_REPLY_FIELDS = {
    "name": "Ann",
    "code": "12",
    "quantity": 1,
    "title": "Mug",
    "variant": "Blue",
    "url": "https://shop.example/12",
}


class TwitchChat(BaseModel):
    model_config = _MODEL

    enabled: bool = False
    channel: str = Field("", max_length=30, description="the broadcaster's login")
    bot_nick: str = Field("", max_length=30, description="the account that answers")

    @field_validator("channel", "bot_nick")
    @classmethod
    def _login(cls, value: str) -> str:
        value = value.strip().lstrip("#").lower()
        if value and not TWITCH_LOGIN.fullmatch(value):
            raise ValueError(
                f"'{value}' is not a Twitch login: 3 to 25 letters, digits or underscores."
            )
        return value

    @model_validator(mode="after")
    def _channel_when_enabled(self) -> TwitchChat:
        if self.enabled and not self.channel:
            raise ValueError("Twitch chat is switched on but names no channel.")
        return self


class YouTubeChat(BaseModel):
    model_config = _MODEL

    enabled: bool = False
    live_chat: str = Field(
        "", max_length=300, description="a live chat id, a video id or the stream's watch URL"
    )
    api_base_url: str = Field("", max_length=500, description="empty: Google's API")

    @field_validator("live_chat")
    @classmethod
    def _chat_or_video(cls, value: str) -> str:
        value = value.strip()
        if value and _video_id_in(value) is None and not YOUTUBE_LIVE_CHAT_ID.fullmatch(value):
            raise ValueError(
                "The YouTube live chat must be a live chat id, a video id or the stream's "
                "watch URL (https://www.youtube.com/watch?v=…)."
            )
        return value

    @field_validator("api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        parts = urlsplit(value)
        if value and (parts.scheme not in ("http", "https") or not parts.hostname):
            raise ValueError("The YouTube API address must be an http(s):// URL (or empty).")
        return value

    @model_validator(mode="after")
    def _chat_when_enabled(self) -> YouTubeChat:
        if self.enabled and not self.live_chat:
            raise ValueError("YouTube chat is switched on but names no live chat or video.")
        return self

    @property
    def video_id(self) -> str | None:
        """The video whose live chat to read, when a video (not a chat id) was given."""
        return _video_id_in(self.live_chat)

    @property
    def live_chat_id(self) -> str | None:
        return None if self.video_id is not None or not self.live_chat else self.live_chat


class IrcChat(BaseModel):
    model_config = _MODEL

    enabled: bool = True
    urls: list[str] = Field(default_factory=list, max_length=20)
    nick: str = Field("liveshop", min_length=1, max_length=30)

    @field_validator("urls")
    @classmethod
    def _irc_urls(cls, urls: list[str]) -> list[str]:
        cleaned = [url.strip() for url in urls if url.strip()]
        for url in cleaned:
            try:
                parse_irc_url(url)
            except ChatError as error:
                raise ValueError(error.message) from None
        return cleaned

    @field_validator("nick")
    @classmethod
    def _nick(cls, value: str) -> str:
        value = value.strip()
        if not value or any(ch in value for ch in " ,:!@#\r\n") or value[0].isdigit():
            raise ValueError(f"'{value}' cannot be an IRC nickname (no spaces, not a digit first).")
        return value


class ChatSettings(BaseModel):
    """Every platform chat read at once into one feed; blocked words keep comments off the
    stream; ``auto_reply`` answers sold and waitlisted claims with ``reply_template``."""

    model_config = _MODEL

    twitch: TwitchChat = Field(default_factory=TwitchChat)
    youtube: YouTubeChat = Field(default_factory=YouTubeChat)
    irc: IrcChat = Field(default_factory=IrcChat)
    blocked_words: list[str] = Field(default_factory=list, max_length=500)
    auto_reply: bool = False
    reply_template: str = Field(DEFAULT_REPLY, max_length=400)

    @field_validator("blocked_words")
    @classmethod
    def _words(cls, words: list[str]) -> list[str]:
        return [word.strip() for word in words if word.strip()]

    @field_validator("reply_template")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            value.format_map(_REPLY_FIELDS)
        except (KeyError, ValueError, IndexError, AttributeError) as error:
            fields = ", ".join("{" + name + "}" for name in _REPLY_FIELDS)
            raise ValueError(
                f"The reply text cannot be filled in ({type(error).__name__}: {error}); "
                f"it may use {fields}."
            ) from None
        return value


def _video_id_in(value: str) -> str | None:
    """The video id in a watch URL (watch?v=, youtu.be/, /live/) or a bare 11-character id."""
    if YOUTUBE_VIDEO_ID.fullmatch(value):
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        return None
    query: dict[str, Any] = parse_qs(parts.query)
    candidates = [*query.get("v", []), parts.path.rstrip("/").rsplit("/", 1)[-1]]
    return next((c for c in candidates if YOUTUBE_VIDEO_ID.fullmatch(c)), None)
