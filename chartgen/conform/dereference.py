"""Inlining `$ref`s: one kind file of a Kubernetes schema set, made standalone.

kubernetes-validate's strict schemas `$ref` a shared `_definitions.json`, which kubeconform
cannot follow from a local schema location. `Dereferencer.standalone` inlines every reference
into the kind's own schema, schema keywords only (a property *named* `$ref` is data), keeping
a `$ref`'s real sibling constraints (2020-12 semantics) and leaving the recursive definitions
(JSONSchemaProps) as local `#/$defs/NAME` references, which both engines resolve.
`conform/store.py` writes the results into the schema cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chartgen.record import field, record

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

# Keywords whose value is a schema, a list of schemas, or a map of name -> schema. Everything
# else (enum, default, required, description, x-kubernetes-*) is data and copied unchanged; a
# property *named* "$ref" (JSONSchemaProps has one) is therefore never mistaken for a reference.
_SCHEMA_KEYWORDS = frozenset(
    {
        "items",
        "additionalItems",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
_SCHEMA_LIST_KEYWORDS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP_KEYWORDS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
    }
)


class UnresolvableReference(Exception):
    """A `$ref` this module cannot follow: the schema set is not the one chartgen expects."""


def _definition_name(ref: str) -> str:
    document, _, fragment = ref.partition("#")
    if (document and not document.endswith("_definitions.json")) or not fragment.startswith(
        "/$defs/"
    ):
        raise UnresolvableReference(f"unsupported $ref {ref!r} in the kubernetes-validate schemas")
    return fragment[len("/$defs/") :].replace("~1", "/").replace("~0", "~")


def _references(node: Any) -> Iterable[str]:
    """Every definition a schema node refers to (schema-keyword aware)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield _definition_name(ref)
        for key, value in node.items():
            if key in _SCHEMA_KEYWORDS:
                yield from _references(value)
            elif key in _SCHEMA_LIST_KEYWORDS and isinstance(value, list):
                for item in value:
                    yield from _references(item)
            elif key in _SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
                for item in value.values():
                    yield from _references(item)
    elif isinstance(node, list):  # old-style tuple `items`
        for item in node:
            yield from _references(item)


def _cyclic(definitions: dict[str, Any]) -> frozenset[str]:
    """Definitions that reach themselves (JSONSchemaProps): these cannot be inlined."""
    graph = {name: set(_references(body)) for name, body in definitions.items()}
    cyclic = set()
    for start in graph:
        seen: set[str] = set()
        stack = list(graph[start])
        while stack:
            name = stack.pop()
            if name == start:
                cyclic.add(start)
                break
            if name in seen:
                continue
            seen.add(name)
            stack.extend(graph.get(name, ()))
    return frozenset(cyclic)


# Keywords that only annotate: a `$ref`'s sibling may override the target's value.
def _annotation(keyword: str) -> bool:
    return keyword in ("description", "title", "default", "example", "examples") or (
        keyword.startswith("x-")
    )


@record
class Dereferencer:
    """Inlines every `$ref` into `#/$defs/...` of one `_definitions.json`.

    Recursive definitions (in the 1.2x-1.3x sets, only CustomResourceDefinition's
    JSONSchemaProps) stay as local `#/$defs/NAME` references inside the standalone file, which
    both kubeconform and jsonschema resolve without any loader.
    """

    definitions: dict[str, Any]
    cyclic: frozenset[str] = frozenset()
    _memo: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cyclic = _cyclic(self.definitions)

    def standalone(self, root: dict[str, Any]) -> dict[str, Any]:
        used: set[str] = set()
        body = self._expand(root, used)
        assert isinstance(body, dict)
        body.pop("$id", None)
        body["$schema"] = DRAFT_2020_12
        local: dict[str, Any] = {}
        pending = sorted(used)
        while pending:
            name = pending.pop()
            if name in local:
                continue
            more: set[str] = set()
            local[name] = self._expand(self._definition(name), more)
            pending.extend(sorted(more - set(local)))
        if local:
            body["$defs"] = local
        return body

    def _definition(self, name: str) -> Any:
        try:
            return self.definitions[name]
        except KeyError:
            raise UnresolvableReference(
                f"the kubernetes-validate schemas lack the definition {name}"
            ) from None

    def _expand(self, node: Any, used: set[str]) -> Any:
        if isinstance(node, list):
            return [self._expand(item, used) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                continue
            if key in _SCHEMA_KEYWORDS:
                out[key] = self._expand(value, used)
            elif key in _SCHEMA_LIST_KEYWORDS and isinstance(value, list):
                out[key] = [self._expand(item, used) for item in value]
            elif key in _SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
                out[key] = {name: self._expand(item, used) for name, item in value.items()}
            else:
                out[key] = value
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return out
        name = _definition_name(ref)
        if name in self.cyclic:
            used.add(name)
            return {"$ref": f"#/$defs/{name.replace('~', '~0').replace('/', '~1')}", **out}
        target = self._inlined(name, used)
        merged = dict(target)
        for key, value in out.items():
            if key in merged and merged[key] != value and not _annotation(key):
                # A real constraint beside the $ref: keep both (2020-12 $ref semantics).
                return {"allOf": [target, out]}
            merged[key] = value
        return merged

    def _inlined(self, name: str, used: set[str]) -> Any:
        if name not in self._memo:
            inner: set[str] = set()
            self._memo[name] = (self._expand(self._definition(name), inner), frozenset(inner))
        body, inner_used = self._memo[name]
        used.update(inner_used)
        return body
