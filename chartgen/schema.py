"""The values JSON Schema: loading it, and reading defaults, documentation and keys from it.

`schemas/imagebuilder.values.schema.json` is the single source of truth for types, defaults,
enums, bounds and descriptions. Validating with it is `chartgen/generated/values_validator.py`
(generated from it ahead of time); explaining a failure as findings is `chartgen.schema_findings`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from chartgen.resources import values_schema_path
from chartgen.values.provenance import Path

# The contract section. Keys outside it (storage, global, ...) belong to the rest of the
# data-plane chart; the few chartgen reads get the reference chart's defaults where its values.yaml
# has one (storage.provider compat, commonServiceAccount.enabled true, ...), so values without
# them mean what they mean to the reference chart.
CONTRACT_ROOT = "imageBuilder"


@cache
def load_schema() -> dict[str, Any]:
    with values_schema_path().open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def resolve_ref(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (`#/$defs/x`), merging the referring node's own keywords over it."""
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = load_schema()
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    merged = dict(resolve_ref(target))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    return merged


def subschema(path: Path) -> dict[str, Any] | None:
    """The schema node describing `path` (list indices step into `items`)."""
    node = load_schema()
    for item in path:
        node = resolve_ref(node)
        if isinstance(item, int):
            items = node.get("items")
            if not isinstance(items, dict):
                return None
            node = items
        else:
            props = node.get("properties", {})
            if item in props:
                node = props[item]
            elif isinstance(node.get("additionalProperties"), dict):
                node = node["additionalProperties"]
            else:
                return None
    return resolve_ref(node)


def _defaults_of(node: dict[str, Any]) -> Any:
    node = resolve_ref(node)
    if "default" in node:
        return copy.deepcopy(node["default"])
    if node.get("type") == "object" and "properties" in node:
        out = {}
        for key, child in node["properties"].items():
            value = _defaults_of(child)
            if value is not _NO_DEFAULT:
                out[key] = value
        return out
    return _NO_DEFAULT


_NO_DEFAULT: Any = object()


@cache
def _contract_defaults() -> dict[str, Any]:
    section = load_schema()["properties"][CONTRACT_ROOT]
    defaults = _defaults_of(section)
    assert isinstance(defaults, dict)
    return defaults


@cache
def _reference_defaults() -> dict[str, Any]:
    """Defaults of the documented keys outside the contract (the reference chart's)."""
    defaults: dict[str, Any] = {}
    for key, node in load_schema()["properties"].items():
        if key == CONTRACT_ROOT:
            continue
        value = _defaults_of(node)
        if value is not _NO_DEFAULT:
            defaults[key] = value
    return defaults


def chart_defaults() -> dict[str, Any]:
    """The values a chart built on this contract carries in its values.yaml (a fresh copy)."""
    return {CONTRACT_ROOT: copy.deepcopy(_contract_defaults()),
            **copy.deepcopy(_reference_defaults())}


def iter_keys(
    node: dict[str, Any] | None = None, path: Path = ()
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every documented key of the contract, depth first, with its (resolved) schema node."""
    if node is None:
        node = load_schema()
    node = resolve_ref(node)
    for key, child in node.get("properties", {}).items():
        child_path = (*path, key)
        resolved = resolve_ref(child)
        yield child_path, resolved
        if resolved.get("type") == "object" and "properties" in resolved:
            yield from iter_keys(resolved, child_path)


def suggest(name: str, candidates: list[str]) -> str | None:
    """The valid key the user most likely meant (`authenticationtype` → `authenticationType`)."""
    lowered = {c.lower(): c for c in candidates}
    if name.lower() in lowered:
        return lowered[name.lower()]
    normalized = {c.lower().replace("_", "").replace("-", ""): c for c in candidates}
    key = name.lower().replace("_", "").replace("-", "")
    if key in normalized:
        return normalized[key]
    import difflib

    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[close[0]] if close else None


@cache
def ecma_regex(regex: str) -> re.Pattern[str]:
    """Compile a schema pattern with ECMA-262 anchors: an unescaped `$` outside a character
    class matches only at the end of the text."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            out.append(regex[index : index + 2])
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
        index += 1
    return re.compile("".join(out))
