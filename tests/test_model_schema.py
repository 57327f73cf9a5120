"""The typed model and the JSON Schema describe the same keys, defaults and enums.

The schema is the single source of truth; `chartgen/model.py` mirrors it by hand for typing.
This walks both and fails on any key, default or allowed value that differs.
"""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel

from chartgen import model
from chartgen.schema import chart_defaults, load_schema, resolve_ref

_NO_DEFAULT = object()


def _model_class(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _literals(annotation: Any) -> set[Any] | None:
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        found = _literals(arg)
        if found is not None:
            return found
    return None


def _pairs(
    schema_node: dict[str, Any], cls: type[BaseModel], path: str = ""
) -> list[tuple[str, dict[str, Any], type[BaseModel], str]]:
    out = []
    node = resolve_ref(schema_node)
    for key, child in node.get("properties", {}).items():
        out.append((f"{path}.{key}".lstrip("."), resolve_ref(child), cls, key))
    return out


def _walk(
    schema_node: dict[str, Any], cls: type[BaseModel], path: str = ""
) -> list[tuple[str, dict[str, Any], type[BaseModel], str]]:
    result = []
    for full, child, owner, key in _pairs(schema_node, cls, path):
        result.append((full, child, owner, key))
        field = owner.model_fields.get(key) or next(
            (f for f in owner.model_fields.values() if f.alias == key), None
        )
        if field is None:
            continue
        sub = _model_class(field.annotation)
        if sub is not None and "properties" in child:
            result.extend(_walk(child, sub, full))
    return result


SCHEMA = load_schema()
PAIRS = _walk(SCHEMA, model.Values)


@pytest.mark.parametrize("path, node, owner, key", PAIRS, ids=[p[0] for p in PAIRS])
def test_every_schema_key_is_a_model_field(
    path: str, node: dict[str, Any], owner: type[BaseModel], key: str
) -> None:
    names = {f.alias or name for name, f in owner.model_fields.items()}
    assert key in names, f"{path} is in the schema but not in {owner.__name__}"


@pytest.mark.parametrize("path, node, owner, key", PAIRS, ids=[p[0] for p in PAIRS])
def test_defaults_and_enums_agree(
    path: str, node: dict[str, Any], owner: type[BaseModel], key: str
) -> None:
    field = owner.model_fields.get(key) or next(
        f for f in owner.model_fields.values() if f.alias == key
    )
    if "default" in node:
        default = field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            default = default.model_dump(by_alias=True)
        assert default == node["default"], path
    elif _model_class(field.annotation) is None:
        assert field.get_default(call_default_factory=True) is None, (
            f"{path} has no schema default, so the model must not invent one"
        )
    literals = _literals(field.annotation)
    if "enum" in node:
        assert literals == set(node["enum"]), path
    elif literals is not None:
        pytest.fail(f"{path}: the model restricts values the schema allows")


def test_every_model_field_is_in_the_schema() -> None:
    documented = {p[0] for p in PAIRS}

    def fields(cls: type[BaseModel], prefix: str = "") -> list[str]:
        out = []
        for name, field in cls.model_fields.items():
            key = field.alias or name
            full = f"{prefix}.{key}".lstrip(".")
            out.append(full)
            sub = _model_class(field.annotation)
            if sub is not None:
                out.extend(fields(sub, full))
        return out

    missing = [f for f in fields(model.Values) if f not in documented]
    assert not missing, f"model fields without schema documentation: {missing}"


def test_model_defaults_equal_schema_defaults_as_a_whole() -> None:
    """Building the model from the schema's chart defaults equals the model's own defaults."""
    from_schema = model.build_model(chart_defaults()).imageBuilder.model_dump()
    from_model = model.ImageBuilder().model_dump()
    assert from_schema == from_model


def test_every_key_has_a_description() -> None:
    undocumented = [p for p, node, _, _ in PAIRS if not node.get("description")]
    assert not undocumented


def _valid_value_sets() -> list[Any]:
    from conftest import FIXTURES, ROOT

    files = sorted((FIXTURES / "valid").glob("*.yaml"))
    files += sorted((ROOT / "tests" / "render" / "scenarios").glob("*.yaml"))
    return [pytest.param(f, id=f.name) for f in files]


@pytest.mark.parametrize("path", _valid_value_sets())
def test_constructed_model_equals_validated_model(path: Any) -> None:
    """`build_model` skips pydantic's validation (the JSON Schema already ran) for start-up
    speed; on every valid input it must equal what pydantic's validation builds."""
    from chartgen.validate import validate_sources
    from chartgen.values.loader import ValueSources

    validation = validate_sources(ValueSources(files=[str(path)]))
    data = validation.loaded.data
    assert data is not None and validation.values is not None, validation.report.sorted()
    constructed = model.build_model(data)
    validated = model.build_model(data, validate=True)
    assert constructed.model_dump(by_alias=True) == validated.model_dump(by_alias=True)
    assert constructed.default_repository() == validated.default_repository()
    assert constructed.service_account_name == validated.service_account_name
