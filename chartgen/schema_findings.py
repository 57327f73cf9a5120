"""Schema failures as findings: what is wrong, where, and what to do.

Only called for values the generated validator (`chartgen/generated/values_validator.py`) has
refused, so jsonschema is imported only when there is something to explain: its errors are
turned into located findings whose messages say what is wrong and what to do, including "did you
mean" for unknown keys. tests/test_validator_agreement.py proves the two validators agree, so the
findings are the same as if jsonschema had checked every run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from chartgen.findings import FIXED_UNUSABLE_VALUES, Finding, FindingKind, Location, Severity
from chartgen.schema import ecma_regex, load_schema, resolve_ref, suggest
from chartgen.values.provenance import Path, Provenance, dotted, format_path

SCHEMA = FindingKind(
    "IB100",
    "schema",
    Severity.ERROR,
    """A value has the wrong type, is out of range, or is not one of the allowed values.

The message names the key, the value found and what is expected; `chartgen explain KEY` shows
the key's documentation.""",
    fixed=FIXED_UNUSABLE_VALUES,
)
UNKNOWN_KEY = FindingKind(
    "IB101",
    "unknown-key",
    Severity.ERROR,
    """A key inside `imageBuilder` is not part of the values contract.

Helm would ignore it silently, so the setting you meant never takes effect. The finding suggests
the nearest valid key (`authenticationtype` → `authenticationType`). Keys outside
`imageBuilder` belong to the rest of the data-plane chart and are not checked.""",
    fixed=FIXED_UNUSABLE_VALUES,
)
MISSING_KEY = FindingKind(
    "IB102",
    "missing-key",
    Severity.ERROR,
    """A required key is missing — usually because `null` deleted it.

In Helm, `key: null` deletes the key *and its default*. Remove the `null` line to keep the
default.""",
    fixed=FIXED_UNUSABLE_VALUES,
)

KINDS: tuple[FindingKind, ...] = (SCHEMA, UNKNOWN_KEY, MISSING_KEY)


@cache
def jsonschema_validator() -> Any:
    from jsonschema import Draft202012Validator, ValidationError, validators

    def pattern(validator: Any, regex: str, instance: Any, schema: dict[str, Any]) -> Any:
        if validator.is_type(instance, "string") and not ecma_regex(regex).search(instance):
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    # JSON Schema patterns are ECMA-262 regexes, and Helm checks the same schema with Go's
    # regexp: in both, `$` matches only at the very end. Python's `$` also matches before a
    # final newline, which would accept `name: "build-image-config\n"` that Helm refuses.
    strict = validators.extend(Draft202012Validator, {"pattern": pattern})  # type: ignore[no-untyped-call]
    return strict(load_schema())


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"string {json.dumps(shown)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


def _type_hint(
    expected: list[str], value: Any, key: str, path: Path, location: Location | None
) -> str:
    """What to write instead, in the words of where the value came from (a file or a --set
    flag, `origin_advice`), and only what fits the text given: `replicaCount: "2"` may lose its
    quotes, `replicaCount: "two"` is told what the key takes."""
    from chartgen.values.origin_advice import as_structure, as_typed, keep_as_string

    if "string" in expected and isinstance(value, (int, float, bool)):
        return keep_as_string(key, dotted(path), json.dumps(value), location)
    if isinstance(value, str):
        for kind in ("boolean", "integer", "number"):
            if kind in expected:
                return as_typed(key, dotted(path), value, kind, location)
    for kind in ("object", "array"):
        if kind in expected:
            return as_structure(key, dotted(path), kind, location)
    return "Use the type the key documents (`chartgen explain KEY`)."


