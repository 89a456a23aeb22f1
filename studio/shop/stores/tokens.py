"""Where a connector reads its access tokens: anything with ``get_token(name)``.

The shop does not know the keyring (studio.settings is not below it): the app and the CLI hand
in a :class:`studio.settings.secrets.SecretStore`, which fits :class:`TokenSource` as it is;
scripts and tests hand in whatever else answers ``get_token``.
"""

from __future__ import annotations

from typing import Protocol

from studio.shop.stores.errors import StoreError, StoreErrorReason, masked


class TokenSource(Protocol):
    def get_token(self, name: str) -> str | None:
        """The token saved under ``name`` (``shopify:my-shop``), or None if there is none."""
        ...


def read_token(source: TokenSource, name: str, missing: str) -> str:
    """The token saved as ``name``. StoreError(NO_CREDENTIALS) with the sentence ``missing``
    when there is none, or with the source's own sentence when it could not be read (a locked
    keyring); a StoreError the source raises passes unchanged."""
    try:
        value = source.get_token(name)
    except StoreError:
        raise
    except Exception as error:  # whatever the source is, a failed read is a missing token
        message = str(error) or f"Could not read the {name} token ({type(error).__name__})."
        raise StoreError(StoreErrorReason.NO_CREDENTIALS, masked(message)) from None
    if not value:
        raise StoreError(StoreErrorReason.NO_CREDENTIALS, missing)
    return value
