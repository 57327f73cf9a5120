"""Generates `chartgen/generated/values_validator.py`: the values JSON Schema as Python code.

`is_valid(values)` answers whether the values pass the schema, as jsonschema's Draft 2020-12
validator (with chartgen's ECMA-262 `pattern`, `chartgen.schema.ecma_regex`) would — without
importing jsonschema, building its validator or walking the schema at run time. Only a failure
needs jsonschema: `chartgen.schema_findings` then explains it, so the findings are jsonschema's
either way. tests/test_validator_agreement.py holds the two verdicts equal on every fixture and on
seeded mutations of valid values.

Each schema node becomes one function that returns False at the first keyword that fails. The
keywords are jsonschema's, read the way it reads them: a keyword applies only to instances of its
type (`minimum` ignores strings), `integer` takes integral floats, booleans are not numbers, and
`enum` compares strings by equality. A keyword this generator does not know stops it: a verdict it
cannot give exactly is never guessed.
"""

from __future__ import annotations

from typing import Any

from chartgen.codegen import header
from chartgen.codegen.model import py_literal
from chartgen.record import field, record
from chartgen.resources import VALUES_SCHEMA_FILE
from chartgen.schema import ecma_regex, load_schema

# Keywords that annotate and never fail an instance.
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description",
                         "default", "examples"})
OBJECT_KEYWORDS = ("required", "properties", "additionalProperties", "minProperties",
                   "propertyNames")

# Python tests for a JSON Schema type, exactly jsonschema's Draft 2020-12 type checker.
TYPE_TESTS = {
    "object": "isinstance(x, dict)",
    "array": "isinstance(x, list)",
    "string": "isinstance(x, str)",
    "boolean": "isinstance(x, bool)",
    "null": "x is None",
    "integer": "(isinstance(x, int) and not isinstance(x, bool)) "
    "or (isinstance(x, float) and x.is_integer())",
    "number": "isinstance(x, (int, float)) and not isinstance(x, bool)",
}
# The guard under which a keyword applies (jsonschema's `validator.is_type(instance, ...)`).
GUARDS = {
    "object": "isinstance(x, dict)",
    "array": "isinstance(x, list)",
    "string": "isinstance(x, str)",
    # jsonschema takes any numbers.Number; values from YAML or JSON are int or float, and for
    # anything else the generated code says "invalid", so jsonschema decides (never a false pass).
    "number": "isinstance(x, (int, float)) and not isinstance(x, bool)",
}