class SchemaChecker:
    """Validates merged values against the schema and explains each failure."""

    def __init__(self, data: dict[str, Any], provenance: Provenance) -> None:
        self.data = data
        self.provenance = provenance

    def check(self) -> list[Finding]:
        findings: list[Finding] = []
        errors = sorted(
            jsonschema_validator().iter_errors(self.data), key=lambda e: list(e.absolute_path)
        )
        for error in errors:
            findings.extend(self.explain(error))
        return findings

    def finding(
        self, rule: str, path: Path, message: str, hint: str, *, key: bool = False
    ) -> Finding:
        return Finding(
            rule,
            Severity.ERROR,
            message,
            format_path(path),
            hint,
            self.provenance.locate(path, key=key),
        )

    def explain(self, error: Any) -> Iterator[Finding]:
        path: Path = tuple(error.absolute_path)
        name = str(path[-1]) if path else "values"
        validator = error.validator
        value = error.instance
        schema = error.schema
        if validator == "additionalProperties" and isinstance(value, dict):
            known = list(schema.get("properties", {}))
            for extra in sorted(set(value) - set(known)):
                guess = suggest(extra, known)
                where = dotted(path) or "the top level"
                message = f"unknown key {extra!r} in {where}"
                if guess:
                    message += f"; did you mean {guess!r}?"
                    hint = f"Rename {extra!r} to {guess!r}."
                else:
                    hint = f"Remove it; the keys allowed here are: {', '.join(known)}."
                yield self.finding(UNKNOWN_KEY.id, (*path, extra), message, hint, key=True)
            return
        if validator == "required":
            missing = [k for k in error.validator_value if k not in value]
            for key in missing:
                target = (*path, key)
                deleted = self.provenance.deleted.get(target)
                location: Location | None
                if deleted is not None:
                    message = (
                        f"{dotted(target)} is required, but `null` deleted it (and its default)"
                    )
                    hint = "Remove the `null` line to keep the default, or set a real value."
                    location = deleted.key or deleted.value
                else:
                    message = f"{dotted(target)} is required"
                    hint = "Set it (see `chartgen explain " + dotted(target) + "`)."
                    location = self.provenance.locate(path)
                yield Finding(
                    MISSING_KEY.id, Severity.ERROR, message, format_path(target), hint, location
                )
            return
        if validator == "type":
            expected = validator_list(error.validator_value)
            words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
            yield self.finding(
                SCHEMA.id,
                path,
                f"{_label(path)} must be {words}, not {_describe(value)}",
                _type_hint(expected, value, name, path, self.provenance.locate(path)),
            )
            return
        if validator == "enum":
            allowed = error.validator_value
            guess = (
                suggest(str(value), [str(a) for a in allowed]) if isinstance(value, str) else None
            )
            message = f"{_label(path)} is {_describe(value)}; allowed: " + ", ".join(
                json.dumps(a) for a in allowed
            )
            hint = f"Use {guess!r}." if guess else "Pick one of the allowed values."
            yield self.finding(SCHEMA.id, path, message, hint)
            return
        if validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            relation = {
                "minimum": "at least",
                "maximum": "at most",
                "exclusiveMinimum": "more than",
                "exclusiveMaximum": "less than",
            }[validator]
            yield self.finding(
                SCHEMA.id,
                path,
                f"{_label(path)} is {value}; it must be {relation} {error.validator_value}",
                f"Set {name} to {relation} {error.validator_value}.",
            )
            return
        if validator in ("maxLength", "minLength"):
            relation = "at most" if validator == "maxLength" else "at least"
            yield self.finding(
                SCHEMA.id,
                path,
                f"{_label(path)} is {len(value)} characters long; it must be {relation} "
                f"{error.validator_value}",
                "Shorten it." if validator == "maxLength" else "Set a non-empty value.",
            )
            return
        if validator == "pattern":
            description = schema.get("description", "")
            yield self.finding(
                SCHEMA.id,
                path,
                f"{_label(path)} {_describe(value)} is not valid here"
                + (f" ({description.rstrip('.')})" if description else ""),
                _pattern_hint(error.validator_value),
            )
            return
        if validator == "anyOf":
            description = resolve_ref(schema).get("description", "")
            yield self.finding(
                SCHEMA.id,
                path,
                f"{_label(path)} {_describe(value)} is not valid"
                + (f": {description.rstrip('.')}" if description else ""),
                _any_of_hint(schema, path),
            )
            return
        if validator in ("minProperties", "propertyNames", "minItems", "maxItems"):
            yield self.finding(
                SCHEMA.id,
                path,
                f"{_label(path)}: {error.message}",
                "See `chartgen explain " + _explain_key(path) + "`.",
            )
            return
        yield self.finding(
            SCHEMA.id,
            path,
            f"{_label(path)}: {error.message}",
            "See `chartgen explain " + _explain_key(path) + "`.",
        )


def _label(path: Path) -> str:
    """How a message names the key: its last component (`tolerations[0]` for list items)."""
    if not path:
        return "values"
    tail: list[str | int] = []
    for item in reversed(path):
        tail.insert(0, item)
        if isinstance(item, str):
            break
    return dotted(tuple(tail))


def _explain_key(path: Path) -> str:
    return ".".join(str(p) for p in path if not isinstance(p, int)) or "imageBuilder"


def validator_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _any_of_hint(schema: dict[str, Any], path: Path) -> str:
    for option in resolve_ref(schema).get("anyOf", []):
        if "pattern" in option:
            return _pattern_hint(option["pattern"])
    return "See `chartgen explain " + _explain_key(path) + "` for the accepted forms."


def _pattern_hint(pattern: str) -> str:
    if "a-z0-9" in pattern:
        return (
            "Use lower-case letters, digits and '-' (a DNS name), starting and ending with a "
            "letter or digit."
        )
    if "KMGTPE" in pattern:
        return "Write a Kubernetes quantity such as 500m, 2, 4Gi or 50Gi."
    if "%" in pattern:
        return "Write a whole number or a percentage such as 50%."
    if pattern.startswith("^/"):
        return "Use an absolute path starting with '/'."
    return f"The value must match {pattern}."


def validate_values(data: dict[str, Any], provenance: Provenance) -> list[Finding]:
    return SchemaChecker(data, provenance).check()
