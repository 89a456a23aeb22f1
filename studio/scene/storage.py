"""Reading and writing scene collection files.

Loading validates the whole document and reports every problem at once. Saving is atomic and
keeps the previous version as ``NAME.json.bak``, so a crash or a full disk mid-save never costs
the host their show.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from studio.atomic_file import KEEP_MODE, write_atomic
from studio.scene.checks import reference_problems
from studio.scene.model import REFERENCES_CHECKED, SceneCollection
from studio.scene.problems import Problem, SceneDocumentError, problems_from_validation_error
from studio.scene.sources import known_kinds
from studio.scene.versions import FormatVersionProblem, upgrade


def load_collection(path: str | os.PathLike[str]) -> SceneCollection:
    """Read and validate a collection; raises :class:`SceneDocumentError` for any problem."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise SceneDocumentError(path, [Problem("", "file not found")]) from None
    except IsADirectoryError:
        raise SceneDocumentError(path, [Problem("", "this is a folder, not a file")]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SceneDocumentError(path, [Problem("", f"cannot read the file: {reason}")]) from None
    return parse_collection(content, _absolute_folder(path), document_path=path)


def parse_collection(
    text: str | bytes,
    base_dir: str | os.PathLike[str],
    *,
    document_path: Path | None = None,
) -> SceneCollection:
    """Validate a collection from JSON text; relative file paths resolve against ``base_dir``.

    ``document_path`` only names the file in the error report.
    """
    base = Path(os.path.abspath(base_dir))
    data = _decode_json(text, document_path)
    if not isinstance(data, dict):
        raise SceneDocumentError(
            document_path,
            [Problem("", "must be a JSON object with format_version, name, canvases and scenes")],
        )
    try:
        data = upgrade(data)
    except FormatVersionProblem as problem:
        # A document of another format cannot be checked field by field: stop here.
        raise SceneDocumentError(document_path, [Problem("format_version", str(problem))]) from None

    problems: list[Problem] = []
    collection: SceneCollection | None = None
    try:
        collection = SceneCollection.model_validate(
            data, context={"base_dir": base, REFERENCES_CHECKED: True}
        )
    except ValidationError as exc:
        problems += problems_from_validation_error(exc, known_kinds())
    except RecursionError:
        problems.append(Problem("", "the document is nested too deeply"))
    problems += [p for p in reference_problems(data, base) if p not in problems]
    if problems or collection is None:
        raise SceneDocumentError(document_path, problems)
    return collection


def collection_to_json(collection: SceneCollection, base_dir: str | os.PathLike[str]) -> str:
    """The document text; file paths inside ``base_dir`` are written relative to it.

    Every field is written, defaults included: a default that changes in a later release must
    not change what an existing show looks like.
    """
    base = Path(os.path.abspath(base_dir))
    data = collection.model_dump(mode="json")
    for scene, scene_data in zip(collection.scenes, data["scenes"], strict=True):
        for item, item_data in zip(scene.items, scene_data["items"], strict=True):
            source = dict(item_data["source"])
            for field, value in item.source:
                if isinstance(value, Path):
                    source[field] = _portable_path(value, base)
            # kind and name first: they are what a person reading the file looks for.
            ordered = {"kind": source.pop("kind"), "name": source.pop("name")} | source
            item_data["source"] = ordered
    if collection.template is not None:
        brand = data["template"]["brand"]
        brand["fonts"] = [_portable_path(font, base) for font in collection.template.brand.fonts]
        if collection.template.brand.logo is not None:
            brand["logo"] = _portable_path(collection.template.brand.logo, base)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def save_collection(collection: SceneCollection, path: str | os.PathLike[str]) -> None:
    """Write atomically: the file at ``path`` is always either the old or the new version.

    The previous version is kept as ``path + ".bak"``; the file keeps its permissions. Raises
    OSError if the disk refuses; the existing file is then untouched.
    """
    path = Path(path)
    text = collection_to_json(collection, _absolute_folder(path))
    # A missing folder is the caller's mistake to hear about, not one to paper over.
    write_atomic(path, text.encode("utf-8"), mode=KEEP_MODE, create_folder=False)


def _decode_json(text: str | bytes, document_path: Path | None) -> Any:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")  # tolerate the BOM some Windows editors add
        except UnicodeDecodeError as exc:
            problem = Problem("", f"not UTF-8 text (bad byte at offset {exc.start})")
            raise SceneDocumentError(document_path, [problem]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(f"line {exc.lineno} column {exc.colno}", exc.msg)
        raise SceneDocumentError(document_path, [problem]) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer with 5000 digits
        raise SceneDocumentError(document_path, [Problem("", f"not valid JSON: {exc}")]) from None


def _portable_path(path: Path, base: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        # Forward slashes so a show folder moves between Windows and macOS/Linux.
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return str(absolute)


def _absolute_folder(path: Path) -> Path:
    return Path(os.path.abspath(path)).parent
