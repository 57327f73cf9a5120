"""Generates `chartgen/generated/cli_table.py`: the typer application as data for the fast path.

typer (`chartgen.cli`) stays the definition of the command line. From it this records, for the
fast path of `chartgen.entry`: every help text as click prints it on a terminal of 80 columns or
more, and each command's options (name → parameter, and whether it is a flag, takes a value,
or repeats), positional arguments and defaults. A typer feature the fast path does not
reproduce (an option with `--x/--no-x`, more than one value, an environment variable, a
callback) stops the generator instead of being parsed differently.
"""

from __future__ import annotations

from typing import Any

from chartgen.codegen import header
from chartgen.codegen.model import py_literal

# click wraps help to min(terminal columns, 80) - 2 characters (chartgen.entry.HELP_COLUMNS).
HELP_WIDTH = 78


def _kind(param: Any) -> str:
    if getattr(param, "secondary_opts", None):
        raise ValueError(f"{param.name}: --x/--no-x options are not in the fast path's table")
    if getattr(param, "envvar", None) or getattr(param, "callback", None):
        raise ValueError(f"{param.name}: options with an envvar or callback are not supported")
    if getattr(param, "count", False) or param.nargs != 1:
        raise ValueError(f"{param.name}: only single-value options are supported")
    if param.is_flag:
        if not getattr(param, "is_bool_flag", False) or param.default is not False:
            raise ValueError(f"{param.name}: only boolean flags that default to False are "
                             "supported")
        return "flag"
    if type(param.type).__name__ != "StringParamType":
        return "typed"  # converted by click (an int, a choice): the fast path leaves it to typer
    return "multiple" if param.multiple else "value"


def collect() -> dict[str, Any]:
    import typer.main

    from chartgen.cli import app

    group = typer.main.get_command(app)
    root = group.context_class(
        group, info_name="chartgen", terminal_width=HELP_WIDTH, **group.context_settings
    )
    helps = {"": group.get_help(root)}
    options: dict[str, dict[str, tuple[str, str]]] = {}
    arguments: dict[str, tuple[tuple[str, int, bool], ...]] = {}
    defaults: dict[str, dict[str, Any]] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        context = command.context_class(
            command, info_name=name, parent=root, terminal_width=HELP_WIDTH,
            **command.context_settings,
        )
        helps[name] = command.get_help(context)
        table: dict[str, tuple[str, str]] = {}
        positional: list[tuple[str, int, bool]] = []
        values: dict[str, Any] = {}
        for param in command.params:
            if param.param_type_name == "argument":
                if param.nargs not in (1, -1):
                    raise ValueError(f"{name}: argument {param.name} takes {param.nargs} values")
                positional.append((param.name, param.nargs, bool(param.required)))
                continue
            kind = _kind(param)
            for option in param.opts:
                if option in table or option in context.help_option_names:
                    raise ValueError(f"{name}: option {option} is declared twice")
                table[option] = (param.name, kind)
            values[param.name] = False if kind == "flag" else param.default
        options[name] = table
        arguments[name] = tuple(positional)
        defaults[name] = values
    return {"HELP": helps, "OPTIONS": options, "ARGUMENTS": arguments, "DEFAULTS": defaults}


def _help_literal(text: str) -> str:
    lines = text.split("\n")
    body = "".join(f"    {py_literal(line + chr(10))}\n" for line in lines[:-1])
    return f"(\n{body}    {py_literal(lines[-1])}\n)"


def generate() -> str:
    table = collect()
    out = [
        header(
            "the typer application in chartgen/cli.py",
            "The command line as data, for the fast path of chartgen.entry "
            "(chartgen/codegen/cli.py).",
        ),
        "",
        "from __future__ import annotations",
        "",
        "# Read on the start-up path of `chartgen --help`: even `typing` costs milliseconds there.",
        "TYPE_CHECKING = False",
        "if TYPE_CHECKING:",
        "    from typing import Any",
        "",
        "# Help texts by command (\"\" is the program's), as click prints them on a terminal of",
        "# 80 columns or more, for the program name `chartgen`.",
        "HELP: dict[str, str] = {",
    ]
    for name, text in table["HELP"].items():
        out.append(f"    {py_literal(name)}: " + _help_literal(text).replace("\n", "\n    ") + ",")
    out.append("}")
    out.append("")
    out.append("# Options by command: option → (parameter, flag | value | multiple | typed).")
    out.append("OPTIONS: dict[str, dict[str, tuple[str, str]]] = {")
    for name, options in table["OPTIONS"].items():
        out.append(f"    {py_literal(name)}: {{")
        for option, (parameter, kind) in options.items():
            out.append(f"        {py_literal(option)}: ({py_literal(parameter)}, "
                       f"{py_literal(kind)}),")
        out.append("    },")
    out.append("}")
    out.append("")
    out.append("# Positional arguments by command: (parameter, count (-1: any), required).")
    out.append("ARGUMENTS: dict[str, tuple[tuple[str, int, bool], ...]] = {")
    for name, arguments in table["ARGUMENTS"].items():
        items = "".join(f"({py_literal(p)}, {n}, {r}), " for p, n, r in arguments).rstrip()
        out.append(f"    {py_literal(name)}: ({items}),")
    out.append("}")
    out.append("")
    out.append("# What typer passes for an option that is not given.")
    out.append("DEFAULTS: dict[str, dict[str, Any]] = {")
    for name, values in table["DEFAULTS"].items():
        out.append(f"    {py_literal(name)}: {{")
        for parameter, value in values.items():
            out.append(f"        {py_literal(parameter)}: {py_literal(value)},")
        out.append("    },")
    out.append("}")
    return "\n".join(out) + "\n"
