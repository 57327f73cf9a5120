"""The typed model and the JSON Schema describe the same keys, defaults and enums.

The schema is the single source of truth; the model's sections are generated from it
(`chartgen/generated/values_model.py`, `python -m chartgen.codegen`; tests/test_generated.py
fails when that file is stale). This walks both and fails on any key, default or allowed value
that differs, and checks that a model built from valid values holds exactly those values.
"""

from __future__ import annotations

import typing
from typing import Any

import pytest

from chartgen import model
from chartgen.model import Section
from chartgen.schema import chart_defaults, load_schema, resolve_ref


def _section_of(owner: type[Section], key: str) -> type[Section] | None:
    return next((section for k, _, section in owner.FIELDS if k == key), None)


def _attribute_of(owner: type[Section], key: str) -> str | None:
    return next((attribute for k, attribute, _ in owner.FIELDS if k == key), None)


def _literals(annotation: Any) -> set[Any] | None:
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        found = _literals(arg)
        if found is not None:
            return found
    return None


def _walk(
    schema_node: dict[str, Any], cls: type[Section], path: str = ""
) -> list[tuple[str, dict[str, Any], type[Section], str]]:
    result = []
    node = resolve_ref(schema_node)
    for key, raw in node.get("properties", {}).items():
        child = resolve_ref(raw)
        full = f"{path}.{key}".lstrip(".")
        result.append((full, child, cls, key))
        sub = _section_of(cls, key)
        if sub is not None and "properties" in child:
            result.extend(_walk(child, sub, full))
    return result


SCHEMA = load_schema()
PAIRS = _walk(SCHEMA, model.Values)


@pytest.mark.parametrize("path, node, owner, key", PAIRS, ids=[p[0] for p in PAIRS])
def test_every_schema_key_is_a_model_field(
    path: str, node: dict[str, Any], owner: type[Section], key: str
) -> None:
    assert _attribute_of(owner, key) is not None, (
        f"{path} is in the schema but not in {owner.__name__}"
    )


@pytest.mark.parametrize("path, node, owner, key", PAIRS, ids=[p[0] for p in PAIRS])
def test_defaults_and_enums_agree(
    path: str, node: dict[str, Any], owner: type[Section], key: str
) -> None:
    attribute = _attribute_of(owner, key)
    assert attribute is not None
    default = getattr(owner(), attribute)
    if isinstance(default, Section):
        default = default.as_data()
    if "default" in node:
        assert default == node["default"], path
    elif _section_of(owner, key) is None:
        assert default is None, f"{path} has no schema default, so the model must not invent one"
    annotation = typing.get_type_hints(owner)[attribute]
    literals = _literals(annotation)
    if "enum" in node:
        assert literals == set(node["enum"]), path
    elif literals is not None:
        pytest.fail(f"{path}: the model restricts values the schema allows")


def test_every_model_field_is_in_the_schema() -> None:
    documented = {p[0] for p in PAIRS}

    def fields(cls: type[Section], prefix: str = "") -> list[str]:
        out = []
        for key, _, section in cls.FIELDS:
            full = f"{prefix}.{key}".lstrip(".")
            out.append(full)
            if section is not None:
                out.extend(fields(section, full))
        return out

    missing = [f for f in fields(model.Values) if f not in documented]
    assert not missing, f"model fields without schema documentation: {missing}"


def test_model_defaults_equal_schema_defaults_as_a_whole() -> None:
    """Building the model from the schema's chart defaults equals the model's own defaults."""
    from_schema = model.build_model(chart_defaults()).imageBuilder.as_data()
    from_model = model.ImageBuilder().as_data()
    assert from_schema == from_model


def test_every_key_has_a_description() -> None:
    undocumented = [p for p, node, _, _ in PAIRS if not node.get("description")]
    assert not undocumented


def test_sections_are_read_only() -> None:
    values = model.build_model({})
    with pytest.raises(AttributeError):
        values.imageBuilder.enabled = False  # type: ignore[misc]
    assert values == model.build_model({}) and values != model.build_model({"low_privilege": False})


def _valid_value_sets() -> list[Any]:
    from conftest import FIXTURES, ROOT

    files = sorted((FIXTURES / "valid").glob("*.yaml"))
    files += sorted((ROOT / "tests" / "render" / "scenarios").glob("*.yaml"))
    return [pytest.param(f, id=f.name) for f in files]


def _projection(data: dict[str, Any], cls: type[Section]) -> dict[str, Any]:
    """What a section of `cls` must hold for `data`: every field's value as given (nested
    sections projected alike), the model's default for a key the data leaves out."""
    defaults = cls()
    out: dict[str, Any] = {}
    for key, attribute, section in cls.FIELDS:
        if key not in data:
            value = getattr(defaults, attribute)
            out[key] = value.as_data() if isinstance(value, Section) else value
        elif section is not None and isinstance(data[key], dict):
            out[key] = _projection(data[key], section)
        else:
            out[key] = data[key]
    return out


@pytest.mark.parametrize("path", _valid_value_sets())
def test_model_holds_exactly_the_validated_values(path: Any) -> None:
    """The model is built without validating again (the JSON Schema already ran); on every
    valid input it holds exactly the merged values, section by section."""
    from chartgen.validate import validate_sources
    from chartgen.values.loader import ValueSources

    validation = validate_sources(ValueSources(files=[str(path)]))
    data = validation.loaded.data
    assert data is not None and validation.values is not None, validation.report.sorted()
    built = model.build_model(data)
    assert built.as_data() == _projection(data, model.Values)
    assert built == validation.values
