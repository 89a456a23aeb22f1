"""Format versions of the scene collection document and the migrations between them.

Each migration upgrades the raw JSON data by exactly one version, so a file from any older
release is brought forward step by step before it is validated against today's models.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Final

CURRENT_FORMAT_VERSION: Final = 2

Migration = Callable[[dict[str, Any]], dict[str, Any]]

# from_version -> function returning the data in from_version + 1
MIGRATIONS: dict[int, Migration] = {}


def register_migration(from_version: int) -> Callable[[Migration], Migration]:
    def register(migration: Migration) -> Migration:
        if from_version in MIGRATIONS:
            raise ValueError(f"a migration from format {from_version} is already registered")
        MIGRATIONS[from_version] = migration
        return migration

    return register


@register_migration(1)
def _add_template_fields(data: dict[str, Any]) -> dict[str, Any]:
    # Format 2 added the optional ``template`` section and items' ``template_locked`` flag:
    # a format 1 document is a valid format 2 one as it is. The number still changes so that
    # an older release refuses a template-made show by name instead of by "extra fields".
    return data


class FormatVersionProblem(Exception):
    """Why ``format_version`` stops the document from being read (a sentence for the host)."""


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring ``data`` to :data:`CURRENT_FORMAT_VERSION`; the input is never modified."""
    if "format_version" not in data:
        raise FormatVersionProblem("is required (is this file a LiveShop Studio scene collection?)")
    version = data["format_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise FormatVersionProblem("must be a whole number")
    if version > CURRENT_FORMAT_VERSION:
        raise FormatVersionProblem(
            f"this collection was made by a newer LiveShop Studio (format {version}; this "
            f"version reads format {CURRENT_FORMAT_VERSION} and older) — update LiveShop "
            "Studio to open it"
        )
    while version < CURRENT_FORMAT_VERSION:
        migration = MIGRATIONS.get(version)
        if migration is None:
            raise FormatVersionProblem(f"format {version} is not supported")
        try:
            data = migration(copy.deepcopy(data))
            if not isinstance(data, dict):
                raise TypeError("the migration did not return an object")
        except Exception as exc:  # old, damaged data can make a migration fail in any way
            raise FormatVersionProblem(f"could not upgrade from format {version}: {exc}") from exc
        version += 1
        data["format_version"] = version
    return data
