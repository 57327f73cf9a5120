"""The editor schema: the values contract as it applies to a file you write, not to merged values.

The contract schema (`schemas/imagebuilder.values.schema.json`) describes the values *after*
the chart's defaults are merged in, so every defaulted section is `required` there, and a
user's file — which names only what it changes — would draw dozens of "is a required
property" errors in an editor or in check-jsonschema. The editor schema is generated from the
contract by `editor_schema` and shipped beside it (`schemas/imagebuilder.values.editor.schema.json`,
which `chartgen schema --for editor` prints); `python -m chartgen.codegen` rewrites it with the
generated modules, and tests/test_generated.py fails when it is stale. What changes:

- `required` loses every key that has a default — directly, or because it is a section whose
  own required keys all have defaults. Keys without a default stay required (an `env` entry's
  `name`, an `ipBlock`'s `cidr`).
- every description gains a `markdownDescription` (VS Code and yaml-language-server show it on
  hover and in completion): the description, the default, and the `chartgen explain` command
  for the key.
- a stable `$id` of its own (`EDITOR_SCHEMA_ID`).
- JSON Schema draft-07 instead of 2020-12, with `definitions` for `$defs`: the YAML language
  server behind VS Code's YAML extension (and other editors) validates draft-07 and below.
  The contract uses nothing draft-07 lacks; next to a `$ref` it has only annotations
  (`description`, `default`), which draft-07 validators ignore and editors still show.

Everything else is the contract: types, enums, bounds, patterns, defaults, descriptions, and
`additionalProperties: false` inside `imageBuilder` (a typo is still an error), while the top
level stays open, because the file is the whole data-plane values file and only
`imageBuilder` and the keys chartgen reads are described.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from chartgen.resources import VALUES_SCHEMA_FILE

# A URN rather than an https URL: the identifier has to stay the same wherever the file is
# read from (a checkout, an installed wheel, a copy beside a values file), and it must not look
# like a download location that chartgen does not run. `v1` is the contract's generation: it
# changes only when a key is removed or changes meaning.
EDITOR_SCHEMA_ID = "urn:chartgen:imagebuilder-values:editor:v1"

# What the YAML language server validates (it supports draft-07 and below).
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
_DEFS, _DEFINITIONS = "$defs", "definitions"

# Keywords whose value is one schema, a list of schemas, or a map of name → schema.
_ONE = ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else")
_MANY = ("anyOf", "allOf", "oneOf", "prefixItems")
_MAP = ("properties", "$defs", "patternProperties", "dependentSchemas")


class _Generator:
    def __init__(self, contract: dict[str, Any]) -> None:
        self.contract = contract

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """The node with a local `$ref` followed (the referring node's keywords win)."""
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        target: Any = self.contract
        for part in ref[2:].split("/"):
            target = target[part]
        return {**self.resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}

    def defaulted(self, node: dict[str, Any]) -> bool:
        """Whether a file may leave this key out: it has a default, or it is a section whose
        required keys all have one (the chart's defaults fill it)."""
        node = self.resolve(node)
        if "default" in node:
            return True
        properties = node.get("properties", {})
        required = node.get("required")
        if not properties or required is None:
            return False
        return all(name in properties and self.defaulted(properties[name]) for name in required)

    def rewrite(self, node: Any, path: tuple[str, ...] | None) -> Any:
        """`node` for the editor; `path` is its key in the values (None under `$defs`)."""
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for keyword, value in node.items():
            if keyword == "$ref" and isinstance(value, str):
                out[keyword] = value.replace(f"#/{_DEFS}/", f"#/{_DEFINITIONS}/", 1)
            elif keyword in _MAP and isinstance(value, dict):
                out[_DEFINITIONS if keyword == _DEFS else keyword] = {
                    name: self.rewrite(
                        child, (*path, name) if keyword == "properties" and path is not None
                        else None,
                    )
                    for name, child in value.items()
                }
            elif keyword in _MANY and isinstance(value, list):
                out[keyword] = [self.rewrite(child, path) for child in value]
            elif keyword in _ONE and isinstance(value, dict):
                out[keyword] = self.rewrite(value, None)
            else:
                out[keyword] = copy.deepcopy(value)
        properties = node.get("properties", {})
        if "required" in node:
            kept = [
                name for name in node["required"]
                if not (name in properties and self.defaulted(properties[name]))
            ]
            if kept:
                out["required"] = kept
            else:
                del out["required"]
        if "description" in node:
            out["markdownDescription"] = markdown_description(node, path)
        return out


def markdown_description(node: dict[str, Any], path: tuple[str, ...] | None) -> str:
    """What an editor shows on hover: the description (already Markdown), the default, and
    where the whole documentation is."""
    parts = [node["description"]]
    if "default" in node:
        default = json.dumps(node["default"], ensure_ascii=False)
        parts.append(f"Default: `{default}`" if "`" not in default else f"Default: {default}")
    if path:
        parts.append(f"More: `chartgen explain {'.'.join(path)}`")
    return "\n\n".join(parts)


def editor_schema(contract: dict[str, Any]) -> dict[str, Any]:
    """The editor schema of a contract schema."""
    schema: dict[str, Any] = _Generator(contract).rewrite(contract, ())
    # `$id` first after `$schema`, as in the contract; the rest keeps the contract's order.
    head = {"$schema": DRAFT_07, "$id": EDITOR_SCHEMA_ID}
    schema.pop("$schema", None)
    schema.pop("$id", None)
    head["$comment"] = (
        f"GENERATED from {VALUES_SCHEMA_FILE} by `python -m chartgen.codegen`; do not edit. "
        "For a values file as written: keys with a default may be left out."
    )
    head["title"] = f"{contract['title']} (editor)"
    schema.pop("title", None)
    return {**head, **schema}


def editor_schema_text(contract: dict[str, Any]) -> str:
    return json.dumps(editor_schema(contract), indent=2, ensure_ascii=False) + "\n"


def generate() -> str:
    """The editor schema's text, from the contract schema in this checkout."""
    from chartgen.resources import values_schema_path

    return editor_schema_text(json.loads(values_schema_path().read_text(encoding="utf-8")))
