"""Generates `chartgen/generated/templates.py`: the Jinja templates compiled to plain Python.

Jinja stays the template language: the templates are written, read and reviewed as Jinja, and
Jinja's own lexer and parser (with the environment's settings: trim_blocks, lstrip_blocks,
keep_trailing_newline) turn each one into its syntax tree. This walks that tree and writes one
Python function per template, so a render needs neither Jinja's import nor its compilation of
the templates at run time. tests/render/test_compiled_templates.py renders every scenario and
generated value sets both ways and requires the same text.

The compiler covers the part of Jinja the templates use — output, `if`/`elif`/`else`, `for`
(with tuple targets and an `if` filter), top-level `set`, attribute look-up, constants, tuples
and lists, `~`, `and`/`or`/`not`, comparisons, `is none`, and the environment's filters — with
Jinja's semantics: `{{ x }}` writes `str(x)`, `a.b` is `getattr`, then `a["b"]`. Anything else
stops the generator with the template and line, instead of being compiled approximately. Where
Jinja's StrictUndefined would raise at the first use of a missing variable or attribute, the
compiled code raises at the look-up.
"""

from __future__ import annotations

from typing import Any

from chartgen.codegen import header
from chartgen.record import field, record

_OPERATORS = {"eq": "==", "ne": "!=", "lt": "<", "lteq": "<=", "gt": ">", "gteq": ">=",
              "in": "in", "notin": "not in"}


class Unsupported(ValueError):
    """A template uses a construct the compiler does not translate."""


@record
class Function:
    """The Python source of one template's render function, built statement by statement."""

    template: str
    lines: list[str] = field(default_factory=list)
    scopes: list[dict[str, str]] = field(default_factory=lambda: [{}])
    counter: int = 0

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    def fail(self, node: Any, what: str) -> Unsupported:
        return Unsupported(f"{self.template}:{getattr(node, 'lineno', '?')}: {what} is not "
                           "supported by chartgen/codegen/templates.py")

    def bind(self, name: str) -> str:
        self.counter += 1
        variable = f"l{self.counter}_{name}"
        self.scopes[-1][name] = variable
        return variable

    def lookup(self, name: str) -> str | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None


def compile_template(name: str, source: str, environment: Any, function_name: str) -> str:
    """The Python source of the render function of one template."""
    from jinja2 import nodes

    tree = environment.parse(source, name=name)
    function = Function(name)
    function.emit(0, f"def {function_name}(c: Mapping[str, Any]) -> str:")
    function.emit(1, f'"""{name}"""')
    function.emit(1, "out: list[str] = []")
    function.emit(1, "w = out.append")
    _statements(function, tree.body, 1, nodes, top=True)
    function.emit(1, 'return "".join(out)')
    return "\n".join(function.lines) + "\n"


def _statements(function: Function, body: list[Any], depth: int, nodes: Any,
                top: bool = False) -> None:
    before = len(function.lines)
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    if child.data:
                        function.emit(depth, f"w({child.data!r})")
                else:
                    function.emit(depth, f"w(str({_expression(function, child, nodes)}))")
        elif isinstance(node, nodes.If):
            _if(function, node, depth, nodes)
        elif isinstance(node, nodes.For):
            _for(function, node, depth, nodes)
        elif isinstance(node, nodes.Assign):
            if not top:
                raise function.fail(node, "`set` inside a block")
            if not isinstance(node.target, nodes.Name):
                raise function.fail(node, "`set` of several names")
            value = _expression(function, node.node, nodes)
            variable = function.bind(node.target.name)
            function.emit(depth, f"{variable} = {value}")
        else:
            raise function.fail(node, f"the statement {type(node).__name__}")
    if len(function.lines) == before:
        function.emit(depth, "pass")


def _if(function: Function, node: Any, depth: int, nodes: Any) -> None:
    function.emit(depth, f"if {_expression(function, node.test, nodes)}:")
    _statements(function, node.body, depth + 1, nodes)
    for branch in node.elif_:
        function.emit(depth, f"elif {_expression(function, branch.test, nodes)}:")
        _statements(function, branch.body, depth + 1, nodes)
    if node.else_:
        function.emit(depth, "else:")
        _statements(function, node.else_, depth + 1, nodes)


