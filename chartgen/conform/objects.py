"""The objects sent for validation, and the verdicts the engines return about them.

Both engines see exactly the same input: each object is normalised here to plain JSON data
(what the Kubernetes API server would receive), identified (apiVersion, kind, name) and paired
with its schema file before any engine runs. Objects that cannot be identified never reach an
engine; they become findings here. Engines return one `Verdict` per object, with schema errors
as JSON-pointer tokens and messages in one wording (kubeconform's), so the findings built from
them do not depend on which engine ran.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from typing import Any, Literal

from chartgen.conform.store import SchemaFile
from chartgen.record import record
from chartgen.values.provenance import PathItem, format_path

# apiVersion: an optional DNS-subdomain group, then a version (`v1`, `v2beta1`).
_API_VERSION = re.compile(
    r"^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?"
    r"v[0-9]+(?:(?:alpha|beta)[0-9]+)?$"
)
_KIND = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
# kubeconform expands `kind: List` documents into their items; so do we, before either engine.
_MAX_LIST_DEPTH = 8


@record(frozen=True)
class SchemaError:
    """One schema violation: where (JSON-pointer tokens) and what (kubeconform's wording)."""

    pointer: tuple[str, ...]
    message: str


@record(frozen=True)
class Verdict:
    """An engine's result for one object. `error` means the engine failed on that object."""

    status: Literal["valid", "invalid", "skipped", "error"]
    errors: tuple[SchemaError, ...] = ()
    detail: str = ""


@record(frozen=True)
class Prepared:
    """One identified object, as JSON data, with the schema it is validated against."""

    document: dict[str, Any]
    api_version: str
    kind: str
    name: str
    schema: SchemaFile | None = None

    @property
    def reference(self) -> str:
        """How findings name the object: `Deployment/union-operator-buildkit`."""
        return f"{self.kind}/{self.name}"

    @property
    def gvk(self) -> str:
        """kubeconform's `-skip` spelling: `security.openshift.io/v1/SecurityContextConstraints`."""
        return f"{self.api_version}/{self.kind}"

    @property
    def signature_name(self) -> str:
        """The name kubeconform reports for this object (it marks generateName)."""
        metadata = self.document.get("metadata")
        if not isinstance(metadata, dict):
            return ""
        generate = metadata.get("generateName")
        if isinstance(generate, str):
            return generate + "{{ generateName }}"
        name = metadata.get("name")
        return name if isinstance(name, str) else ""

    def json_path(self, pointer: tuple[str, ...]) -> str:
        """`('spec', 'ports', '0')` -> `Service/x:$.spec.ports[0]` (ints where data has lists)."""
        return f"{self.reference}:{format_path(typed_path(self.document, pointer))}"


@record(frozen=True)
class Rejected:
    """An input that is not a Kubernetes object chartgen can send to a validator."""

    reference: str
    message: str
    path: str = "$"


# kubeconform reads these into Go strings before validating; any other type makes it fail on
# the whole object, so both engines refuse such objects up front, with the same finding.
_IDENTITY_FIELDS = ("name", "namespace", "generateName")


def _identity_problem(document: dict[str, Any]) -> tuple[str, str] | None:
    metadata = document.get("metadata")
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        return "$.metadata", f"got {json_type(metadata)}, want null or object"
    for key in _IDENTITY_FIELDS:
        value = metadata.get(key)
        if value is not None and not isinstance(value, str):
            return f"$.metadata.{key}", f"got {json_type(value)}, want null or string"
    return None


def typed_path(document: Any, pointer: tuple[str, ...]) -> list[PathItem]:
    """Turn pointer tokens into path items: an int where the data at that point is a list."""
    node = document
    items: list[PathItem] = []
    for token in pointer:
        if isinstance(node, list) and token.isascii() and token.isdigit():
            index = int(token)
            items.append(index)
            node = node[index] if index < len(node) else None
        else:
            items.append(token)
            node = node.get(token) if isinstance(node, dict) else None
    return items


def _json_default(value: Any) -> Any:
    # YAML timestamps: Kubernetes' YAML-to-JSON conversion turns them into strings too.
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def to_json_data(value: Any) -> Any:
    """The JSON data the API server would receive: string keys, lists, finite numbers."""
    text = json.dumps(value, default=_json_default, allow_nan=False, ensure_ascii=False)
    text.encode("utf-8")  # lone surrogates cannot be sent to anyone
    return json.loads(text)


def _label(index: int, data: Any) -> str:
    if isinstance(data, dict):
        kind = data.get("kind")
        metadata = data.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        if isinstance(kind, str) and kind and isinstance(name, str) and name:
            return f"{kind}/{name}"
    return f"object[{index}]"


def _flatten(objects: list[Any], depth: int = 0) -> Iterator[tuple[Any, str | None]]:
    """Yield (object, problem) pairs, expanding `kind: List` documents into their items."""
    for data in objects:
        kind = data.get("kind") if isinstance(data, dict) else None
        if isinstance(kind, str) and kind.lower() == "list":
            items = data.get("items")
            if not isinstance(items, list):
                yield data, "a List whose items are not a list"
            elif depth >= _MAX_LIST_DEPTH:
                yield data, "Lists nested too deep"
            else:
                yield from _flatten(items, depth + 1)
        else:
            yield data, None


def prepare(objects: list[Any]) -> tuple[list[Prepared], list[Rejected]]:
    """Normalise and identify each object (its schema is attached later), or reject it."""
    accepted: list[Prepared] = []
    rejected: list[Rejected] = []
    for index, (data, problem) in enumerate(_flatten(list(objects))):
        label = _label(index, data)
        if problem:
            rejected.append(Rejected(label, problem))
            continue
        if not isinstance(data, dict):
            rejected.append(Rejected(label, f"not a mapping but {type(data).__name__}"))
            continue
        try:
            document = to_json_data(data)
        except (TypeError, ValueError, UnicodeError) as exc:
            rejected.append(Rejected(label, f"not representable as JSON: {exc}"))
            continue
        api_version = document.get("apiVersion")
        kind = document.get("kind")
        if not isinstance(api_version, str) or not _API_VERSION.match(api_version):
            rejected.append(Rejected(label, f"missing or malformed apiVersion {api_version!r}"))
            continue
        if not isinstance(kind, str) or not _KIND.match(kind):
            rejected.append(Rejected(label, f"missing or malformed kind {kind!r}"))
            continue
        identity = _identity_problem(document)
        if identity:
            rejected.append(Rejected(label, identity[1], identity[0]))
            continue
        metadata = document.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        if not isinstance(name, str) or not name:
            generate = metadata.get("generateName") if isinstance(metadata, dict) else None
            name = (
                f"{generate}*" if isinstance(generate, str) and generate else f"<unnamed {index}>"
            )
        accepted.append(Prepared(document, api_version, kind, name))
    return accepted, rejected


# ---------------------------------------------------------------------------------------------
# kubeconform's wording (santhosh-tekuri/jsonschema v6), shared by both engines

_GO_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    "'": "\\'",
}


