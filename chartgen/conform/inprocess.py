"""The in-process engine: jsonschema over the same standalone schema files kubeconform reads.

Used when kubeconform is not on PATH (or when asked for). The standalone files declare JSON
Schema 2020-12, which both this engine and kubeconform's validator library honour; neither
asserts `format` under 2020-12, so both accept and reject the same values. Strictness (unknown
fields are errors) comes from the `additionalProperties: false` of the strict schema files.
Duplicate keys cannot reach this engine: objects arrive as parsed mappings.

Errors are reported the way kubeconform's validator library reports them, so that findings
are identical whichever engine ran: one error per failing schema node, where a failing `type`
(then `const`, then `enum`) hides the other keywords of that node; all missing required
properties in one error; all unknown properties in one error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from chartgen.conform.objects import (
    Prepared,
    SchemaError,
    Verdict,
    display,
    join_quoted,
    json_type,
    quote,
    wanted_types,
)

_FIRST_FAILURE = ("type", "const", "enum")


def validate(batch: list[Prepared]) -> list[Verdict]:
    from jsonschema.exceptions import SchemaError as BrokenSchema
    from jsonschema.exceptions import UnknownType
    from referencing.exceptions import Unresolvable

    schema_failures = (BrokenSchema, UnknownType, Unresolvable)
    verdicts = []
    for item in batch:
        if item.schema is None:
            verdicts.append(Verdict("skipped"))
            continue
        try:
            validator = _validator(item.schema.path)
        except (OSError, ValueError) as exc:
            verdicts.append(Verdict("error", detail=f"cannot load {item.schema.path}: {exc}"))
            continue
        try:
            errors = schema_errors(validator, item.document)
        except schema_failures as exc:  # a broken schema file, not a broken object
            verdicts.append(Verdict("error", detail=f"{item.schema.path}: {exc}"))
            continue
        verdicts.append(Verdict("invalid", tuple(errors)) if errors else Verdict("valid"))
    return verdicts


def _validator(path: Path) -> Any:
    stat = path.stat()
    return _cached_validator(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _cached_validator(path: str, mtime_ns: int, size: int) -> Any:
    from jsonschema.validators import Draft202012Validator, validator_for

    with open(path, encoding="utf-8") as stream:
        schema = json.load(stream)
    cls = validator_for(schema, default=Draft202012Validator)
    return cls(schema)


def schema_errors(validator: Any, document: Any) -> list[SchemaError]:
    """Leaf errors of one document, grouped and worded like kubeconform's."""
    nodes: dict[tuple[tuple[str, ...], tuple[Any, ...]], list[Any]] = {}
    for error in validator.iter_errors(document):
        pointer = tuple(str(part) for part in error.absolute_path)
        schema_node = tuple(error.absolute_schema_path)[:-1]
        nodes.setdefault((pointer, schema_node), []).append(error)
    found: set[SchemaError] = set()
    for (pointer, _), errors in nodes.items():
        for keyword in _FIRST_FAILURE:
            first = [e for e in errors if e.validator == keyword]
            if first:
                errors = first[:1]
                break
        for message in _messages(validator, errors):
            found.add(SchemaError(pointer, message))
    return sorted(found, key=lambda e: (e.pointer, e.message))


def _messages(validator: Any, errors: list[Any]) -> Iterable[str]:
    required_done = False
    for error in errors:
        keyword = error.validator
        if keyword == "required":
            # jsonschema reports each missing property; the Go library reports them together.
            if required_done:
                continue
            required_done = True
            names = sorted(n for n in error.validator_value if n not in error.instance)
            if len(names) == 1:
                yield f"missing property {quote(names[0])}"
            else:
                yield f"missing properties {join_quoted(names)}"
        else:
            yield _message(validator, error)


def _message(validator: Any, error: Any) -> str:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "type":
        return f"got {json_type(instance)}, want {wanted_types(value)}"
    if keyword == "additionalProperties":
        return (
            f"additional properties {join_quoted(_additional(error.schema, instance))} not allowed"
        )
    if keyword == "enum":
        if any(isinstance(v, (list, dict)) for v in value):
            return "enum failed"
        if len(value) == 1:
            return f"value must be {display(value[0])}"
        return "value must be one of " + ", ".join(display(v) for v in value)
    if keyword == "const":
        return (
            "const failed" if isinstance(value, (list, dict)) else f"value must be {display(value)}"
        )
    if keyword == "oneOf":
        matched = [i for i, s in enumerate(value) if validator.evolve(schema=s).is_valid(instance)]
        if len(matched) < 2:
            return "oneOf failed, none matched"
        return f"oneOf failed, subschemas {matched[0]}, {matched[1]} matched"
    if keyword in ("anyOf", "not"):
        return f"{keyword} failed"
    if keyword in ("minLength", "maxLength"):
        return f"{keyword}: got {len(instance)}, want {value}"
    if keyword in ("minItems", "maxItems", "minProperties", "maxProperties"):
        return f"{keyword}: got {len(instance)}, want {value}"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        return f"{keyword}: got {display(float(instance))}, want {display(float(value))}"
    if keyword == "pattern":
        return f"{quote(instance)} does not match pattern {quote(value)}"
    if keyword is None or error.schema is False:
        return "false schema"
    return str(error.message)


def _additional(schema: dict[str, Any], instance: dict[str, Any]) -> list[str]:
    known = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return sorted(
        name for name in instance if name not in known and not any(p.search(name) for p in patterns)
    )
