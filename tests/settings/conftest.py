from __future__ import annotations

from tests.support.memory_keyring import memory_keyring

__all__ = ["memory_keyring"]
