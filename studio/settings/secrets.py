"""Stream keys and API tokens in the system keyring (never in a settings file or a log).

Entries live under the service "LiveShop Studio": ``stream-key:<destination id>`` and
``token:<name>``. Every value read or written is registered with the log mask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.logging_setup import register_secret

if TYPE_CHECKING:
    pass

SERVICE = "LiveShop Studio"


class SecretStoreError(RuntimeError):
    """The keyring could not be used; the message says so in a sentence (never the value)."""


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
        import keyring.errors  # on first use: start-up stays light

        try:
            keyring.set_password(self.service, entry, value)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(_unavailable(f"save {what}", exc)) from None

    def _get(self, entry: str, what: str) -> str | None:
        import keyring.errors  # on first use: start-up stays light

        try:
            value = keyring.get_password(self.service, entry)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(_unavailable(f"read {what}", exc)) from None
        register_secret(value)
        return value or None

    def _delete(self, entry: str, what: str) -> None:
        import keyring.errors  # on first use: start-up stays light

        try:
            keyring.delete_password(self.service, entry)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already deleted
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(_unavailable(f"delete {what}", exc)) from None


def _unavailable(action: str, exc: Exception) -> str:
    return (
        f"Could not {action}: the system keyring is not available ({type(exc).__name__}). "
        "On Linux, install and unlock a keyring such as GNOME Keyring or KWallet."
    )
