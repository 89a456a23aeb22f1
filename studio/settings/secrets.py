"""Stream keys and API tokens in the system keyring (never in a settings file or a log).

Entries live under the service "LiveShop Studio": ``stream-key:<destination id>`` and
``token:<name>``. Every value read or written is registered with the log mask.

Where the machine has no keyring backend (a Linux box without Secret Service or KWallet, a
container, SSH), or the keyring refuses a write (locked, D-Bus gone), the values are kept in
this process's memory instead: settings still save, Go Live still works with the key just
typed, and the host is told once (:func:`on_keyring_notice`) that they last only until the
app closes. Nothing is ever written anywhere else as a fallback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from studio.logging_setup import register_secret

log = logging.getLogger(__name__)

SERVICE = "LiveShop Studio"
NO_KEYRING_NOTICE = (
    "No system keyring: stream keys and tokens are kept only until LiveShop Studio closes. "
    "To keep them, enable the Secret Service (GNOME Keyring / KeePassXC) or KWallet — "
    "see README."
)

Listener = Callable[[str], None]


class SecretStoreError(RuntimeError):
    """The keyring could not be used; the message says so in a sentence (never the value)."""


class _SessionVault:
    """The secrets of this process that the keyring does not hold, for one keyring backend.

    ``memory_only`` is decided once per backend: no backend at all (``fail``/``null``, an
    empty chainer, or a first call raising NoKeyringError). ``values`` maps (service, entry)
    to a value typed this session, or None for one deleted this session (so a locked keyring
    cannot bring an old key back)."""

    def __init__(self, backend: object, memory_only: bool) -> None:
        self.backend = backend
        self.memory_only = memory_only
        self.values: dict[tuple[str, str], str | None] = {}
        self.pending_notices: list[str] = []
        self.said: set[str] = set()


_lock = threading.RLock()
_vault: _SessionVault | None = None
_listeners: list[Listener] = []


def _keyring_module() -> Any:
    import keyring  # on first use: start-up stays light

    return keyring


def _current_vault() -> _SessionVault:
    """The vault of the keyring backend in use, detecting (once) whether it is a real one."""
    global _vault
    backend = _keyring_module().get_keyring()
    with _lock:
        vault = _vault
        if vault is not None and vault.backend is backend:
            return vault
        vault = _vault = _SessionVault(backend, _has_no_backend(backend))
    if vault.memory_only:
        log.warning("no system keyring backend (%s)", type(backend).__name__)
        _say(vault, NO_KEYRING_NOTICE)
    return vault


def _has_no_backend(backend: object) -> bool:
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return True
    return isinstance(backend, chainer.ChainerBackend) and not backend.backends


def _say(vault: _SessionVault, notice: str) -> None:
    """Tell the listeners ``notice`` once per vault (kept until a listener subscribes)."""
    with _lock:
        if notice in vault.said:
            return
        vault.said.add(notice)
        listeners = list(_listeners)
        if not listeners:
            vault.pending_notices.append(notice)
    for listener in listeners:
        listener(notice)


def on_keyring_notice(listener: Listener) -> Callable[[], None]:
    """Call ``listener(sentence)`` for each thing the host must know about the keyring (no
    keyring at all; a write the keyring refused), once each; notices from before the call
    are delivered to it now. Returns the unsubscribe function. Any thread may call it."""
    with _lock:
        _listeners.append(listener)
        pending = _vault.pending_notices if _vault is not None else []
        backlog, pending[:] = list(pending), []
    for notice in backlog:
        listener(notice)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


def keyring_backend_name() -> str:
    """The keyring backend in use, as ``studio about`` shows it ("keyring.backends.Windows
    WinVaultKeyring", "… macOS Keyring", "… SecretService Keyring"), or a sentence when there is
    none (keys then last only as long as the process)."""
    vault = _current_vault()
    if vault.memory_only:
        return "none (stream keys and tokens are kept in memory until the app closes)"
    backend = type(vault.backend)
    return f"{backend.__module__} {backend.__name__}"


def keyring_available() -> bool:
    """Whether a keyring backend exists (detected on the first call, without a keyring
    call); False means keys last only as long as this process."""
    return not _current_vault().memory_only


class SecretStore:
    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    # Stream keys -------------------------------------------------------------------------
    def set_stream_key(self, destination_id: str, key: str) -> None:
        """Store the key (an empty key removes it)."""
        key = key.strip()
        if not key:
            self.delete_stream_key(destination_id)
            return
        register_secret(key)
        self._set(f"stream-key:{destination_id}", key, "the stream key")

    def get_stream_key(self, destination_id: str) -> str | None:
        return self._get(f"stream-key:{destination_id}", "the stream key")

    def delete_stream_key(self, destination_id: str) -> None:
        self._delete(f"stream-key:{destination_id}", "the stream key")

    # API tokens (shop and chat connectors) -----------------------------------------------
    def set_token(self, name: str, value: str) -> None:
        if not value:
            self.delete_token(name)
            return
        register_secret(value)
        self._set(f"token:{name}", value, f"the {name} token")

    def get_token(self, name: str) -> str | None:
        return self._get(f"token:{name}", f"the {name} token")

    def delete_token(self, name: str) -> None:
        self._delete(f"token:{name}", f"the {name} token")

    # -------------------------------------------------------------------------------------
    def _set(self, entry: str, value: str, what: str) -> None:
        keyring = _keyring_module()
        vault = _current_vault()
        with _lock:
            vault.values[(self.service, entry)] = value
        if vault.memory_only:
            return
        try:
            keyring.set_password(self.service, entry, value)
        except keyring.errors.KeyringError as exc:
            # Kept in memory above: the show goes on; the host learns it will not last.
            self._fell_back(vault, exc, f"Could not save {what} in the system keyring")
            return
        with _lock:
            vault.values.pop((self.service, entry), None)  # the keyring has it now

    def _get(self, entry: str, what: str) -> str | None:
        keyring = _keyring_module()
        vault = _current_vault()
        with _lock:
            if (self.service, entry) in vault.values:
                return vault.values[(self.service, entry)]
        if vault.memory_only:
            return None
        try:
            value = keyring.get_password(self.service, entry)
        except keyring.errors.NoKeyringError:
            self._no_backend(vault)
            return None
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(_unavailable(f"read {what}", exc)) from None
        register_secret(value)
        return value or None

    def _delete(self, entry: str, what: str) -> None:
        keyring = _keyring_module()
        vault = _current_vault()
        with _lock:
            vault.values[(self.service, entry)] = None
        if vault.memory_only:
            return
        try:
            keyring.delete_password(self.service, entry)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already deleted
        except keyring.errors.KeyringError as exc:
            self._fell_back(vault, exc, f"Could not delete {what} from the system keyring")
            return
        with _lock:
            vault.values.pop((self.service, entry), None)

    def _fell_back(self, vault: _SessionVault, exc: Exception, action: str) -> None:
        import keyring.errors

        if isinstance(exc, keyring.errors.NoKeyringError):
            self._no_backend(vault)
            return
        log.warning("%s (%s): kept for this session only", action, type(exc).__name__)
        _say(
            vault,
            f"{action} ({type(exc).__name__}): it is kept only until LiveShop Studio closes. "
            "Unlock the keyring and save the settings again to keep it.",
        )

    @staticmethod
    def _no_backend(vault: _SessionVault) -> None:
        with _lock:
            vault.memory_only = True
        _say(vault, NO_KEYRING_NOTICE)


def _unavailable(action: str, exc: Exception) -> str:
    return (
        f"Could not {action}: the system keyring is not available ({type(exc).__name__}). "
        "On Linux, install and unlock a keyring such as GNOME Keyring or KWallet."
    )
