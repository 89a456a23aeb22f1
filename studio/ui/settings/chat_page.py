"""Settings → Chat: Twitch, YouTube and IRC chat, blocked words and automatic replies.

Like the Destinations page, nothing is written until OK: typed tokens wait in
``pending_tokens`` and go to the keyring (``write_tokens``), the rest becomes a
:class:`ChatSettings` (``value()``); ``problems()`` says in words what keeps it from saving.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.settings.chat_accounts import (
    TWITCH_TOKEN,
    YOUTUBE_API_KEY,
    YOUTUBE_TOKEN,
    ChatSettings,
    IrcChat,
    TwitchChat,
    YouTubeChat,
)
from studio.settings.secrets import SecretStore, SecretStoreError
from studio.ui.settings.secret_field import SecretField


class ChatPage(QWidget):
    problem = Signal(str)  # a keyring failure, for the dialog's message line

    def __init__(
        self, chat: ChatSettings, secrets: SecretStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pending_tokens: dict[str, str] = {}  # token name → value typed here ("" removes)
        self.keyring_problem = ""
        self._secrets = secrets
        # Read from the keyring when the page is first shown (or checked), not when the dialog
        # opens: saving other pages never waits for, or fails on, a slow or locked keyring.
        self._secret_fields: dict[str, SecretField] = {}
        self._tokens_loaded = False
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._twitch_box(chat.twitch))
        layout.addWidget(self._youtube_box(chat.youtube))
        layout.addWidget(self._irc_box(chat.irc))
        layout.addWidget(self._replies_box(chat))
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # Building ------------------------------------------------------------------------------
    def _twitch_box(self, twitch: TwitchChat) -> QGroupBox:
        box = QGroupBox("Twitch")
        self.twitch_enabled = QCheckBox("Read this Twitch channel's chat")
        self.twitch_enabled.setChecked(twitch.enabled)
        self.twitch_enabled.setToolTip("Show this channel's chat in the Chat tab and read claims.")
        self.twitch_channel = QLineEdit(twitch.channel)
        self.twitch_channel.setPlaceholderText("your channel's login, e.g. myshop")
        self.twitch_channel.setToolTip("The Twitch channel whose chat to read.")
        self.twitch_nick = QLineEdit(twitch.bot_nick)
        self.twitch_nick.setPlaceholderText("empty: read only")
        self.twitch_nick.setToolTip("The Twitch account that answers viewers (with its token).")
        self.twitch_token = self._secret_field(
            TWITCH_TOKEN, "oauth:…", "The OAuth token of the account that answers."
        )
        form = QFormLayout(box)
        form.addRow("", self.twitch_enabled)
        form.addRow("Channel:", self.twitch_channel)
        form.addRow("Bot account:", self.twitch_nick)
        form.addRow("Token:", self.twitch_token)
        return box

    def _youtube_box(self, youtube: YouTubeChat) -> QGroupBox:
        box = QGroupBox("YouTube")
        self.youtube_enabled = QCheckBox("Read this YouTube stream's live chat")
        self.youtube_enabled.setChecked(youtube.enabled)
        self.youtube_enabled.setToolTip("Show this stream's chat in the Chat tab and read claims.")
        self.youtube_chat = QLineEdit(youtube.live_chat)
        self.youtube_chat.setPlaceholderText("watch URL, video id or live chat id")
        self.youtube_chat.setToolTip(
            "The stream's watch URL (or video id): its live chat is found once it is live."
        )
        self.youtube_api = QLineEdit(youtube.api_base_url)
        self.youtube_api.setPlaceholderText("empty: https://www.googleapis.com/youtube/v3")
        self.youtube_api.setToolTip("Only to use another server than Google's API.")
        self.youtube_token = self._secret_field(
            YOUTUBE_TOKEN, "OAuth access token", "An account token reads the chat and can answer."
        )
        self.youtube_key = self._secret_field(
            YOUTUBE_API_KEY, "AIza…", "An API key reads the chat but cannot answer.", "the API key"
        )
        form = QFormLayout(box)
        form.addRow("", self.youtube_enabled)
        form.addRow("Live chat:", self.youtube_chat)
        form.addRow("Account token:", self.youtube_token)
        form.addRow("API key:", self.youtube_key)
        form.addRow("API address:", self.youtube_api)
        return box

    def _irc_box(self, irc: IrcChat) -> QGroupBox:
        box = QGroupBox("IRC")
        self.irc_enabled = QCheckBox("Read these IRC channels")
        self.irc_enabled.setChecked(irc.enabled)
        self.irc_enabled.setToolTip("Show these channels' chat in the Chat tab and read claims.")
        self.irc_urls = QPlainTextEdit("\n".join(irc.urls))
        self.irc_urls.setPlaceholderText("irc://host:6667/#channel or ircs://host:6697/#channel")
        self.irc_urls.setToolTip("One chat per line.")
        self.irc_urls.setMaximumHeight(80)
        self.irc_nick = QLineEdit(irc.nick)
        self.irc_nick.setToolTip("The nickname the studio joins with (and answers as).")
        form = QFormLayout(box)
        form.addRow("", self.irc_enabled)
        form.addRow("Channels:", self.irc_urls)
        form.addRow("Nickname:", self.irc_nick)
        return box

    def _replies_box(self, chat: ChatSettings) -> QGroupBox:
        box = QGroupBox("Moderation and replies")
        self.blocked_words = QLineEdit(", ".join(chat.blocked_words))
        self.blocked_words.setPlaceholderText("scam*, free money")
        self.blocked_words.setToolTip(
            "Comma-separated; * and ? are wildcards. Matching comments stay in the Chat tab "
            "but never reach the stream."
        )
        self.auto_reply = QCheckBox("Answer claims automatically where the chat can send")
        self.auto_reply.setChecked(chat.auto_reply)
        self.auto_reply.setToolTip(
            "Tell each viewer whose claim is sold (or waitlisted) on the platform they wrote on."
        )
        self.reply_template = QLineEdit(chat.reply_template)
        self.reply_template.setToolTip(
            "Sent to a viewer whose claim is sold; may use {name}, {code}, {quantity}, "
            "{title}, {variant} and {url}."
        )
        form = QFormLayout(box)
        form.addRow("Blocked words:", self.blocked_words)
        form.addRow("", self.auto_reply)
        form.addRow("Reply:", self.reply_template)
        return box

    def _secret_field(
        self, name: str, placeholder: str, tooltip: str, what: str = "the token"
    ) -> SecretField:
        field = SecretField("", placeholder, tooltip, what)
        field.edited.connect(lambda text: self.pending_tokens.__setitem__(name, text))
        self._secret_fields[name] = field
        return field

    def showEvent(self, event: QShowEvent) -> None:
        self.load_tokens()
        super().showEvent(event)

    def load_tokens(self) -> None:
        """Show the stored tokens (once; a field the host typed in keeps what was typed)."""
        if self._tokens_loaded:
            return
        self._tokens_loaded = True
        for name, field in self._secret_fields.items():
            if name not in self.pending_tokens:
                field.set_text(self._stored(name))

    def _stored(self, name: str) -> str:
        try:
            return self._secrets.get_token(name) or ""
        except SecretStoreError as error:
            self.keyring_problem = str(error)
            self.problem.emit(self.keyring_problem)
            return ""

    # For the dialog ------------------------------------------------------------------------
    def value(self) -> ChatSettings:
        """The chat settings as shown (raises ValidationError: see ``problems``)."""
        # Validated as one document, so every mistake on the page is reported at once.
        return ChatSettings.model_validate(
            {
                "twitch": {
                    "enabled": self.twitch_enabled.isChecked(),
                    "channel": self.twitch_channel.text(),
                    "bot_nick": self.twitch_nick.text(),
                },
                "youtube": {
                    "enabled": self.youtube_enabled.isChecked(),
                    "live_chat": self.youtube_chat.text(),
                    "api_base_url": self.youtube_api.text(),
                },
                "irc": {
                    "enabled": self.irc_enabled.isChecked(),
                    "urls": self.irc_urls.toPlainText().splitlines(),
                    "nick": self.irc_nick.text(),
                },
                "blocked_words": self.blocked_words.text().split(","),
                "auto_reply": self.auto_reply.isChecked(),
                "reply_template": self.reply_template.text(),
            }
        )

    def problems(self) -> list[str]:
        """What keeps these settings from being saved, one sentence each."""
        try:
            chat = self.value()
        except ValidationError as error:
            return [f"Chat: {str(e['msg']).removeprefix('Value error, ')}" for e in error.errors()]
        found = []
        if chat.twitch.enabled:
            self.load_tokens()  # the check below needs the stored token
        twitch_token = self.pending_tokens.get(TWITCH_TOKEN, self.twitch_token.edit.text())
        if chat.twitch.enabled and twitch_token and not chat.twitch.bot_nick:
            found.append("Chat: a Twitch token needs the bot account's login beside it.")
        for name, value in self.pending_tokens.items():
            if any(ch.isspace() for ch in value):
                found.append(f"Chat: the {name} token contains spaces.")
        return found

    def write_tokens(self, secrets: SecretStore) -> None:
        """Save the typed tokens in the keyring (an emptied field removes its token)."""
        for name, value in self.pending_tokens.items():
            secrets.set_token(name, value)
