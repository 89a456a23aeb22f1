"""Whatever a file contains, loading it either works or raises SceneDocumentError."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from studio.scene import SceneDocumentError, parse_collection
from tests.scene.conftest import LOGO, valid_doc

SHOW_DIR = Path(tempfile.mkdtemp(prefix="scene-fuzz-"))
(SHOW_DIR / "logo.png").write_bytes(LOGO.read_bytes())

FIELD_NAMES = [
    "format_version", "name", "canvases", "scenes", "items", "source", "kind", "transform",
    "crop", "opacity", "fps", "width", "height", "scene", "id", "path", "z_order", "fit",
]  # fmt: skip
KINDS = ["camera", "color", "image", "media", "microphone", "test_pattern", "text", "tone"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from([*KINDS, "30000/1001", "logo.png", "1/0", "", "Live", "x" * 300]),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=5),
    ),
    max_leaves=30,
)


def _parse(text: str) -> None:
    try:
        parse_collection(text, SHOW_DIR)
    except SceneDocumentError as error:
        assert error.problems
        assert str(error)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_arbitrary_json_never_crashes(value: Any) -> None:
    _parse(json.dumps(value))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    _parse(text)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_damaged_valid_documents_never_crash(data: st.DataObject) -> None:
    doc = valid_doc()
    for _ in range(data.draw(st.integers(1, 4))):
        target: Any = doc
        # walk down a random path, then replace what is there
        while True:
            keys = list(target) if isinstance(target, dict) else list(range(len(target)))
            if not keys:
                break
            key = data.draw(st.sampled_from(keys))
            child = target[key]
            if isinstance(child, dict | list) and child and data.draw(st.booleans()):
                target = child
                continue
            if data.draw(st.booleans()):
                target[key] = data.draw(json_values)
            elif isinstance(target, dict):
                del target[key]
            break
    _parse(json.dumps(doc))
