"""Command-line options declared as data: each `clouds.base.OptionGroup` becomes flags.

`with_option_groups` adds every option of the groups to a typer command's parameters — a
field annotated with a `Flag` is a `--flag VALUE` (`str | None`), a switch (`bool`) or a
repeatable flag (a tuple) — and hands the command one instance per group as `groups`.
`GroupedHelp` lists each group's options under its own heading in `--help`, so
`chartgen iam-policy --help` shows what belongs to which cloud. typer keeps the heading on each
option (`rich_help_panel`); rich, when enabled, would show the same panels.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from chartgen.clouds.base import Flag, OptionGroup

if TYPE_CHECKING:
    # The click typer vendors (and passes at run time).
    from typer._click import Context, HelpFormatter

Command = Callable[..., None]


def _parameter(name: str, flag: Flag, default: Any, panel: str) -> inspect.Parameter:
    # A switch takes no value; anything else shows what its value is (`--dataplane-account
    # ACCOUNT_ID`), never click's type name.
    metavar = None if isinstance(default, bool) else flag.shown_value or None
    option = typer.Option(flag.flag, help=flag.help, rich_help_panel=panel, show_default=False,
                          metavar=metavar)
    annotation: Any
    if isinstance(default, bool):
        annotation = Annotated[bool, option]
    elif isinstance(default, tuple):
        annotation, default = Annotated[list[str] | None, option], None
    else:
        annotation = Annotated[str | None, option]
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def with_option_groups(groups: tuple[OptionGroup, ...]) -> Callable[[Command], Command]:
    """Add the options of `groups` to a command; it receives them as `groups=(...)`, one
    instance of each group's options class, in the order of `groups`."""

    def decorate(command: Command) -> Command:
        own = inspect.signature(command, eval_str=True)
        params = [p for p in own.parameters.values() if p.name != "groups"]
        taken = {p.name for p in params}
        added = []
        declared = [(group, group.flags()) for group in groups]
        for group, flags in declared:
            for name, flag, default in flags:
                if name in taken:
                    raise ValueError(f"option {name!r} of {group.title} is declared twice")
                taken.add(name)
                added.append(
                    _parameter(name, flag, default, f"{group.title} options")
                )

        @functools.wraps(command)
        def wrapper(**kwargs: Any) -> None:
            instances = []
            for group, flags in declared:
                given = {}
                for name, _, default in flags:
                    value = kwargs.pop(name)
                    given[name] = tuple(value or ()) if isinstance(default, tuple) else value
                instances.append(group.options(**given))
            command(**kwargs, groups=tuple(instances))

        wrapper.__signature__ = own.replace(parameters=[*params, *added])  # type: ignore[attr-defined]
        return wrapper

    return decorate


class GroupedHelp(TyperCommand):
    """`--help` with the arguments, the command's own options, then one section per group."""

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        sections: dict[str, list[tuple[str, str]]] = {"Options": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append(record)
                continue
            title = getattr(param, "rich_help_panel", None) or "Options"
            sections.setdefault(title, []).append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        for title, records in sections.items():
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)
