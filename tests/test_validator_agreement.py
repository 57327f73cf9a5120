"""The generated validator and jsonschema give the same verdict, so the findings are the same.

`chartgen/generated/values_validator.py` decides whether values pass the schema without importing
jsonschema; only when it says "no" does chartgen build jsonschema's validator to explain the
failure. The findings can differ only if the two verdicts differ, which this checks on every
values file the tests carry (merged with the chart defaults as chartgen validates them, and as
written), on a wrong value at every key of the contract, and on seeded random mutations of valid
values: changed values of every JSON type, deleted keys, added keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path as FilePath
from typing import Any

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chartgen.generated.values_validator import is_valid
from chartgen.schema import chart_defaults, iter_keys, load_schema
from chartgen.schema_findings import SchemaChecker, jsonschema_validator
from chartgen.validate import validate_sources
from chartgen.values.loader import ValueSources, load_values
from chartgen.values.provenance import Path, Provenance


def jsonschema_passes(values: Any) -> bool:
    return next(iter(jsonschema_validator().iter_errors(values)), None) is None


def agree(values: Any) -> None:
    expected = jsonschema_passes(values)
    assert is_valid(values) is expected, (
        f"generated validator says {not expected}, jsonschema {expected}, for {values!r:.2000}"
    )


def _value_files() -> list[FilePath]:
    files: list[FilePath] = []
    for folder in ("valid", "invalid", "union"):
        files += sorted((FIXTURES / folder).glob("*.yaml"))
    files += sorted((ROOT / "tests" / "render" / "scenarios").glob("*.yaml"))
    files += sorted((ROOT / "tests" / "chart" / "values").glob("*.yaml"))
    files.append(ROOT / "values.example.yaml")
    return files


def _loadable(path: FilePath) -> bool:
    """Whether the file reaches the schema at all (a YAML syntax error, say, does not)."""
    return load_values(ValueSources(files=[str(path)])).data is not None


FILES = [path for path in _value_files() if _loadable(path)]
INVALID = [path for path in FILES if "invalid" in path.parts]


def test_the_corpus_is_the_tests_values_files() -> None:
    assert len(FILES) > 100
    unloadable = {path.name for path in _value_files() if not _loadable(path)}
    assert unloadable <= {"alias-bomb.yaml", "duplicate-key.yaml", "multi-document.yaml",
                          "python-tag.yaml", "top-level-list.yaml", "yaml-syntax-error.yaml"}


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_every_values_file(path: FilePath) -> None:
    merged = load_values(ValueSources(files=[str(path)]))
    raw = load_values(ValueSources(files=[str(path)]), with_defaults=False)
    assert merged.data is not None and raw.data is not None
    agree(merged.data)
    agree(raw.data)


def test_the_corpus_has_both_verdicts() -> None:
    verdicts = set()
    for path in FILES:
        loaded = load_values(ValueSources(files=[str(path)]))
        if loaded.data is not None:
            verdicts.add(is_valid(loaded.data))
    assert verdicts == {True, False}


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_findings_are_jsonschemas(path: FilePath) -> None:
    """What `validate` reports for the schema is exactly what jsonschema's errors explain."""
    loaded = load_values(ValueSources(files=[str(path)]))
    assert loaded.data is not None
    expected = SchemaChecker(loaded.data, loaded.provenance).check()
    validation = validate_sources(ValueSources(files=[str(path)]), run_rules=False)
    schema_rules = {"IB100", "IB101", "IB102"}
    got = [f for f in validation.report.findings if f.rule in schema_rules]
    assert got == expected


def _set(data: dict[str, Any], path: Path, value: Any) -> None:
    target: Any = data
    for item in path[:-1]:
        target = target.setdefault(item, {}) if isinstance(target, dict) else target[item]
    target[path[-1]] = value


WRONG = [None, True, 0, -1, 1.5, 10**20, "", "x", "not-valid value", [], ["x"], {}, {"x": 1}]


@pytest.mark.parametrize(
    "path", [p for p, node in iter_keys()], ids=[".".join(map(str, p)) for p, _ in iter_keys()]
)
def test_every_key_with_values_of_every_type(path: Path) -> None:
    for value in WRONG:
        data = chart_defaults()
        _set(data, path, value)
        agree(data)


# -- seeded random mutations of valid values ---------------------------------------------------

SCHEMA_STRINGS = sorted(
    {
        str(value)
        for _, node in iter_keys()
        for value in [*node.get("enum", []), node.get("default")]
        if isinstance(value, str)
    }
    | {"10%", "101%", "40GB", "4Gi", "500m", "-1", "1e3", "2160h", "1.5h", "/data", "data",
       "0.0.0.0/0", "TCP", "UDP", "http", "a" * 64, "a" * 254, "UPPER", "name-", "-name", "é",
       "line\n", "ok\n"}
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.sampled_from([0, 1, 2, 65535, 65536, 2147483647, 2147483648, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1.0, 0.0, -0.0, 2.5, 1e300, math.inf, math.nan]),
    st.text(max_size=12),
    st.sampled_from(SCHEMA_STRINGS),
)
keys = st.one_of(
    st.sampled_from(sorted({str(p[-1]) for p, _ in iter_keys()})),
    st.text(max_size=8),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(data: Any, path: Path = ()) -> Iterator[Path]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*path, index))


def _valid_bases() -> list[dict[str, Any]]:
    bases = []
    for path in [*sorted((FIXTURES / "valid").glob("*.yaml")), ROOT / "values.example.yaml"]:
        loaded = load_values(ValueSources(files=[str(path)]))
        if loaded.data is not None and is_valid(loaded.data):
            bases.append(loaded.data)
    assert len(bases) >= 5
    return bases


BASES = _valid_bases()


def _mutate(data: Any, draw: Any) -> Any:
    import copy

    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(data) if p]
        # Favour the contract, where almost every key has a constraint.
        contract = [p for p in paths if p[0] == "imageBuilder"] or paths
        path = draw(st.sampled_from(contract if draw(st.booleans()) else paths))
        parent: Any = data
        for item in path[:-1]:
            parent = parent[item]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(keys)] = draw(json_values)
        else:
            parent[path[-1]] = draw(json_values)
    return data


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(data=st.data())
def test_seeded_mutations_of_valid_values(data: Any) -> None:
    base = data.draw(st.sampled_from(BASES))
    agree(_mutate(base, data.draw))


def test_mutations_reach_both_verdicts() -> None:
    """The property above is not vacuous: its mutations produce both verdicts."""
    seen = set()

    @settings(max_examples=200, deadline=None, database=None, derandomize=True)
    @given(data=st.data())
    def sample(data: Any) -> None:
        seen.add(is_valid(_mutate(data.draw(st.sampled_from(BASES)), data.draw)))

    sample()
    assert seen == {True, False}


def test_schema_is_the_one_compiled() -> None:
    """The generated validator comes from the schema chartgen ships (tests/test_generated.py
    checks the text; this checks one constraint end to end)."""
    port = load_schema()["properties"]["imageBuilder"]["properties"]["buildkit"]["properties"][
        "service"
    ]["properties"]["port"]
    data = chart_defaults()
    data["imageBuilder"]["buildkit"]["service"]["port"] = port["maximum"] + 1
    assert not is_valid(data)
    data["imageBuilder"]["buildkit"]["service"]["port"] = port["maximum"]
    assert is_valid(data)
    assert SchemaChecker(data, Provenance()).check() == []
