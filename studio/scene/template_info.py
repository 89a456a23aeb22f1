"""What a collection made from a template remembers of it: its name, the brand kit, and the
fields the agency left open to the host.

An agency locks the look (items flagged ``template_locked``) and opens a few fields: the host's
name (shown wherever a text says ``{host.name}``), the logo, a colour chosen within the kit.
Each open field says which item settings take its value (``targets``: ``"ITEM_ID.SETTING"``),
so filling the host form is an ordinary edit of those settings; text fields whose id starts
with ``host.`` are read by the ``{host.…}`` placeholders instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from studio.capture.base import ExistingFile, HexColor

_FROZEN = ConfigDict(extra="forbid", frozen=True)

FIELD_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"
TARGET_PATTERN = r"^[^.\s]+\.[a-z_][a-z0-9_]*$"  # ITEM_ID.SETTING
HOST_PREFIX = "host."

FieldId = Annotated[str, Field(pattern=FIELD_ID_PATTERN, max_length=60)]
FieldTarget = Annotated[str, Field(pattern=TARGET_PATTERN, max_length=260)]
FieldKind = Literal["text", "image", "color"]


class OpenField(BaseModel):
    """One setting the agency leaves to the host, asked for when the template is applied."""

    model_config = _FROZEN

    id: FieldId  # "host.name", "logo", "accent"
    label: str = Field(min_length=1, max_length=80)
    type: FieldKind
    default: str = Field(default="", max_length=500)  # text fields; image/colour read targets
    max_length: int = Field(default=60, ge=1, le=500)  # text fields
    choices: list[HexColor] = Field(default_factory=list, max_length=32)  # colour: the kit's
    targets: list[FieldTarget] = Field(default_factory=list, max_length=64)

    @property
    def is_host_value(self) -> bool:
        """Read by ``{host.…}`` placeholders (a text field named ``host.something``)."""
        return self.type == "text" and self.id.startswith(HOST_PREFIX)


class BrandKit(BaseModel):
    """The agency's colours (by name: "primary", "accent"…), fonts and logo."""

    model_config = _FROZEN

    colors: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=40)], HexColor] = (
        Field(default_factory=dict, max_length=32)
    )
    fonts: list[ExistingFile] = Field(default_factory=list, max_length=16)
    logo: ExistingFile | None = None


class TemplateInfo(BaseModel):
    model_config = _FROZEN

    name: str = Field(min_length=1, max_length=200)
    version: str = Field(default="", max_length=40)
    author: str = Field(default="", max_length=200)
    brand: BrandKit = BrandKit()
    fields: list[OpenField] = Field(default_factory=list, max_length=32)
    values: dict[str, Annotated[str, Field(max_length=500)]] = Field(default_factory=dict)

    def field(self, field_id: str) -> OpenField:
        for candidate in self.fields:
            if candidate.id == field_id:
                return candidate
        raise KeyError(f"the template has no field {field_id!r}")

    def host_values(self) -> dict[str, str]:
        """``{host.…}`` placeholder values: what the host typed, else the field's default."""
        return {
            field.id: self.values.get(field.id, field.default)
            for field in self.fields
            if field.is_host_value
        }

    def font_paths(self) -> list[Path]:
        return list(self.brand.fonts)


def split_target(target: str) -> tuple[str, str]:
    """``"card.accent_color"`` → ``("card", "accent_color")`` (the last dot splits)."""
    item_id, _, setting = target.rpartition(".")
    return item_id, setting


def is_field_id(text: str) -> bool:
    return re.fullmatch(FIELD_ID_PATTERN, text) is not None
