"""The `chartgen` command: common command lines without typer, everything else through it.

typer (`chartgen.cli`) defines the command line, but importing it and building its click
commands costs several times Python's own start-up — more than `chartgen --help` may take in
all. So this entry point answers from a table generated from the typer application
(`chartgen/generated/cli_table.py`): the help texts, and the options of every command whose
body `chartgen.dispatch` runs. A command line it parses completely runs that body with exactly
the arguments typer would pass; anything else — an unknown or malformed option, a missing
argument, a narrow terminal (help is wrapped to its width), shell completion — goes to typer,
which then reports or does what it always did. tests/test_cli_fast_path.py proves both paths
give the same arguments, help texts and exit codes.
"""

from __future__ import annotations

import os
import sys

# `typing` alone costs more than a tenth of `chartgen --help`: only the type checker reads it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HELP_OPTIONS = ("-h", "--help")
# Below this terminal width click wraps help texts differently from the generated ones.
HELP_COLUMNS = 80


def program_name() -> str:
    """The program name click would show in help: `chartgen`, or `python -m chartgen`
    (click's `_detect_program_name`)."""
    main = sys.modules.get("__main__")
    path = sys.argv[0] if sys.argv else ""
    package = getattr(main, "__package__", None)
    if package in (None, ""):
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def terminal_columns() -> int:
    """The terminal width click formats help for (`shutil.get_terminal_size`, without
    importing shutil)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        if columns <= 0:
            columns = 80
    return columns


def parse(command: str, args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """("help", {}) or ("run", arguments) for a command line the table covers completely,
    exactly as click parses it; None for anything else (typer then decides)."""
    from chartgen.generated.cli_table import ARGUMENTS, DEFAULTS, OPTIONS

    options = OPTIONS[command]
    found: dict[str, Any] = {}
    positional: list[str] = []
    wants_help = False
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            positional.extend(args[index:])
            break
        if arg[:1] != "-" or len(arg) == 1:
            positional.append(arg)
            continue
        explicit: str | None = None
        if arg[:2] == "--":
            name, equals, value = arg.partition("=")
            if equals:
                explicit = value
        else:
            # A short option: the rest of the word is its value (`-fvalues.yaml`, `-ojson`).
            name = arg[:2]
            if len(arg) > 2:
                explicit = arg[2:]
        if name in HELP_OPTIONS:
            if explicit is not None:
                return None
            wants_help = True
            continue
        spec = options.get(name)
        if spec is None:
            return None
        destination, kind = spec
        if kind == "typed":
            return None  # a value click converts (`--context 5`): typer's to parse
        if kind == "flag":
            if explicit is not None:
                return None  # `--strict=x`, or a cluster of short flags: typer's to judge
            found[destination] = True
            continue
        if explicit is None:
            if index >= len(args):
                return None  # the option's value is missing
            explicit = args[index]
            index += 1
        if kind == "multiple":
            found.setdefault(destination, []).append(explicit)
        else:
            found[destination] = explicit
    if wants_help:
        return "help", {}
    arguments = dict(DEFAULTS[command])
    arguments.update(found)
    for destination, count, required in ARGUMENTS[command]:
        if count == -1:
            arguments[destination] = positional or None
            positional = []
        elif positional:
            arguments[destination] = positional.pop(0)
        elif required:
            return None  # a missing argument: typer's error message
    if positional:
        return None  # an extra argument: typer's error message
    return "run", arguments


def fast(argv: list[str]) -> int | None:
    """The exit code of a command line answered here, or None to hand it to typer."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None  # shell completion is click's
    if argv == ["--version"]:
        from chartgen import __version__

        sys.stdout.write(f"chartgen {__version__}\n")
        return 0
    from chartgen.generated.cli_table import HELP, OPTIONS

    help_wanted = argv in (["--help"], ["-h"])
    if not help_wanted:
        if not argv or argv[0] not in OPTIONS:
            return None
        parsed = parse(argv[0], argv[1:])
        if parsed is None:
            return None
        action, arguments = parsed
        if action == "run":
            from chartgen.dispatch import BODIES, bundle, run

            if argv[0] not in BODIES:
                return None
            return run(argv[0], bundle(arguments))
    if terminal_columns() < HELP_COLUMNS:
        return None
    text = HELP["" if help_wanted else argv[0]]
    program = program_name()
    sys.stdout.write(text.replace("Usage: chartgen", f"Usage: {program}", 1) + "\n")
    return 0


def exit_now(code: int) -> None:
    """End the process without the interpreter's teardown.

    Tearing the interpreter down frees every module and object one by one — 10 to 20 ms after
    a validate or render, more than the work itself — while the OS frees the process at once.
    Exit functions still run and the standard streams are flushed; a stream that cannot be
    flushed takes the interpreter's own way out, which reports it as it always did.
    """
    import atexit

    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_functions is not None:
        run_exit_functions()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:
        sys.exit(code)
    os._exit(code)


def main() -> None:
    code = fast(sys.argv[1:])
    if code is None:
        from chartgen.cli import main as typer_main

        typer_main()
        return
    exit_now(code)
