"""The inline source settings of a scene item: any registered kind, chosen by ``kind``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import Field, TypeAdapter, ValidatorFunctionWrapHandler, WrapValidator

from studio.capture.base import SourceSettings
from studio.capture.registry import settings_types


def _absolute_paths(value: Any, handler: ValidatorFunctionWrapHandler) -> SourceSettings:
    settings: SourceSettings = handler(value)
    # Normalised absolute paths make a loaded collection compare equal to the one that was
    # saved, whatever spelling ("./logo.png", "../images/logo.png") the file used.
    updates = {
        field: Path(os.path.abspath(field_value))
        for field, field_value in settings
        if isinstance(field_value, Path) and Path(os.path.abspath(field_value)) != field_value
    }
    return settings.model_copy(update=updates) if updates else settings


def _build_source_union() -> Any:
    # Built from the registry so a new kind needs no change here (kinds register on import of
    # studio.capture, which settings_types() does).
    member_types = tuple(settings_types())
    return Annotated[
        Union[member_types],  # noqa: UP007 - a runtime-built union cannot use the | syntax
        Field(discriminator="kind"),
        WrapValidator(_absolute_paths),
    ]


if TYPE_CHECKING:
    AnySource = SourceSettings
else:
    AnySource = _build_source_union()

SOURCE_ADAPTER: TypeAdapter[SourceSettings] = TypeAdapter(AnySource)


def known_kinds() -> list[str]:
    return sorted(str(cls.model_fields["kind"].default) for cls in settings_types())


def source_kind(settings: SourceSettings) -> str:
    return str(getattr(settings, "kind", ""))


def source_key(settings: SourceSettings) -> str:
    """The identity of a source: its name, or for an unnamed source its exact settings.

    Items whose sources have the same key are one source, started once and shared by every
    scene and canvas that shows it.
    """
    if settings.name:
        return f"name:{settings.name}"
    canonical = json.dumps(settings.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return f"settings:{canonical}"
