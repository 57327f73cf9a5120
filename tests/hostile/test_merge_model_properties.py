"""Property tests: Helm's merge semantics (chartgen.values.merge) against a reference model.

The model below is the semantics written as plainly as possible — later files win, maps
deep-merge, lists and scalars replace; under the chart defaults a user `null` deletes the key
and its default — and hypothesis checks the real loader + merge against it on random value
trees, including where every surviving value's provenance points.

Documents are written as indented JSON (which is YAML) so that every key sits on its own line
and a value's origin can be checked down to the line.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.values.merge import coalesce, merge_into
from chartgen.values.provenance import Path, Provenance
from chartgen.values.yaml_source import load_yaml

# -- random values ----------------------------------------------------------------------------

KEYS = st.sampled_from(["a", "b", "c", "d"])  # few keys, so documents overlap a lot
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.text(alphabet="abz 0:#-{}'\"\\é", max_size=6),
)
LEAVES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))
TREES = st.recursive(LEAVES, lambda inner: st.dictionaries(KEYS, inner, max_size=4), max_leaves=12)
DOCUMENTS = st.dictionaries(KEYS, TREES, max_size=4)

# -- the reference model ----------------------------------------------------------------------


@dataclass(frozen=True)
class Set:
    """A value together with the index of the file that wrote it."""

    file: int
    value: Any


def model_merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Helm's mergeMaps: maps deep-merge; anything else in the later file replaces."""
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = model_merge(out[key], value)
        else:
            out[key] = value
    return out


def model_coalesce(user: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Chart defaults under user values: user wins; `null` deletes the key and its default."""
    out = dict(user)
    for key, default in defaults.items():
        if key not in out:
            out[key] = default
        elif out[key] is None:
            del out[key]
        elif isinstance(out[key], dict) and isinstance(default, dict):
            out[key] = model_coalesce_tables(out[key], default)
    return out


def model_coalesce_tables(user: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Below the top level, every user `null` deletes, with or without a default."""
    out: dict[str, Any] = {}
    for key, value in user.items():
        if value is None:
            continue
        default = defaults.get(key)
        if isinstance(value, dict) and isinstance(default, dict):
            out[key] = model_coalesce_tables(value, default)
        else:
            out[key] = value
    for key, default in defaults.items():
        if key not in user and default is not None:
            out[key] = default
    return out


def tag(document: Any, file: int) -> Any:
    """Mark every non-map value with the file it comes from."""
    if isinstance(document, dict):
        return {key: tag(value, file) for key, value in document.items()}
    return Set(file, document)


def untag(document: Any) -> Any:
    if isinstance(document, dict):
        return {key: untag(value) for key, value in document.items()}
    assert isinstance(document, Set)
    return document.value


def leaves(document: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """(path, value) of every non-map value."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from leaves(value, (*path, key))
    else:
        yield path, document


def all_paths(document: Any, path: Path = ()) -> Iterator[Path]:
    yield path
    if isinstance(document, dict):
        for key, value in document.items():
            yield from all_paths(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from all_paths(value, (*path, index))


# -- the real thing ---------------------------------------------------------------------------


def source_text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def load_and_merge(documents: list[dict[str, Any]]) -> tuple[dict[str, Any], Provenance]:
    merged: dict[str, Any] = {}
    provenance = Provenance()
    for index, document in enumerate(documents):
        loaded = load_yaml(source_text(document).encode("utf-8"), f"f{index}.yaml")
        assert loaded.findings == [] and loaded.data == document
        merge_into(merged, provenance, loaded.data, loaded.provenance)
    return merged, provenance


FILES = st.lists(DOCUMENTS, min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(FILES)
def test_merge_matches_the_model(documents: list[dict[str, Any]]) -> None:
    merged, _ = load_and_merge(documents)
    expected: dict[str, Any] = {}
    for document in documents:
        expected = model_merge(expected, document)
    assert merged == expected


@settings(max_examples=150, deadline=None)
@given(FILES)
def test_provenance_points_at_the_file_that_set_each_value_last(
    documents: list[dict[str, Any]],
) -> None:
    merged, provenance = load_and_merge(documents)
    tagged: dict[str, Any] = {}
    for index, document in enumerate(documents):
        tagged = model_merge(tagged, tag(document, index))
    assert untag(tagged) == merged
    for path, written in leaves(tagged):
        origin = provenance.origins.get(path)
        assert origin is not None, path
        assert origin.value.file == f"f{written.file}.yaml", path
        # The origin is the line that wrote this key, in that file.
        assert origin.value.line is not None
        line = source_text(documents[written.file]).splitlines()[origin.value.line - 1]
        assert line.lstrip().startswith(json.dumps(path[-1], ensure_ascii=False) + ":"), line
    # No stale origins: every recorded path still exists.
    assert set(provenance.origins) <= set(all_paths(merged)) - {()}


@settings(max_examples=100, deadline=None)
@given(DOCUMENTS)
def test_merging_a_file_with_itself_is_idempotent(document: dict[str, Any]) -> None:
    once, once_provenance = load_and_merge([document])
    twice, twice_provenance = load_and_merge([document, document])
    assert twice == once == document
    # The second copy wrote every value last; apart from the file name, nothing moved.
    renamed = {
        path: (origin.value.line, origin.value.column)
        for path, origin in twice_provenance.origins.items()
    }
    assert renamed == {
        path: (origin.value.line, origin.value.column)
        for path, origin in once_provenance.origins.items()
    }
    assert {o.value.file for o in twice_provenance.origins.values()} <= {"f1.yaml"}


@settings(max_examples=100, deadline=None)
@given(DOCUMENTS, DOCUMENTS)
def test_later_files_win_and_maps_deep_merge(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    merged, _ = load_and_merge([first, second])
    second_leaves = dict(leaves(second))
    second_paths = set(all_paths(second))
    for path, value in second_leaves.items():
        assert lookup(merged, path) == value  # the later file wins
    for path, value in leaves(first):
        replaced = path in second_paths or any(
            path[:n] in second_leaves for n in range(1, len(path))
        )
        if not replaced:
            assert lookup(merged, path) == value  # untouched keys of the earlier file survive


def lookup(document: Any, path: Path) -> Any:
    for key in path:
        document = document[key]
    return document


@settings(max_examples=150, deadline=None)
@given(FILES, DOCUMENTS)
def test_defaults_go_under_and_null_deletes(
    documents: list[dict[str, Any]], defaults: dict[str, Any]
) -> None:
    merged, provenance = load_and_merge(documents)
    user = copy.deepcopy(merged)
    coalesce(merged, copy.deepcopy(defaults), provenance)
    assert merged == model_coalesce(user, defaults)
    for key, value in user.items():
        if value is None and key in defaults:
            assert key not in merged  # deleted together with its default
            assert (key,) in provenance.deleted
    # Values the user wrote keep their origin; values from the defaults are marked as such.
    for path, _ in leaves(merged):
        if provenance.is_default(path):
            continue
        origin = provenance.origins.get(path)
        assert origin is not None and origin.value.file.startswith("f"), path
    for key in defaults:
        if key not in user:
            assert provenance.is_default((key,))
