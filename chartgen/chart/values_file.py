"""The chart's values: which of the user's values go into `values.yaml`, and how it is written.

`chart_values` takes the merged, validated values (the contract's defaults under the user's
files and `--set`s) and keeps what chartgen reads: all of `imageBuilder`, the documented keys
outside it (`global.AWS_ACCOUNT_ID`, `storage.*`, ...), the values a `{{ .Values.x }}` look-up in
them refers to, and the chart-only `targetNamespaces`. Template strings are written as the user
wrote them, not as chartgen resolved them: the chart passes them through `tpl` like the
reference chart, so `helm install -f more.yaml` that changes a looked-up value still takes
effect.

`values_yaml` writes them helm-docs style: every documented key preceded by `# -- description`
from the schema, documented keys in schema order, optional keys that are not set shown as
comments. Scalars go through `chartgen.render.yamltext`, so Helm's YAML 1.1 parser and chartgen's
read back exactly the values written.
"""

from __future__ import annotations

import copy
from typing import Any

from chartgen.render.yamltext import block, scalar
from chartgen.schema import load_schema, resolve_ref
from chartgen.values.provenance import Path

# The chart-only value: namespaces that get a copy of the build-image ConfigMap (what
# `chartgen render --target-namespace` does). Outside the contract, so `chartgen validate` does
# not check it; the chart's values.schema.json does.
TARGET_NAMESPACES = "targetNamespaces"
TARGET_NAMESPACES_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": (
        "Chart only: namespaces that also get the build-image ConfigMap, for execution "
        "namespaces the Union operator does not sync (`chartgen render --target-namespace`)."
    ),
    "items": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 63},
    "default": [],
}

# Keys chartgen reads that the schema does not document (none today; kept for the next one).
UNDOCUMENTED_READS: dict[Path, str] = {}


def chart_values(
    data: dict[str, Any],
    templated: dict[tuple[Any, ...], Any],
    target_namespaces: list[str],
) -> dict[str, Any]:
    """What values.yaml holds, from validated values (`data`) and the templates they resolved
    (`templated`: each `tpl` field as written, by its path)."""
    written = copy.deepcopy(data)
    for path, original in templated.items():
        _set(written, path, copy.deepcopy(original))

    schema = load_schema()
    values: dict[str, Any] = {}
    for key, node in schema["properties"].items():
        if key in written:
            values[key] = _project(written[key], resolve_ref(node), (key,))
    for path in sorted(_referenced_paths(values, written), key=str):
        found, value = _lookup(written, path)
        if found and _lookup(values, path)[0] is False:
            _place(values, path, copy.deepcopy(value))
    values[TARGET_NAMESPACES] = list(target_namespaces)
    return values


def chart_schema() -> dict[str, Any]:
    """The chart's values.schema.json: the contract schema plus the chart-only value."""
    schema = copy.deepcopy(load_schema())
    schema["properties"][TARGET_NAMESPACES] = copy.deepcopy(TARGET_NAMESPACES_SCHEMA)
    return schema


def chart_schema_text() -> str:
    """The chart's values.schema.json as written (`chartgen schema --for chart` prints it)."""
    import json

    return json.dumps(chart_schema(), indent=2, ensure_ascii=False) + "\n"


def _project(value: Any, node: dict[str, Any], path: Path) -> Any:
    """Keep the documented keys of open sections (and the undocumented ones chartgen reads)."""
    properties = node.get("properties")
    if not isinstance(value, dict) or not properties:
        return copy.deepcopy(value)
    kept: dict[str, Any] = {}
    for key, item in value.items():
        child = (*path, key)
        if key in properties:
            kept[key] = _project(item, resolve_ref(properties[key]), child)
        elif child in UNDOCUMENTED_READS or node.get("additionalProperties") is False:
            kept[key] = copy.deepcopy(item)
    return kept


