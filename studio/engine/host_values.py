"""The collection as the session draws it: the host's values put into ``{host.…}``.

A template opens text fields to the host (``host.name``: "Ann"); its texts say
``Live with {host.name}``. The session draws a copy of the collection in which every string
setting of every item's source has those placeholders replaced — done once per collection,
not per frame, and the document itself is left as the host edits it. A changed host value
changes the settings of the sources that show it, so the source pool restarts them and they
draw the new value; sources that do not show it keep their settings and keep running.

In a field that takes placeholders (``placeholder_fields``) the value goes in escaped, so a
host name like ``{product.title}`` shows as typed instead of becoming a placeholder; in other
string fields it goes in as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from studio.capture.base import SourceSettings
from studio.scene.model import SceneCollection
from studio.shop.placeholders import bind, fields_taking_placeholders, placeholder_names

_HOST_PLACEHOLDER = re.compile(r"\{(host\.[A-Za-z0-9_]+)\}")


def with_host_values(collection: SceneCollection) -> SceneCollection:
    """``collection`` with its template's host values put in (itself if nothing changes)."""
    template = collection.template
    values = template.host_values() if template is not None else {}
    if not values:
        return collection
    return collection.with_sources(lambda source: source_with_host_values(source, values))


def source_with_host_values(settings: SourceSettings, values: Mapping[str, str]) -> SourceSettings:
    """``settings`` with ``{host.…}`` replaced in every string field (itself if none)."""
    taking = fields_taking_placeholders(type(settings))
    updates: dict[str, str] = {}
    for field, value in settings:
        if not isinstance(value, str) or "{" not in value:
            continue
        if field not in taking:
            filled = _replace_plainly(value, values)
        elif any(name in values for name in placeholder_names(value)):
            filled = bind(value, values)
        else:
            continue  # nothing of the host's: the text stays exactly as written
        if filled != value:
            updates[field] = filled
    return settings.model_copy(update=updates) if updates else settings


def _replace_plainly(text: str, values: Mapping[str, str]) -> str:
    # One pass: a value that itself reads "{host.other}" is not replaced again.
    return _HOST_PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)