def _for(function: Function, node: Any, depth: int, nodes: Any) -> None:
    if node.recursive or node.else_:
        raise function.fail(node, "a recursive `for` or `for ... else`")
    for found in node.find_all(nodes.Name):
        if found.name == "loop":
            raise function.fail(node, "the `loop` variable")
    iterable = _expression(function, node.iter, nodes)
    function.scopes.append({})
    if isinstance(node.target, nodes.Name):
        target = function.bind(node.target.name)
    elif isinstance(node.target, nodes.Tuple) and all(
        isinstance(item, nodes.Name) for item in node.target.items
    ):
        target = ", ".join(function.bind(item.name) for item in node.target.items)
    else:
        raise function.fail(node, "this loop target")
    function.emit(depth, f"for {target} in {iterable}:")
    if node.test is not None:
        function.emit(depth + 1, f"if not ({_expression(function, node.test, nodes)}):")
        function.emit(depth + 2, "continue")
    _statements(function, node.body, depth + 1, nodes)
    function.scopes.pop()


def _expression(function: Function, node: Any, nodes: Any) -> str:
    def expression(child: Any) -> str:
        return _expression(function, child, nodes)

    if isinstance(node, nodes.Name):
        variable = function.lookup(node.name)
        return variable if variable is not None else f"c[{node.name!r}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"_getattr({expression(node.node)}, {node.attr!r})"
    if isinstance(node, nodes.Getitem):
        return f"_getitem({expression(node.node)}, {expression(node.arg)})"
    if isinstance(node, nodes.Tuple):
        items = [expression(item) for item in node.items]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(node, nodes.List):
        return "[" + ", ".join(expression(item) for item in node.items) + "]"
    if isinstance(node, nodes.Concat):
        return "".join(["_concat((", *(f"{expression(item)}, " for item in node.nodes), "))"])
    if isinstance(node, nodes.And):
        return f"({expression(node.left)} and {expression(node.right)})"
    if isinstance(node, nodes.Or):
        return f"({expression(node.left)} or {expression(node.right)})"
    if isinstance(node, nodes.Not):
        inner = node.node
        if isinstance(inner, nodes.Test) and inner.name == "none" and not inner.args:
            return f"({expression(inner.node)} is not None)"  # `x is not none`
        return f"(not {expression(inner)})"
    if isinstance(node, nodes.CondExpr):
        if node.expr2 is None:
            raise function.fail(node, "`x if y` without `else`")
        return (f"({expression(node.expr1)} if {expression(node.test)} "
                f"else {expression(node.expr2)})")
    if isinstance(node, nodes.Compare):
        text = expression(node.expr)
        for operand in node.ops:
            text += f" {_OPERATORS[operand.op]} {expression(operand.expr)}"
        return f"({text})"
    if isinstance(node, nodes.Test):
        if node.name != "none" or node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
            raise function.fail(node, f"the test `is {node.name}`")
        return f"({expression(node.node)} is None)"
    if isinstance(node, nodes.Filter):
        if node.kwargs or node.dyn_args or node.dyn_kwargs or node.node is None:
            raise function.fail(node, "keyword or starred filter arguments")
        arguments = ", ".join([expression(node.node), *(expression(a) for a in node.args)])
        return f"_filter_{node.name}({arguments})"
    raise function.fail(node, f"the expression {type(node).__name__}")


RUNTIME = '''
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from chartgen.render.compiled import concat as _concat
from chartgen.render.compiled import get_attribute as _getattr
from chartgen.render.compiled import get_item as _getitem  # noqa: F401  (when a template indexes)
from chartgen.render.environment import FILTERS
'''


def generate() -> str:
    from chartgen.render.environment import FILTERS, environment
    from chartgen.render.objects import OBJECTS
    from chartgen.resources import templates_dir

    env = environment()
    names = sorted({spec.template for spec in OBJECTS})
    parts = [
        header("the Jinja templates of chartgen/render/objects.py",
               "The manifest templates as Python functions (chartgen/codegen/templates.py)."),
        RUNTIME,
    ]
    parts.extend(f"\n_filter_{name} = FILTERS[{name!r}]" for name in sorted(FILTERS))
    parts.append("\n")
    functions = {}
    for name in names:
        function_name = "_" + name.split(".")[0].replace("-", "_")
        source = (templates_dir() / name).read_text(encoding="utf-8")
        parts.append("\n\n" + compile_template(name, source, env, function_name))
        functions[name] = function_name
    parts.append("\n\n# Template file name → its render function (the context → the text).\n")
    parts.append("TEMPLATES: dict[str, Callable[[Mapping[str, Any]], str]] = {\n")
    parts.extend(f"    {name!r}: {function},\n" for name, function in functions.items())
    parts.append("}\n")
    return "".join(parts)