def quote(text: str) -> str:
    """Go's `%q` with single quotes, as the validator library quotes names and values."""
    out = []
    for char in text:
        if char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif char.isprintable() and (char == " " or not char.isspace()):
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "'" + "".join(out) + "'"


def join_quoted(names: list[str]) -> str:
    return ", ".join(quote(name) for name in names)


_JSON_TYPES = ("null", "boolean", "number", "integer", "string", "array", "object")


def json_type(value: Any) -> str:
    """The validator library's name for a value's type: every number is `number`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "invalid"


def wanted_types(types: Any) -> str:
    listed = [types] if isinstance(types, str) else list(types)
    return " or ".join(t for t in _JSON_TYPES if t in listed)


def display(value: Any) -> str:
    """A primitive the way Go's `%v` prints it (strings quoted)."""
    if isinstance(value, str):
        return quote(value)
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, (list, dict)):
        return "value"
    return str(value)


_NAMED_LIST = re.compile(r"^(additional properties|missing properties) (.*?)( not allowed)?$")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def canonical_message(message: str) -> str:
    """Sort the names in list messages: Go iterates maps in random order."""
    match = _NAMED_LIST.match(message)
    if not match:
        return message
    names = sorted(_QUOTED.findall(match.group(2)))
    return f"{match.group(1)} {', '.join(repr_quoted(n) for n in names)}{match.group(3) or ''}"


def repr_quoted(escaped: str) -> str:
    return f"'{escaped}'"
