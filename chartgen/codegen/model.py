"""Generates `chartgen/generated/values_model.py`: the typed sections of the values document.

The values JSON Schema is the single source of truth; this writes one class per section of it
(a schema object whose keys chartgen reads by name), with the schema's types and defaults, so the
typed model and the schema cannot drift apart. The hand-written derivations (object names, the
service account, the image, the buildkit URI, the default repository) live on `chartgen.model.
Values`, a subclass of the generated root.

Which schema objects become classes: an object with `properties`, unless it is a pass-through
mapping — a node that carries its own `default` while none of its properties has one (a Kubernetes
securityContext or resources block is written out to a manifest as it is, never read key by key).
Arrays hold plain data (`list[dict[str, Any]]`), like the manifests they feed.

The classes are plain slotted classes with the `__init__` a frozen dataclass would have, written
out: the `dataclass` decorator generates and compiles those methods again at every import, which
costs more than the rest of the model on a cold start.
"""

from __future__ import annotations

import json
import keyword
import textwrap
from typing import Any

from chartgen.codegen import header
from chartgen.record import field, record
from chartgen.resources import VALUES_SCHEMA_FILE
from chartgen.schema import chart_defaults, load_schema, resolve_ref

ROOT_CLASS = "ValuesDocument"
WIDTH = 100

_SCALARS = {"string": "str", "integer": "int", "number": "int | float", "boolean": "bool",
            "null": "None"}


@record
class Section:
    """One generated class: where it sits in the values and what it holds."""

    name: str
    path: str
    description: str
    fields: list[Field] = field(default_factory=list)


@record
class Field:
    key: str  # the key in the values
    attribute: str  # the Python attribute (`global` → `global_`)
    annotation: str
    default: Any  # a JSON value, or SECTION (a fresh instance of `section`), or None
    section: str | None = None  # the class of a nested section


SECTION: Any = object()


def is_section(node: dict[str, Any]) -> bool:
    """Whether a (resolved) schema node becomes a class rather than plain data."""
    if node.get("type") != "object" or "properties" not in node:
        return False
    if "default" not in node:
        return True
    return any("default" in resolve_ref(child) for child in node["properties"].values())


def attribute_name(key: str) -> str:
    name = f"{key}_" if keyword.iskeyword(key) else key
    if not name.isidentifier():
        raise ValueError(f"schema key {key!r} of a section is not a Python identifier")
    return name


def class_name(key: str) -> str:
    return key[:1].upper() + key[1:]


def annotation(node: dict[str, Any], sections: dict[str, Section], path: str) -> str:
    """The Python type of the values a (resolved) node admits."""
    if "anyOf" in node:
        return _union(annotation(resolve_ref(option), sections, path) for option in node["anyOf"])
    types = node.get("type")
    if isinstance(types, list):
        return _union(annotation({**node, "type": kind}, sections, path) for kind in types)
    if types == "object":
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return f"dict[str, {annotation(resolve_ref(extra), sections, path + '.*')}]"
        return "dict[str, Any]"
    if types == "array":
        items = node.get("items")
        if isinstance(items, dict):
            item = resolve_ref(items)
            inner = "dict[str, Any]" if item.get("type") == "object" else annotation(
                item, sections, path + "[]"
            )
            return f"list[{inner}]"
        return "list[Any]"
    if types == "string" and "enum" in node:
        if not all(isinstance(value, str) for value in node["enum"]):
            raise ValueError(f"{path}: only string enums are supported")
        return "Literal[" + ", ".join(_quoted(value) for value in node["enum"]) + "]"
    if types in _SCALARS:
        return _SCALARS[types]
    raise ValueError(f"{path}: no Python type for schema node {node!r}")


def _union(parts: Any) -> str:
    seen: list[str] = []
    for part in parts:
        for piece in part.split(" | "):
            if piece not in seen:
                seen.append(piece)
    return " | ".join(seen)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def collect(node: dict[str, Any], name: str, path: str, sections: dict[str, Section]) -> str:
    """Add the section for `node` (and its nested sections, first) to `sections`; its name."""
    node = resolve_ref(node)
    section = Section(name, path, node.get("description", ""))
    for key, raw_child in node["properties"].items():
        child = resolve_ref(raw_child)
        child_path = f"{path}.{key}" if path else key
        if is_section(child):
            ref = raw_child.get("$ref", "")
            nested = class_name(ref.rsplit("/", 1)[-1] if ref else key)
            existing = sections.get(nested)
            if existing is None:
                collect(raw_child, nested, child_path, sections)
            elif existing.path.split(".")[-1] != key and not ref:
                raise ValueError(f"two sections would be named {nested}: {existing.path}, "
                                 f"{child_path}")
            section.fields.append(
                Field(key, attribute_name(key), nested, SECTION, section=nested)
            )
            continue
        kind = annotation(child, sections, child_path)
        if "default" in child:
            section.fields.append(Field(key, attribute_name(key), kind, child["default"]))
        else:
            # No default in the schema: absent stays absent (None), never an invented value.
            section.fields.append(Field(key, attribute_name(key), _union([kind, "None"]), None))
    sections[name] = section
    return name