def _referenced_paths(values: dict[str, Any], everything: dict[str, Any]) -> set[Path]:
    """Paths that the look-ups in the templated values (those the chart passes through `tpl`)
    refer to, transitively."""
    from chartgen.values.templating import referenced_paths

    return referenced_paths(everything, values)


def _lookup(data: Any, path: Path) -> tuple[bool, Any]:
    for item in path:
        if not isinstance(data, dict) or item not in data:
            return False, None
        data = data[item]
    return True, data


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = data
    for item in path[:-1]:
        node = node[item]
    node[path[-1]] = value


def _place(data: dict[str, Any], path: Path, value: Any) -> None:
    node = data
    for item in path[:-1]:
        child = node.setdefault(str(item), {})
        if not isinstance(child, dict):
            return  # a scalar is in the way: the look-up cannot reach this path in Helm either
        node = child
    node[str(path[-1])] = value


# -- writing ------------------------------------------------------------------------------------


def values_yaml(values: dict[str, Any], header: list[str]) -> str:
    """values.yaml text: a header comment, then every key with its `# --` description."""
    root = dict(load_schema())
    root["properties"] = {**root["properties"], TARGET_NAMESPACES: TARGET_NAMESPACES_SCHEMA}
    notes = dict(UNDOCUMENTED_READS)
    for path in _referenced_paths(values, values):
        dotted = ".".join(str(item) for item in path)
        note = f"Read by the template `{{{{ .Values.{dotted} }}}}` in another value."
        notes.setdefault(path, note)
    lines = [f"# {line}" if line else "#" for line in header]
    lines += _mapping_lines(values, root, 0, (), notes)
    return "\n".join(lines) + "\n"


def _description(node: dict[str, Any] | None, path: Path, notes: dict[Path, str]) -> str:
    if node is not None and node.get("description"):
        return str(node["description"])
    return notes.get(path, "")


def _mapping_lines(
    values: dict[str, Any], node: dict[str, Any], indent: int, path: Path,
    notes: dict[Path, str],
) -> list[str]:
    pad = " " * indent
    properties: dict[str, Any] = node.get("properties", {})
    lines: list[str] = []
    top = indent == 0
    ordered = [key for key in properties if key in values]
    ordered += sorted((key for key in values if key not in properties), key=str)
    missing = [
        key for key in properties
        if key not in values and resolve_ref(properties[key]).get("description")
    ]
    for key in ordered:
        child_node = resolve_ref(properties[key]) if key in properties else None
        child_path = (*path, key)
        if top and lines:
            lines.append("")
        description = _description(child_node, child_path, notes)
        if description:
            lines.append(f"{pad}# -- {description}")
        lines.extend(_entry_lines(key, values[key], child_node, indent, child_path, notes))
    for key in missing:
        # Optional keys without a default: shown so that users find them, set nowhere.
        if top:
            lines.append("")
        child_node = resolve_ref(properties[key])
        lines.append(f"{pad}# -- {_description(child_node, (*path, key), notes)}")
        default = child_node.get("default")
        example = "" if default is None or isinstance(default, (dict, list)) else scalar(default)
        lines.append(f"{pad}# {key}: {example}".rstrip())
    return lines


def _entry_lines(
    key: str, value: Any, node: dict[str, Any] | None, indent: int, path: Path,
    notes: dict[Path, str],
) -> list[str]:
    pad = " " * indent
    key_text = scalar(key)
    if isinstance(value, dict) and value and node is not None and node.get("properties"):
        return [f"{pad}{key_text}:", *_mapping_lines(value, node, indent + 2, path, notes)]
    if isinstance(value, (dict, list)) and value:
        return [f"{pad}{key_text}:", block(value, indent + 2)]
    if isinstance(value, dict):
        return [f"{pad}{key_text}: {{}}"]
    if isinstance(value, list):
        return [f"{pad}{key_text}: []"]
    return [f"{pad}{key_text}: {scalar(value, indent + 2)}"]