@record
class Compiler:
    schema: dict[str, Any]
    functions: list[str] = field(default_factory=list)
    constants: list[str] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)  # one function per distinct body
    counter: int = 0

    def name(self) -> str:
        self.counter += 1
        return f"_n{self.counter}"

    def constant(self, prefix: str, value: str) -> str:
        name = f"_{prefix}{len(self.constants)}"
        self.constants.append(f"{name} = {value}")
        return name

    def ref(self, ref: str) -> str:
        """The function of a `$ref` target, compiled once."""
        if ref not in self.refs:
            if not ref.startswith("#/"):
                raise ValueError(f"only local $refs are supported, not {ref!r}")
            target: Any = self.schema
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            function = self.name()
            self.refs[ref] = function
            self.compile(target, ref, function)
        return self.refs[ref]

    def compile(self, node: Any, where: str, function: str | None = None) -> str:
        """Compile one schema node into a function; its name."""
        function = function or self.name()
        if node is True or node == {}:
            self.functions.append(f"def {function}(x: Any) -> bool:\n    return True\n")
            return function
        if node is False:
            self.functions.append(f"def {function}(x: Any) -> bool:\n    return False\n")
            return function
        unknown = set(node) - ANNOTATIONS - {
            "type", "enum", "$ref", "anyOf", "minimum", "maximum", "minLength", "maxLength",
            "pattern", "items", *OBJECT_KEYWORDS,
        }
        if unknown:
            raise ValueError(f"{where}: keywords {sorted(unknown)} are not compiled; extend "
                             "chartgen/codegen/validator.py")
        body: list[str] = []
        types = node.get("type")
        known: str | None = types if isinstance(types, str) else None
        if types is not None:
            kinds = [types] if isinstance(types, str) else list(types)
            test = " or ".join(
                TYPE_TESTS[kind] if len(kinds) == 1 else f"({TYPE_TESTS[kind]})" for kind in kinds
            )
            body.append(f"if not ({test}):\n    return False")
        if "$ref" in node:
            body.append(f"if not {self.ref(node['$ref'])}(x):\n    return False")
        if "enum" in node:
            if not all(isinstance(value, str) for value in node["enum"]):
                raise ValueError(f"{where}: only string enums are compiled")
            values = self.constant(
                "E", "frozenset({" + ", ".join(py_literal(v) for v in node["enum"]) + "})"
            )
            test = (f"x not in {values}" if known == "string"
                    else f"not isinstance(x, str) or x not in {values}")
            body.append(f"if {test}:\n    return False")
        if "anyOf" in node:
            options = [self.compile(option, f"{where}/anyOf/{index}")
                       for index, option in enumerate(node["anyOf"])]
            test = " or ".join(f"{option}(x)" for option in options)
            body.append(f"if not ({test}):\n    return False")
        self.guarded(body, known, "number", self.numbers(node))
        self.guarded(body, known, "string", self.strings(node))
        self.guarded(body, known, "array", self.arrays(node, where))
        self.guarded(body, known, "object", self.objects(node, where))
        body.append("return True")
        text = "\n".join("    " + line if line else "" for block in body
                         for line in block.splitlines())
        if text in self.bodies and function not in self.refs.values():
            self.counter -= 1  # the same checks as an earlier node: reuse its function
            return self.bodies[text]
        self.bodies.setdefault(text, function)
        self.functions.append(f"def {function}(x: Any) -> bool:\n    # {where}\n{text}\n")
        return function

    @staticmethod
    def guarded(body: list[str], known: str | None, kind: str, checks: list[str]) -> None:
        """Add `checks`, which apply only to instances of `kind` (`known`: the one type the
        node's `type` already required, if any)."""
        if not checks:
            return
        if known == kind or (kind == "number" and known == "integer"):
            body.extend(checks)  # the type check above already holds
            return
        if known is not None:
            return  # the instance is of another type: these keywords never apply to it
        inner = "\n".join("    " + line for block in checks for line in block.splitlines())
        body.append(f"if {GUARDS[kind]}:\n{inner}")

    def numbers(self, node: dict[str, Any]) -> list[str]:
        checks = []
        if "minimum" in node:
            checks.append(f"if x < {node['minimum']!r}:\n    return False")
        if "maximum" in node:
            checks.append(f"if x > {node['maximum']!r}:\n    return False")
        return checks

    def strings(self, node: dict[str, Any]) -> list[str]:
        checks = []
        if "minLength" in node:
            checks.append(f"if len(x) < {node['minLength']!r}:\n    return False")
        if "maxLength" in node:
            checks.append(f"if len(x) > {node['maxLength']!r}:\n    return False")
        if "pattern" in node:
            regex = self.constant("R", f"re.compile({ecma_regex(node['pattern']).pattern!r})")
            checks.append(f"if {regex}.search(x) is None:\n    return False")
        return checks

    def arrays(self, node: dict[str, Any], where: str) -> list[str]:
        if "items" not in node:
            return []
        item = self.compile(node["items"], f"{where}/items")
        return [f"for item in x:\n    if not {item}(item):\n        return False"]

    def objects(self, node: dict[str, Any], where: str) -> list[str]:
        checks = []
        if "required" in node:
            keys = self.constant("K", "(" + "".join(f"{py_literal(k)}, " for k in node["required"])
                                 .rstrip() + ")")
            checks.append(f"for key in {keys}:\n    if key not in x:\n        return False")
        if "minProperties" in node:
            checks.append(f"if len(x) < {node['minProperties']!r}:\n    return False")
        if "propertyNames" in node:
            names = self.compile(node["propertyNames"], f"{where}/propertyNames")
            checks.append(f"for key in x:\n    if not {names}(key):\n        return False")
        properties = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        if not properties:
            if extra is False:
                checks.append("if x:\n    return False")
            elif extra is not True:
                rest = self.compile(extra, f"{where}/additionalProperties")
                checks.append(f"for value in x.values():\n    if not {rest}(value):\n"
                              "        return False")
            return checks
        table = {key: self.compile(child, f"{where}/properties/{key}")
                 for key, child in properties.items()}
        lookup = self.constant(
            "P", "{" + ", ".join(f"{py_literal(k)}: {f}" for k, f in table.items()) + "}"
        )
        if extra is True:
            unknown = "continue"
        elif extra is False:
            unknown = "return False"
        else:
            rest = self.compile(extra, f"{where}/additionalProperties")
            unknown = f"if not {rest}(value):\n            return False\n        continue"
        checks.append(
            "for key, value in x.items():\n"
            f"    check = {lookup}.get(key)\n"
            "    if check is None:\n"
            f"        {unknown}\n"
            "    elif not check(value):\n"
            "        return False"
        )
        return checks


def generate() -> str:
    schema = load_schema()
    compiler = Compiler(schema)
    root = compiler.compile(schema, "#")
    lines = [
        header(
            f"schemas/{VALUES_SCHEMA_FILE}",
            "Whether values pass the values JSON Schema, without jsonschema "
            "(chartgen/codegen/validator.py).",
        ),
        "from __future__ import annotations",
        "",
        "import re",
        "from typing import Any",
        "",
        "",
        "def is_valid(values: Any) -> bool:",
        '    """Whether `values` pass the schema (jsonschema would report no error)."""',
        f"    return {root}(values)",
    ]
    text = "\n".join(lines) + "\n\n\n"
    text += "\n\n".join(compiler.functions)
    text += "\n\n" + "\n".join(_wrap(constant) for constant in compiler.constants) + "\n"
    return text


def _wrap(assignment: str) -> str:
    """A constant's assignment, one element per line when it is too long for one."""
    if len(assignment) <= 100:
        return assignment
    name, _, value = assignment.partition(" = ")
    for opening, closing, start in (("{", "}", "{"), ("frozenset({", "})", "frozenset({"),
                                    ("(", ")", "(")):
        if value.startswith(start) and value.endswith(closing):
            inner = value[len(opening):-len(closing)]
            items = [item.strip() for item in _split(inner)]
            body = "".join(f"    {item},\n" for item in items if item)
            return f"{name} = {opening}\n{body}{closing}"
    return assignment


def _split(text: str) -> list[str]:
    """Split a literal's items at top-level commas (strings are JSON-quoted)."""
    items, depth, current, quoted, escaped = [], 0, "", False, False
    for char in text:
        if quoted:
            current += char
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char == '"':
            quoted = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current)
            current = ""
            continue
        current += char
    items.append(current)
    return items