def py_literal(value: Any) -> str:
    """A JSON value as a Python literal on one line (strings in double quotes)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(item) for item in value) + "]"
    return repr(value)


def _literal(value: Any, indent: int) -> list[str]:
    """`value` as Python source lines that fit the line width at `indent`."""
    flat = py_literal(value)
    if indent + len(flat) <= WIDTH or not isinstance(value, (dict, list)) or not value:
        return [flat]
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    lines = [opening]
    items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for key, item in items:
        prefix = "" if key is None else f"{py_literal(key)}: "
        inner = _literal(item, indent + 4 + len(prefix))
        lines.append("    " + prefix + inner[0])
        lines.extend("    " + line for line in inner[1:])
        lines[-1] += ","
    lines.append(closing)
    return lines


def _mutable(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _init(section: Section) -> list[str]:
    lines = ["    def __init__(", "        self,", "        *,"]
    for item in section.fields:
        if item.default is SECTION or _mutable(item.default):
            lines.append(f"        {item.attribute}: {item.annotation} | None = None,")
        else:
            default = py_literal(item.default)
            lines.append(f"        {item.attribute}: {item.annotation} = {default},")
    lines.append("    ) -> None:")
    lines.append("        set_ = object.__setattr__")
    for item in section.fields:
        attribute = item.attribute
        value = attribute
        if item.default is SECTION:
            value = f"{item.section}() if {attribute} is None else {attribute}"
            if len(value) > WIDTH - 16:
                lines.append(f"        if {attribute} is None:")
                lines.append(f"            {attribute} = {item.section}()")
                value = attribute
        elif _mutable(item.default):
            literal = _literal(item.default, 16)
            value = f"{literal[0]} if {attribute} is None else {attribute}"
            if len(literal) > 1 or len(value) > WIDTH - 40:
                lines.append(f"        if {attribute} is None:")
                if len(literal) == 1 and len(literal[0]) <= WIDTH - 16 - len(attribute):
                    lines.append(f"            {attribute} = {literal[0]}")
                else:
                    lines.append(f"            {attribute} = (")
                    lines.extend(f"                {line}" for line in literal)
                    lines.append("            )")
                value = attribute
        line = f'        set_(self, "{attribute}", {value})'
        if len(line) > WIDTH:
            lines.extend(["        set_(", "            self,", f'            "{attribute}",'])
            lines.append(f"            {value},")
            lines.append("        )")
        else:
            lines.append(line)
    return lines


def _from_data(section: Section) -> list[str]:
    """`Section.from_data` written out for this class: the same arguments for `__init__`
    (a key left out passes the parameter's default, a nested mapping becomes its section),
    read without the generic loop over `FIELDS` — the model is built once per values file."""
    lines = [
        "    @classmethod",
        "    def from_data(cls, data: Mapping[str, Any]) -> Self:",
        "        get = data.get",
    ]
    arguments = []
    for item in section.fields:
        attribute = item.attribute
        if item.section is not None:
            lines.append(f'        {attribute} = get("{item.key}")')
            lines.append(f"        if isinstance({attribute}, dict):")
            lines.append(f"            {attribute} = {item.section}.from_data({attribute})")
            arguments.append(f"{attribute}={attribute}")
        elif item.default is SECTION or _mutable(item.default):
            arguments.append(f'{attribute}=get("{item.key}")')
        else:
            arguments.append(f'{attribute}=get("{item.key}", {py_literal(item.default)})')
    lines.append("        return cls(")
    lines.extend(f"            {argument}," for argument in arguments)
    lines.append("        )")
    return lines


def _class(section: Section, root: bool) -> list[str]:
    where = "The whole values document" if root else f"`{section.path}`"
    doc = f"{where}: {section.description}" if section.description else where
    wrapped = textwrap.wrap(doc, WIDTH - 10)
    lines = [f"class {section.name}(Section):"]
    if len(wrapped) == 1:
        lines.append(f'    """{wrapped[0]}"""')
    else:
        lines.append(f'    """{wrapped[0]}')
        lines.extend(f"    {line}" if line else "" for line in wrapped[1:])
        lines.append('    """')
    lines.append("")
    # Slots in sorted order (their order means nothing); FIELDS keeps the schema's order.
    names = sorted(item.attribute for item in section.fields)
    slots = ", ".join(f'"{name}"' for name in names)
    slot_line = f"    __slots__ = ({slots}{',' * (len(section.fields) == 1)})"
    if len(slot_line) <= WIDTH:
        lines.append(slot_line)
    else:
        lines.append("    __slots__ = (")
        lines.extend(f'        "{name}",' for name in names)
        lines.append("    )")
    lines.append("    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (")
    for item in section.fields:
        lines.append(f'        ("{item.key}", "{item.attribute}", {item.section}),')
    lines.append("    )")
    lines.append("")
    for item in section.fields:
        lines.append(f"    {item.attribute}: {item.annotation}")
    lines.append("")
    lines.extend(_init(section))
    lines.append("")
    lines.extend(_from_data(section))
    return lines


PRELUDE = '''
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from chartgen.values_section import FieldSpec, Section

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11 on
'''


def generate() -> str:
    schema = load_schema()
    sections: dict[str, Section] = {}
    collect(schema, ROOT_CLASS, "", sections)
    parts = [
        header(
            f"schemas/{VALUES_SCHEMA_FILE}",
            "The typed sections of the values document, one class per schema section.",
        ),
        PRELUDE,
    ]
    for name, section in sections.items():
        parts.append("\n\n" + "\n".join(_class(section, root=name == ROOT_CLASS)) + "\n")
    parts.append(
        "\n\ndef chart_defaults() -> dict[str, Any]:\n"
        '    """A fresh copy of the chart defaults (`chartgen.schema.chart_defaults`), put under\n'
        '    the user\'s values on every load: a literal is faster than copying them."""\n'
        "    return "
        + "\n    ".join(_literal(chart_defaults(), 4))
        + "\n"
    )
    return "".join(parts)
