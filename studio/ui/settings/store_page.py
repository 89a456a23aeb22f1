"""Settings → Store: the seller's Shopify or WooCommerce store, whose products and orders the
studio pulls in.

The address and polling go to the settings file; the tokens typed here go to the keyring on
OK (``write_tokens``), never to the file. "Test connection" reads the store on a worker thread
with what the page shows (saved or not) and says what happened in words.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.settings.secrets import SecretStore, SecretStoreError
from studio.settings.store_account import (
    MAX_POLL_INTERVAL_S,
    MIN_POLL_INTERVAL_S,
    STORE_KIND_CHOICES,
    STORE_TITLES,
    StoreKind,
    StoreSettings,
    token_names,
)
from studio.shop.stores import StoreError
from studio.show.store_account import check_connection
from studio.ui.settings.secret_field import SecretField

log = logging.getLogger(__name__)

Check = Callable[[StoreSettings, SecretStore, dict[str, str]], str]
ROLE_LABELS = {
    "token": "Admin API access token:",
    "consumer_key": "Consumer key:",
    "consumer_secret": "Consumer secret:",
}
ROLE_NAMES = {
    "token": "the access token",
    "consumer_key": "the consumer key",
    "consumer_secret": "the consumer secret",
}
ROLE_TIPS = {
    "token": "The Admin API access token of your Shopify custom app (shpat_…), with the "
    "read_products and read_orders scopes.",
    "consumer_key": "The REST API consumer key from WooCommerce → Settings → Advanced (ck_…).",
    "consumer_secret": "The REST API consumer secret that goes with the key (cs_…).",
}


class ConnectionCheck(QObject):
    """Runs a connection check on a worker thread; the answer comes back as a queued signal."""

    finished = Signal(bool, str)  # worked, sentence

    def __init__(self, check: Check = check_connection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, account: StoreSettings, secrets: SecretStore, tokens: dict[str, str]) -> None:
        if self.running:
            return
        self._thread = threading.Thread(
            target=self._run, args=(account, secrets, tokens), name="store-check", daemon=True
        )
        self._thread.start()

    def wait(self, timeout_s: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self, account: StoreSettings, secrets: SecretStore, tokens: dict[str, str]) -> None:
        try:
            self.finished.emit(True, self._check(account, secrets, tokens))
        except (StoreError, SecretStoreError) as error:
            self.finished.emit(False, str(error))
        except Exception as error:  # a bug becomes a sentence, never a dead dialog
            log.exception("store connection check failed")
            self.finished.emit(False, f"The check failed ({type(error).__name__}).")


class StorePage(QWidget):
    def __init__(
        self, account: StoreSettings, secrets: SecretStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._saved = account
        self._secrets = secrets
        self.keyring_problem = ""
        self.edited_roles: set[str] = set()  # token fields the host typed in
        self._build()
        self.kind_combo.setCurrentIndex(STORE_KIND_CHOICES.index(account.kind))
        self.address_edit.setText(account.address)
        self.interval_spin.setValue(account.poll_interval_s)
        self.orders_check.setChecked(account.poll_orders)
        self._load_tokens(account)
        self._kind_changed()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind_combo = QComboBox()
        for kind in STORE_KIND_CHOICES:
            self.kind_combo.addItem(STORE_TITLES[kind], kind)
        self.kind_combo.setToolTip("Where your products and orders live.")
        self.address_edit = QLineEdit()
        self.token_fields: dict[str, SecretField] = {}
        for role, tip in ROLE_TIPS.items():
            field = SecretField(tooltip=tip, what=ROLE_NAMES[role])
            field.edited.connect(lambda _text, r=role: self.edited_roles.add(r))
            self.token_fields[role] = field
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(MIN_POLL_INTERVAL_S, MAX_POLL_INTERVAL_S)
        self.interval_spin.setSuffix(" s")
        self.interval_spin.setToolTip(
            "How often orders are fetched during the show; products every ten times that."
        )
        self.orders_check = QCheckBox("Count the store's orders in the show's sales")
        self.orders_check.setToolTip(
            "Orders placed in the store after the show started go to the Sales tab "
            "(each order once)."
        )
        self.test_button = QPushButton("Test connection")
        self.test_button.setToolTip("Read the store once with the values above (not saved).")
        self.test_button.clicked.connect(self.test_connection)
        self.result_label = QLabel()
        self.result_label.setObjectName("storeTestResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # No Qt parent: if the dialog closes mid-check, the worker's answer still has a live
        # object to go to (the thread holds it) and is dropped with the page.
        self.check = ConnectionCheck()
        self.check.finished.connect(self._checked)

        self.token_labels = {role: QLabel(ROLE_LABELS[role]) for role in self.token_fields}
        form = QFormLayout()
        form.addRow("Store:", self.kind_combo)
        form.addRow("Address:", self.address_edit)
        for role, field in self.token_fields.items():
            form.addRow(self.token_labels[role], field)
        form.addRow("Poll every:", self.interval_spin)
        form.addRow("", self.orders_check)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)

    # -- values ---------------------------------------------------------------------------
    @property
    def kind(self) -> StoreKind:
        return STORE_KIND_CHOICES[max(0, self.kind_combo.currentIndex())]

    def value(self) -> StoreSettings:
        """The settings as shown (``api_url`` is kept from the saved settings)."""
        return StoreSettings(
            kind=self.kind,
            address=self.address_edit.text().strip(),
            poll_interval_s=self.interval_spin.value(),
            poll_orders=self.orders_check.isChecked(),
            api_url=self._saved.api_url,
        )

    def tokens(self) -> dict[str, str]:
        """The tokens the chosen kind needs, as shown: role → value."""
        roles = token_names(self.kind, self.address_edit.text())
        return {role: self.token_fields[role].text() for role in roles}

    def problems(self) -> list[str]:
        account = self.value()
        found = account.problems()
        if found or not account.configured:
            return found
        for role, value in self.tokens().items():
            label = ROLE_LABELS[role].rstrip(":")
            if not value:
                found.append(f"Store: paste the {account.title} {label.lower()}.")
            elif any(ch.isspace() for ch in value):
                found.append(f"Store: the {account.title} {label.lower()} contains spaces.")
        return found

    def write_tokens(self, secrets: SecretStore) -> None:
        """On OK: the tokens the host typed (all of them when the store moved) go to the
        keyring under the names the connectors read; a replaced store's tokens are removed."""
        account = self.value()
        moved = (account.kind, account.address) != (self._saved.kind, self._saved.address)
        names = token_names(account.kind, account.address)
        for role, value in self.tokens().items():
            if moved or role in self.edited_roles:
                secrets.set_token(names[role], value)
        if moved:  # the old store's tokens would only linger in the keyring
            old = token_names(self._saved.kind, self._saved.address).values()
            for name in set(old) - set(names.values()):
                secrets.delete_token(name)

    # -- test connection --------------------------------------------------------------------
    def test_connection(self) -> None:
        problems = self.problems()
        if problems:
            self.result_label.setText("\n".join(problems))
            return
        self.test_button.setEnabled(False)
        self.result_label.setText("Connecting…")
        self.check.start(self.value(), self._secrets, self.tokens())

    def _checked(self, worked: bool, sentence: str) -> None:
        self.test_button.setEnabled(True)
        self.result_label.setText(sentence if worked else f"Could not connect: {sentence}")

    # -- internals --------------------------------------------------------------------------
    def _load_tokens(self, account: StoreSettings) -> None:
        for role, name in token_names(account.kind, account.address).items():
            try:
                self.token_fields[role].set_text(self._secrets.get_token(name) or "")
            except SecretStoreError as error:
                self.keyring_problem = str(error)
                self.result_label.setText(self.keyring_problem)

    def _kind_changed(self, *_args: object) -> None:
        kind = self.kind
        needed = token_names(kind, self.address_edit.text())
        for role, field in self.token_fields.items():
            field.setVisible(role in needed)
            self.token_labels[role].setVisible(role in needed)
        self.address_edit.setEnabled(kind != "none")
        self.address_edit.setPlaceholderText(
            {"shopify": "my-shop.myshopify.com", "woocommerce": "https://shop.example"}.get(
                kind, ""
            )
        )
        self.address_edit.setToolTip(
            "The shop's myshopify.com domain."
            if kind == "shopify"
            else "The WordPress site's address (https://…)."
        )
        for widget in (self.interval_spin, self.orders_check, self.test_button):
            widget.setEnabled(kind != "none")
