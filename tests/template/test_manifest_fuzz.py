"""Whatever a stranger's bundle holds, reading it either works or raises BundleError: never
another exception, never a crash, never a file left behind."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.template import BundleError, check_bundle, parse_manifest
from tests.template.conftest import (
    RawEntry,
    bundle_entries,
    manifest_doc,
    raw_zip,
    template_files,
)

FIELD_NAMES = [
    "format_version", "kind", "name", "version", "author", "description", "orientation",
    "canvases", "files", "width", "height",
]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "template", "profile", "landscape", "vertical", "both", "../x.png", "assets/a.png",
            "collection.json", "manifest.json", "a" * 64, "0" * 64, "\x1b[31m", "C:\\x", "",
            10**30, 2, 1, 0, -1,
        ]
    ),
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=12), children, max_size=6),
    ),
    max_leaves=30,
)
# Near misses: a valid manifest with one field replaced by anything.
near_misses = st.builds(
    lambda field, value: manifest_doc(files={}) | {field: value},
    st.sampled_from(FIELD_NAMES),
    json_values,
)


def _parse(content: bytes) -> None:
    try:
        parse_manifest(content)
    except BundleError as error:
        assert str(error)
        assert "\x1b" not in str(error)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, near_misses))
def test_any_json_manifest_is_read_or_refused(value: Any) -> None:
    _parse(json.dumps(value).encode())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_as_a_manifest_are_read_or_refused(content: bytes) -> None:
    _parse(content)


@pytest.fixture(scope="module")
def valid_bundle() -> bytes:
    return raw_zip(bundle_entries())


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _check(content: bytes, folder: Path) -> None:
    bundle = folder / "fuzzed.lsstemplate"
    bundle.write_bytes(content)
    scratch = Path(tempfile.gettempdir())
    before = set(scratch.glob("liveshop-bundle-*"))
    try:
        check_bundle(bundle)
    except BundleError as error:
        assert str(error)
    assert set(scratch.glob("liveshop-bundle-*")) == before  # nothing left behind


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=2000))
def test_random_bytes_are_refused(content: bytes, fuzz_folder: Path) -> None:
    _check(content, fuzz_folder)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_a_mutated_bundle_is_read_or_refused(
    data: st.DataObject, valid_bundle: bytes, fuzz_folder: Path
) -> None:
    content = bytearray(valid_bundle)
    # Bytes flipped where they matter most: the headers at both ends; anywhere otherwise.
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        region = data.draw(st.sampled_from(["start", "end", "anywhere"]), label="region")
        if region == "start":
            position = data.draw(st.integers(0, min(200, len(content) - 1)))
        elif region == "end":
            position = data.draw(st.integers(max(0, len(content) - 400), len(content) - 1))
        else:
            position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans(), label="truncate"):
        content = content[: data.draw(st.integers(0, len(content)))]
    _check(bytes(content), fuzz_folder)


@pytest.fixture(scope="module")
def valid_files() -> dict[str, bytes]:
    return template_files()


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_a_damaged_asset_with_an_honest_hash_is_read_or_refused(
    data: st.DataObject, valid_files: dict[str, bytes], fuzz_folder: Path
) -> None:
    """The manifest vouches for the damaged file, so the decoders themselves meet it."""
    name = data.draw(st.sampled_from(sorted(valid_files)), label="entry")
    content = bytearray(valid_files[name])
    reach = data.draw(st.sampled_from([64, 1024, len(content)]), label="reach")
    for _ in range(data.draw(st.integers(1, 8), label="mutations")):
        position = data.draw(st.integers(0, min(reach, len(content)) - 1))
        content[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans(), label="truncate"):
        content = content[: data.draw(st.integers(0, len(content)))]
    files = valid_files | {name: bytes(content)}
    _check(raw_zip(bundle_entries(files)), fuzz_folder)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.binary(max_size=50)), max_size=6))
def test_a_zip_of_arbitrary_entries_is_refused(
    entries: list[tuple[str, bytes]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _check(raw_zip([RawEntry(name, data) for name, data in entries]), Path(folder))
