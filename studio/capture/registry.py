"""Source kinds are registered here, by id, instead of being switched on."""

from __future__ import annotations

from typing import TypeVar

from studio.capture.base import Source, SourceSettings

_KINDS: dict[str, type[Source]] = {}

SourceT = TypeVar("SourceT", bound=type[Source])


def register_source(cls: SourceT) -> SourceT:
    kind = cls.kind
    if kind in _KINDS and _KINDS[kind] is not cls:
        raise ValueError(f"source kind {kind!r} registered twice")
    _KINDS[kind] = cls
    return cls


def source_kinds() -> dict[str, type[Source]]:
    """Every registered kind (importing :mod:`studio.capture` registers the built-in ones)."""
    import studio.capture  # noqa: F401 - registers the built-in kinds

    return dict(_KINDS)


def settings_types() -> list[type[SourceSettings]]:
    return [cls.settings_type for cls in source_kinds().values()]


def source_class_for(settings: SourceSettings) -> type[Source]:
    kind = getattr(settings, "kind", None)
    try:
        return source_kinds()[str(kind)]
    except KeyError:
        raise ValueError(f"unknown source kind {kind!r}") from None


def shows_picture(settings: SourceSettings) -> bool:
    """Whether a source of these settings draws on the canvas (a microphone or tone does not);
    unknown kinds count as drawing, so they stay visible and selectable."""
    try:
        return source_class_for(settings).has_video
    except ValueError:
        return True
