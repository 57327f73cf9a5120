"""A value of the wrong type at every key of the contract is an error located at that key.

Generated from the schema: for every documented leaf key (`chartgen.schema.iter_keys()`), a
values document sets just that key to a value the schema does not accept for its type, and
`chartgen validate` must exit 1 with a finding whose path is that key's path and whose location
is the line that set it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import run_cli
from jsonschema import Draft202012Validator

from chartgen.schema import iter_keys, load_schema
from chartgen.values.provenance import Path, format_path

# Candidate wrong values, each of a different JSON type.
CANDIDATES: list[tuple[str, Any]] = [
    ("integer", 12345),
    ("string", "not-this"),
    ("array", ["a", "list"]),
    ("object", {"a": "mapping"}),
    ("boolean", True),
]


def allowed_types(node: dict[str, Any]) -> set[str]:
    types: set[str] = set()
    kind = node.get("type")
    if isinstance(kind, str):
        types.add(kind)
    elif isinstance(kind, list):
        types.update(kind)
    for option in node.get("anyOf", []) + node.get("oneOf", []):
        types |= allowed_types(option)
    if "integer" in types:
        types.add("number")
    if "number" in types:
        types.add("integer")
    return types


def is_leaf(node: dict[str, Any]) -> bool:
    return not (node.get("type") == "object" and "properties" in node)


def wrong_value(node: dict[str, Any]) -> Any:
    """A value of a JSON type the key does not accept (and that its schema rejects)."""
    allowed = allowed_types(node)
    standalone = Draft202012Validator({**node, "$defs": load_schema().get("$defs", {})})
    for kind, value in CANDIDATES:
        if kind not in allowed and not standalone.is_valid(value):
            return value
    raise AssertionError(f"no wrong-typed value for {node}")


LEAVES: list[tuple[Path, Any]] = [
    (path, wrong_value(node)) for path, node in iter_keys() if is_leaf(node)
]


def block_yaml(path: Path, value: Any) -> str:
    """The document as block YAML, one key per line, so the key's line is predictable."""
    lines = [f"{'  ' * depth}{json.dumps(key)}:" for depth, key in enumerate(path)]
    lines[-1] += f" {json.dumps(value)}"
    return "\n".join(lines) + "\n"


def test_every_leaf_is_covered() -> None:
    assert len(LEAVES) > 80
    paths = {".".join(map(str, p)) for p, _ in LEAVES}
    assert "imageBuilder.authenticationType" in paths
    assert "imageBuilder.buildkit.service.port" in paths
    assert "imageBuilder.buildkit.pdb.minAvailable" in paths


@pytest.mark.parametrize(
    "path, value", [pytest.param(p, v, id=".".join(map(str, p))) for p, v in LEAVES]
)
def test_wrong_type_at_every_key(path: Path, value: Any) -> None:
    text = block_yaml(path, value)
    result = run_cli("validate", "-o", "json", "-", input=text)
    assert result.exception is None, result.exception
    assert result.exit_code == 1, text + result.stdout
    document = json.loads(result.stdout)
    findings = document["results"][0]["findings"]
    expected_path = format_path(path)
    at_key = [f for f in findings if f["path"] == expected_path and f["severity"] == "error"]
    assert at_key, f"no error at {expected_path}:\n{text}{result.stdout}"
    (finding, *_) = at_key
    assert finding["rule"] == "IB100"
    assert finding["file"] == "<stdin>"
    assert finding["line"] == len(path), text  # the line that set the value
