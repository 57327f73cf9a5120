"""Running a command from its parsed arguments, with every failure mapped to an exit code.

Two front ends parse the command line and end here with the same arguments: the typer
application (`chartgen.cli`, the definition of the command line) and the fast path for the
common command lines (`chartgen.entry`, table-driven, typer-free; tests/test_cli_fast_path.py
holds the two equal). This module imports neither typer nor anything heavy: each command body
imports what it needs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from chartgen.commands.common import FINDING_OPTIONS, FindingOptions
from chartgen.stdio import GuardedOutput, StreamFailed, silence

# The value options every values-reading command takes (FILES, -f/--values, the --set family):
# (parameter name, option names (() for the FILES argument), metavar, help). `chartgen.cli.
# value_options` turns these into typer parameters; `ValueArgs` is what a command body receives.
VALUE_OPTIONS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("files", (), "FILE...",
     "Values files, merged in order like `helm -f` (later wins); - is stdin."),
    ("values", ("--values", "-f"), "FILE", "Values file (repeatable), merged after FILES."),
    ("set_", ("--set",), "KEY=VALUE", "Set values like Helm: a.b=c,x[0]=y."),
    ("set_string", ("--set-string",), "KEY=VALUE", "Like --set, values stay strings."),
    ("set_json", ("--set-json",), "KEY=JSON", 'Set a key to a JSON value: a={"b":1}.'),
    ("set_file", ("--set-file",), "KEY=FILE", "Set a key to a file's content: a=path."),
    ("set_literal", ("--set-literal",), "KEY=VALUE", "Set a key to a literal string."),
)
VALUE_PARAMETERS = tuple(option[0] for option in VALUE_OPTIONS)
# The rule-control and report options of every command that reports findings
# (chartgen.commands.common.FINDING_OPTIONS), received as one `FindingOptions`.
FINDING_PARAMETERS = tuple(option[0] for option in FINDING_OPTIONS)


class ValueArgs:
    """The value options as given on the command line, in order within each kind."""

    __slots__ = ("files", "set_file", "set_json", "set_literal", "set_string", "set_values",
                 "values")

    def __init__(
        self,
        files: Sequence[str] | None = None,
        values: Sequence[str] | None = None,
        set_: Sequence[str] | None = None,
        set_string: Sequence[str] | None = None,
        set_json: Sequence[str] | None = None,
        set_file: Sequence[str] | None = None,
        set_literal: Sequence[str] | None = None,
    ) -> None:
        self.files = tuple(files or ())
        self.values = tuple(values or ())
        self.set_values = tuple(set_ or ())
        self.set_string = tuple(set_string or ())
        self.set_json = tuple(set_json or ())
        self.set_file = tuple(set_file or ())
        self.set_literal = tuple(set_literal or ())

    def sources(self, *, files: Sequence[str] | None = None) -> Any:
        """The `ValueSources` to load: FILES then the -f files (or `files`), and the --set
        family."""
        from chartgen.values.loader import ValueSources

        return ValueSources(
            files=list(files) if files is not None else [*self.files, *self.values],
            set_values=list(self.set_values),
            set_string=list(self.set_string),
            set_json=list(self.set_json),
            set_file=list(self.set_file),
            set_literal=list(self.set_literal),
        )

    def _key(self) -> tuple[tuple[str, ...], ...]:
        return (self.files, self.values, self.set_values, self.set_string, self.set_json,
                self.set_file, self.set_literal)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ValueArgs) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "ValueArgs(" + ", ".join(
            f"{name}={value!r}" for name, value in zip(self.__slots__, self._key(), strict=True)
        ) + ")"


def bundle(arguments: dict[str, Any]) -> dict[str, Any]:
    """A command's arguments as parsed option by option (the fast path's table) turned into
    what its body takes: the value options as one `ValueArgs`, the finding options as one
    `FindingOptions` (what `chartgen.cli.value_options` and `finding_options` do for typer)."""
    if VALUE_PARAMETERS[0] in arguments:
        raw = {name: arguments.pop(name) for name in VALUE_PARAMETERS}
        arguments["value_args"] = ValueArgs(*raw.values())
    if FINDING_PARAMETERS[0] in arguments:
        given = {name: arguments.pop(name) for name in FINDING_PARAMETERS}
        arguments["finding_options"] = FindingOptions.from_arguments(given)
    return arguments


# -- the command bodies ------------------------------------------------------------------------


def validate(
    *,
    value_args: ValueArgs,
    output: str,
    strict: bool,
    each: bool,
    jobs: str | None,
    validate_manifests: bool,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    finding_options: FindingOptions,
) -> int:
    from chartgen.commands.validate import run_validate

    return run_validate(
        files=list(value_args.files),
        base_files=list(value_args.values),
        sources=value_args.sources(files=[]),
        output=output,
        strict=strict,
        each=each,
        jobs=jobs,
        validate_manifests=validate_manifests,
        release_name=release_name,
        namespace=namespace,
        kube_version=kube_version,
        finding_options=finding_options,
    )


def render(
    *,
    value_args: ValueArgs,
    output: str,
    output_dir: str | None,
    force: bool,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    target_namespace: list[str] | None,
    validate_manifests: bool,
    strict: bool,
    finding_options: FindingOptions,
) -> int:
    from chartgen.commands.render import run_render

    return run_render(
        sources=value_args.sources(),
        output=output,
        output_dir=output_dir,
        force=force,
        release_name=release_name,
        namespace=namespace,
        kube_version=kube_version,
        target_namespaces=list(target_namespace or []),
        validate_manifests=validate_manifests,
        strict=strict,
        finding_options=finding_options,
    )


def schema(*, for_: str) -> int:
    from chartgen.commands.schema import run_schema

    return run_schema(for_)


def explain(*, subject: str) -> int:
    from chartgen.commands.explain import run_explain

    return run_explain(subject)


def docs() -> int:
    from chartgen.docs import render_docs

    sys.stdout.write(render_docs())
    return 0


def init(*, cloud: str, output_file: str | None, force: bool) -> int:
    from chartgen.commands.scaffold import run_init

    return run_init(cloud, output_file=output_file, force=force)


def chart(
    *,
    value_args: ValueArgs,
    output_dir: str,
    check: bool,
    force: bool,
    target_namespace: list[str] | None,
    strict: bool,
    finding_options: FindingOptions,
) -> int:
    if not output_dir:
        sys.stderr.write("chartgen: error: --output-dir DIR is required\n")
        return 2
    from chartgen.commands.chart import run_chart

    return run_chart(
        sources=value_args.sources(),
        output_dir=output_dir,
        check=check,
        force=force,
        target_namespaces=list(target_namespace or []),
        strict=strict,
        finding_options=finding_options,
    )


def diff(
    *,
    value_args: ValueArgs,
    to: list[str] | None,
    to_set: list[str] | None,
    to_set_string: list[str] | None,
    to_set_json: list[str] | None,
    to_set_file: list[str] | None,
    to_set_literal: list[str] | None,
    deployed: list[str] | None,
    output: str,
    context: int,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    target_namespace: list[str] | None,
    finding_options: FindingOptions,
) -> int:
    from chartgen.commands.diff import new_side_sources, run_diff

    old = value_args.sources()
    return run_diff(
        old_sources=old,
        new_sources=new_side_sources(
            old, list(to or []), list(to_set or []), list(to_set_string or []),
            list(to_set_json or []), list(to_set_file or []), list(to_set_literal or []),
        ),
        deployed=list(deployed or []),
        output=output,
        release_name=release_name,
        namespace=namespace,
        kube_version=kube_version,
        target_namespaces=list(target_namespace or []),
        context=context,
        finding_options=finding_options,
    )


def doctor(
    *,
    value_args: ValueArgs,
    cluster: list[str] | None,
    print_commands: bool,
    output: str,
    strict: bool,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    finding_options: FindingOptions,
) -> int:
    from chartgen.commands.doctor import run_doctor

    return run_doctor(
        sources=value_args.sources(),
        cluster=list(cluster or []),
        print_commands=print_commands,
        output=output,
        strict=strict,
        release_name=release_name,
        namespace=namespace,
        kube_version=kube_version,
        finding_options=finding_options,
    )


# Commands whose body is here, by command name: both front ends run them through `run`.
BODIES: dict[str, Callable[..., int]] = {
    "validate": validate,
    "render": render,
    "schema": schema,
    "explain": explain,
    "docs": docs,
    "init": init,
    "chart": chart,
    "diff": diff,
    "doctor": doctor,
}


def run(command: str, arguments: dict[str, Any]) -> int:
    """Run `command` with its parsed `arguments`; its exit code."""
    body = BODIES[command]
    return guarded(lambda: body(**arguments))


def guarded(action: Callable[[], int]) -> int:
    """Run a command body; map every failure to an exit code, never a traceback."""
    real_stdout = sys.stdout
    sys.stdout = GuardedOutput(real_stdout)
    try:
        code = action()
        sys.stdout.flush()
    except KeyboardInterrupt as exc:
        # SIGINT, or SIGTERM/SIGHUP while output was written (chartgen.output.Stopped).
        signum = getattr(exc, "signum", 2)
        sys.stderr.write("chartgen: interrupted\n")
        return 128 + signum
    except BrokenPipeError:
        # The reader went away (`chartgen render | head`): not an error of ours.
        silence(real_stdout)
        return 0
    except StreamFailed as exc:
        silence(real_stdout)
        sys.stderr.write(f"chartgen: error: {exc.reason}\n")
        return 3
    except Exception as exc:  # the last line of defence: report, do not dump a traceback
        if os.environ.get("CHARTGEN_DEBUG"):
            raise
        sys.stderr.write(
            f"chartgen: internal error: {type(exc).__name__}: {exc}\n"
            "Set CHARTGEN_DEBUG=1 to see the traceback, and please report it.\n"
        )
        return 3
    finally:
        sys.stdout = real_stdout
    return code
