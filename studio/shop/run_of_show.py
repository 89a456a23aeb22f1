"""The run of show: the products of a show in order, with talking points and planned minutes.

A versioned JSON document of its own. Loading checks the whole document and names every
problem by its path (``segments[2].planned_minutes: must be greater than 0``), like scene
collections; saving is atomic and keeps one backup.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from studio.atomic_file import write_atomic
from studio.problems import Problem, problems_from_validation_error
from studio.shop.catalog import Catalog

FORMAT_VERSION = 1


class Segment(BaseModel):
    """One product's turn on air."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product: str = Field(min_length=1, max_length=200, description="product id or show code")
    title: str = Field(default="", max_length=200, description="shown in the prompter")
    talking_points: list[str] = Field(default_factory=list, max_length=50)
    planned_minutes: float = Field(gt=0, le=24 * 60)

    @field_validator("product")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must name a product (its id or show code)")
        return value

    @property
    def planned_s(self) -> float:
        return self.planned_minutes * 60


class RunOfShow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format_version: Literal[1] = 1
    name: str = Field(default="", max_length=200)
    segments: list[Segment] = Field(min_length=1, max_length=1000)

    @property
    def planned_s(self) -> float:
        return sum(segment.planned_s for segment in self.segments)


class RunOfShowError(Exception):
    """A run of show that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, path: Path | None, problems: list[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        where = f"Cannot open run of show '{path}'" if path is not None else "Invalid run of show"
        if len(self.problems) == 1:
            message = f"{where}: {self.problems[0]}"
        else:
            message = "\n".join(
                [f"{where} ({len(self.problems)} problems):"]
                + [f"  - {problem}" for problem in self.problems]
            )
        super().__init__(message)


def parse_run_of_show(text: str | bytes, document_path: Path | None = None) -> RunOfShow:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise RunOfShowError(document_path, [Problem(where, error.msg)]) from None
    except UnicodeDecodeError:
        raise RunOfShowError(document_path, [Problem("", "the file is not UTF-8 text")]) from None
    if not isinstance(data, dict):
        raise RunOfShowError(
            document_path, [Problem("", "must be a JSON object with format_version and segments")]
        )
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        problem = Problem(
            "format_version",
            f"version {version} was written by a newer LiveShop Studio; this one reads "
            f"{FORMAT_VERSION}",
        )
        raise RunOfShowError(document_path, [problem])
    try:
        return RunOfShow.model_validate(data)
    except ValidationError as error:
        raise RunOfShowError(
            document_path, problems_from_validation_error(error, known_kinds=())
        ) from None


def load_run_of_show(path: str | os.PathLike[str]) -> RunOfShow:
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise RunOfShowError(path, [Problem("", "file not found")]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise RunOfShowError(path, [Problem("", f"cannot read the file: {reason}")]) from None
    return parse_run_of_show(content, path)


def save_run_of_show(run: RunOfShow, path: str | os.PathLike[str]) -> None:
    """Atomic: the file is always the old or the new version; the old one stays as .bak."""
    text = json.dumps(run.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    write_atomic(Path(path), text.encode("utf-8"), keep_backup=True, mode=0o644)


def resolve_products(run: RunOfShow, catalog: Catalog, path: Path | None = None) -> list[str]:
    """The product ids of the segments, in order; every segment naming no catalog product is
    reported by its path."""
    ids: list[str] = []
    problems: list[Problem] = []
    for index, segment in enumerate(run.segments):
        product = catalog.get(segment.product) or catalog.by_code(segment.product)
        if product is None:
            problems.append(
                Problem(
                    f"segments[{index}].product",
                    f"no product with id or show code {segment.product!r} in the catalog",
                )
            )
        else:
            ids.append(product.id)
    if problems:
        raise RunOfShowError(path, problems)
    return ids
