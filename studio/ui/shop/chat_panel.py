"""The Chat tab: every platform's chat in one list, filtered, with pin / hide / reply."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.chat.message import ChatMessage
from studio.show.comment_to_buy import ClaimRecord
from studio.show.show import Show
from studio.ui.shop.chat_model import DEFAULT_CAPACITY, ChatFilter, ChatFilterModel, ChatModel
from studio.ui.shop.chat_status_line import ChatStatusLine
from studio.ui.shop.shop_bridge import ShopBridge

FILTER_LABELS = {
    ChatFilter.ALL: "All",
    ChatFilter.QUESTIONS: "Questions",
    ChatFilter.CLAIMS: "Claims",
    ChatFilter.MODERATORS: "Moderators",
}


class ChatPanel(QWidget):
    """Pin and hide are in-memory calls on ChatLive (UI thread); replies and rehearsal
    comments go through connectors and the comment-to-buy ledger, so they run on the
    bridge's worker."""

    def __init__(
        self,
        show: Show,
        bridge: ShopBridge,
        capacity: int = DEFAULT_CAPACITY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chatPanel")
        self.show_core = show
        self.bridge = bridge
        self.model = ChatModel(capacity)
        self.filtered = ChatFilterModel(self.model)
        self._reply_to: ChatMessage | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.filter_box = QComboBox()
        self.filter_box.setObjectName("chatFilter")
        for kind, label in FILTER_LABELS.items():
            self.filter_box.addItem(label, kind)
        self.filter_box.setToolTip("Show every comment, or only questions, claims or moderators")
        self.search = QLineEdit()
        self.search.setObjectName("chatSearch")
        self.search.setPlaceholderText("Search the chat…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Show only the comments with these words or viewer names")
        top.addWidget(self.filter_box)
        top.addWidget(self.search, 1)
        layout.addLayout(top)

        self.view = QListView()
        self.view.setObjectName("chatView")
        self.view.setModel(self.filtered)
        self.view.setUniformItemSizes(True)  # thousands of rows stay cheap to lay out
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setToolTip("The live chat, newest at the bottom (right-click for actions)")
        layout.addWidget(self.view, 1)

        actions = QHBoxLayout()
        self.pin_button = QPushButton("Pin")
        self.pin_button.setToolTip("Show the selected comment pinned on stream")
        self.unpin_button = QPushButton("Unpin")
        self.unpin_button.setToolTip("Take the pinned comment off the stream")
        self.hide_button = QPushButton("Hide")
        self.hide_button.setToolTip("Keep the selected comment off the stream")
        self.reply_button = QPushButton("Reply")
        self.reply_button.setToolTip("Answer on the platform the comment came from")
        for button in (self.pin_button, self.unpin_button, self.hide_button, self.reply_button):
            actions.addWidget(button)
        layout.addLayout(actions)

        self.reply_row = QWidget()
        reply_layout = QHBoxLayout(self.reply_row)
        reply_layout.setContentsMargins(0, 0, 0, 0)
        self.reply_label = QLabel()
        self.reply_text = QLineEdit()
        self.reply_text.setObjectName("chatReplyText")
        self.reply_text.setToolTip("Your answer (Enter sends it)")
        send = QPushButton("Send")
        send.setToolTip("Send the answer on the comment's platform")
        cancel = QPushButton("Cancel")
        cancel.setToolTip("Do not answer")
        for widget in (self.reply_label, self.reply_text, send, cancel):
            reply_layout.addWidget(widget, 1 if widget is self.reply_text else 0)
        self.reply_row.hide()
        layout.addWidget(self.reply_row)

        self.rehearsal_row: QWidget | None = None
        if show.local_chat is not None:
            self.rehearsal_row = QWidget()
            rehearsal = QHBoxLayout(self.rehearsal_row)
            rehearsal.setContentsMargins(0, 0, 0, 0)
            self.rehearsal_name = QLineEdit("Viewer")
            self.rehearsal_name.setMaximumWidth(90)
            self.rehearsal_name.setToolTip("Rehearsal: who the comment is from")
            self.rehearsal_text = QLineEdit()
            self.rehearsal_text.setObjectName("chatRehearsalText")
            self.rehearsal_text.setPlaceholderText("Rehearsal comment (e.g. SOLD 12)…")
            self.rehearsal_text.setToolTip(
                "Rehearsal: type a comment as a viewer would, e.g. SOLD 12 to claim product 12"
            )
            post = QPushButton("Post")
            post.setToolTip("Post the rehearsal comment to the chat (Enter)")
            rehearsal.addWidget(self.rehearsal_name)
            rehearsal.addWidget(self.rehearsal_text, 1)
            rehearsal.addWidget(post)
            layout.addWidget(self.rehearsal_row)
            post.clicked.connect(self._post_typed)
            self.rehearsal_text.returnPressed.connect(self._post_typed)

        self.connections = ChatStatusLine(show.chat_status, self)
        layout.addWidget(self.connections)
        self.status = QLabel()
        self.status.setObjectName("chatStatus")
        layout.addWidget(self.status)

        self.filter_box.currentIndexChanged.connect(self._filter_changed)
        self.search.textChanged.connect(self.filtered.set_text)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.pin_button.clicked.connect(lambda: self._on_selected(self.pin))
        self.unpin_button.clicked.connect(self.unpin)
        self.hide_button.clicked.connect(lambda: self._on_selected(self.hide))
        self.reply_button.clicked.connect(lambda: self._on_selected(self.start_reply))
        send.clicked.connect(self._send_typed_reply)
        self.reply_text.returnPressed.connect(self._send_typed_reply)
        cancel.clicked.connect(self.cancel_reply)
        bridge.messages_arrived.connect(self.add_messages)
        bridge.claims_arrived.connect(self._claims_arrived)
        bridge.chat_live_changed.connect(self._chat_live_changed)

        self.add_messages(show.feed.history())
        self._claims_arrived(show.comment_to_buy.claims())
        self._chat_live_changed()
        self._update_buttons()

    # -- incoming --------------------------------------------------------------------------
    def add_messages(self, messages: list[ChatMessage]) -> None:
        bar = self.view.verticalScrollBar()
        following = bar.value() >= bar.maximum() - 2  # the host reads the newest: keep up
        if self.model.append(messages) and following:
            self.view.scrollToBottom()

    def _claims_arrived(self, records: list[ClaimRecord]) -> None:
        self.model.mark_claims(record.message.key for record in records)
        self.filtered.claims_changed()

    def _chat_live_changed(self, _version: int = 0) -> None:
        live = self.show_core.chat_live
        if live is not None:
            pinned = live.pinned
            self.model.set_pinned(pinned.key if pinned else None)
        self._update_buttons()

    # -- actions ---------------------------------------------------------------------------
    def selected_message(self) -> ChatMessage | None:
        rows = self.view.selectionModel().selectedRows()
        return self.filtered.message(rows[0].row()) if rows else None

    def pin(self, message: ChatMessage) -> bool:
        live = self.show_core.chat_live
        if live is None:
            return False
        pinned = live.pin(message.key)
        if pinned:
            self.model.set_pinned(message.key)
            self.status.setText(f"Pinned on stream: {message.author.display_name}")
        elif live.pinned is None or live.pinned.key != message.key:
            self.status.setText("This comment is not on the stream (blocked, hidden or too old).")
        self._update_buttons()
        return pinned

    def unpin(self) -> bool:
        live = self.show_core.chat_live
        if live is None or not live.unpin():
            return False
        self.model.set_pinned(None)
        self.status.setText("Unpinned.")
        self._update_buttons()
        return True

    def hide(self, message: ChatMessage) -> bool:
        live = self.show_core.chat_live
        if live is None:
            return False
        hidden = live.hide(message.key)
        self.model.mark_hidden(message.key)
        self.model.set_pinned(live.pinned.key if live.pinned else None)
        self.status.setText(f"Hidden from stream: {message.author.display_name}")
        self._update_buttons()
        return hidden

    def start_reply(self, message: ChatMessage) -> None:
        if not self.show_core.message_can_reply(message):
            return
        self._reply_to = message
        self.reply_label.setText(f"Reply on {message.platform.value}:")
        self.reply_text.setText(f"@{message.author.display_name} ")
        self.reply_row.show()
        self.reply_text.setFocus()

    def cancel_reply(self) -> None:
        self._reply_to = None
        self.reply_row.hide()

    def reply(self, message: ChatMessage, text: str) -> None:
        """Send ``text`` through the message's connector (on the worker)."""
        send = self.show_core.reply
        text = text.strip()
        if send is None or not text:
            return

        def done(sent: bool) -> None:
            self.status.setText("Reply sent." if sent else "The reply could not be sent.")

        self.bridge.run(lambda: send(message, text), done, self._failed)

    def post_rehearsal(self, author: str, text: str) -> None:
        """A rehearsal comment through the local chat (on the worker: it may become a claim
        and write the ledger)."""
        local = self.show_core.local_chat
        author, text = author.strip() or "Viewer", text.strip()
        if local is None or not text:
            return
        self.bridge.run(lambda: local.post(author, text), None, self._failed)

    def _send_typed_reply(self) -> None:
        if self._reply_to is not None:
            self.reply(self._reply_to, self.reply_text.text())
        self.cancel_reply()

    def _post_typed(self) -> None:
        self.post_rehearsal(self.rehearsal_name.text(), self.rehearsal_text.text())
        self.rehearsal_text.clear()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(str(error) or type(error).__name__)

    def _on_selected(self, action: object) -> None:
        message = self.selected_message()
        if message is not None and callable(action):
            action(message)

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        message = self.filtered.message(index.row()) if index.isValid() else None
        if message is None:
            return
        menu = QMenu(self)
        live = self.show_core.chat_live is not None
        menu.addAction("Pin to stream", lambda: self.pin(message)).setEnabled(live)
        menu.addAction("Hide from stream", lambda: self.hide(message)).setEnabled(live)
        menu.addAction("Reply…", lambda: self.start_reply(message)).setEnabled(
            self.show_core.message_can_reply(message)
        )
        menu.exec(self.view.viewport().mapToGlobal(position))

    def _filter_changed(self) -> None:
        self.filtered.set_kind(ChatFilter(self.filter_box.currentData()))

    def _update_buttons(self) -> None:
        message = self.selected_message()
        live = self.show_core.chat_live is not None
        self.pin_button.setEnabled(live and message is not None)
        self.hide_button.setEnabled(live and message is not None)
        self.unpin_button.setEnabled(live and self.model.pinned is not None)
        self.reply_button.setEnabled(
            message is not None and self.show_core.message_can_reply(message)
        )
