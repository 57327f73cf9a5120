"""The fast path of the `chartgen` command gives exactly what typer gives.

`chartgen.entry` answers common command lines from a table generated from the typer application
(`chartgen/generated/cli_table.py`) without importing typer, and hands everything else to typer.
For that to be invisible, a command line the fast path takes must come out as typer would make
it: the same parsed arguments for the same command body, the same help text, the same exit code
and output. Checked on a corpus of command lines and on seeded random ones built from every
option of every command, and end to end in fresh processes both ways.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import types
from contextlib import redirect_stdout
from typing import Any

import pytest
import typer.main
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chartgen.dispatch
from chartgen import entry
from chartgen.cli import app
from chartgen.dispatch import BODIES, bundle
from chartgen.generated.cli_table import HELP, OPTIONS

EXAMPLE = str(ROOT / "values.example.yaml")
COMMANDS = list(OPTIONS)


def fast_parse(argv: list[str]) -> tuple[str, Any] | None:
    """What the fast path makes of a command line: ("help", text), ("run", (command,
    arguments)) or None (typer's)."""
    if argv in (["--help"], ["-h"]):
        return "help", HELP[""]
    if not argv or argv[0] not in OPTIONS:
        return None
    parsed = entry.parse(argv[0], argv[1:])
    if parsed is None:
        return None
    action, arguments = parsed
    if action == "help":
        return "help", HELP[argv[0]]
    if argv[0] not in BODIES:
        return None
    return "run", (argv[0], bundle(arguments))


def typer_parse(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    """What typer makes of it: ("help", text), ("run", (command, arguments)) or ("error",
    exit code); command bodies are not run."""
    calls: list[tuple[str, dict[str, Any]]] = []

    def record(command: str, arguments: dict[str, Any]) -> int:
        calls.append((command, dict(arguments)))
        return 0

    monkeypatch.setattr(chartgen.dispatch, "run", record)
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    command = typer.main.get_command(app)
    with redirect_stdout(out):
        try:
            code = command.main(args=argv, prog_name="chartgen", standalone_mode=False)
        except typer.Exit as exc:  # pragma: no cover - click returns it as the code
            code = exc.exit_code
        except Exception as exc:  # a usage error (unknown option, missing value, ...)
            return "error", type(exc).__name__
    if calls:
        assert len(calls) == 1
        return "run", calls[0]
    if out.getvalue():
        return "help", out.getvalue().removesuffix("\n")
    return "error", code


def same(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any] | None:
    fast = fast_parse(argv)
    if fast is None:
        return None  # typer decides: nothing to compare
    slow = typer_parse(argv, monkeypatch)
    assert fast == slow, f"{argv}: fast path {fast!r}, typer {slow!r}"
    return fast


CORPUS = [
    ["--help"],
    ["-h"],
    *[[command, "--help"] for command in COMMANDS],
    *[[command, "-h"] for command in COMMANDS],
    ["validate", EXAMPLE],
    ["validate", EXAMPLE, "-o", "json", "--strict"],
    ["validate", "--each", "a.yaml", "b.yaml", "-f", "base.yaml", "--values=more.yaml"],
    ["validate", "-", "--set", "imageBuilder.enabled=false", "--set-string", "a=1"],
    ["validate", "--set-json", 'a={"b":1}', "--set-file", "a=x", "--set-literal", "a=,"],
    ["validate", "-ojson", "-fbase.yaml", "-nteam", "--kube-version", "1.31"],
    ["validate", "--", "-f", "--strict"],
    ["validate", "--set", "--strict"],
    ["validate", "--output=", "x.yaml"],
    ["validate", "-f=x.yaml"],
    ["validate", "x.yaml", "--help", "--strict"],
    ["validate", "--validate-manifests", "--release-name", "r", "--namespace", "n", "x"],
    ["render", EXAMPLE, "-o", "json", "--output-dir", "out", "--force"],
    ["render", EXAMPLE, "--target-namespace", "a", "--target-namespace", "b"],
    ["render", "-f", EXAMPLE, "--set", "a=b", "--set", "c=d"],
    ["schema"],
    ["docs"],
    ["explain", "IB201"],
    ["explain", "imageBuilder.buildkit.rootless"],
    ["explain", "--", "--help"],
    ["init"],
    ["init", "--cloud", "gcp"],
    ["init", "--cloud=azure"],
    ["chart", EXAMPLE, "--output-dir", "out", "--check"],
    ["chart", "--output-dir=out", "--target-namespace", "x", "--strict", "--force"],
]


@pytest.mark.parametrize("argv", CORPUS, ids=[" ".join(a) or "(none)" for a in CORPUS])
def test_corpus(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert same(argv, monkeypatch) is not None, f"{argv} should take the fast path"


# Command lines the fast path must leave to typer (which then errors, or does something the
# table does not describe).
TYPERS = [
    [],
    ["--version", "--help"],
    ["--help", "validate"],
    ["bogus"],
    ["validate", "--bogus"],
    ["validate", "-f"],
    ["validate", "--strict=yes"],
    ["validate", "-hf", "x"],
    ["explain"],
    ["explain", "a", "b"],
    ["schema", "extra"],
    ["iam-policy", EXAMPLE],
]


@pytest.mark.parametrize("argv", TYPERS, ids=[" ".join(a) or "(none)" for a in TYPERS])
def test_left_to_typer(argv: list[str]) -> None:
    assert fast_parse(argv) is None


def _tokens(command: str) -> st.SearchStrategy[str]:
    options = sorted(OPTIONS[command])
    return st.one_of(
        st.sampled_from([*options, "-h", "--help", "--", "-", "", "--bogus", "-x"]),
        st.sampled_from([f"{o}=v" for o in [*options, "--help", "-h"]]),
        st.sampled_from([f"{o}v" for o in [*options, "-h"] if not o.startswith("--")]),
        st.sampled_from(["a.yaml", "x=1", "a=b,c", "-1", "--x=y", "=", "imageBuilder"]),
        st.text(alphabet="-=abf", max_size=4),
    )


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_command_lines(data: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    command = data.draw(st.sampled_from(COMMANDS))
    args = data.draw(st.lists(_tokens(command), max_size=6))
    same([command, *args], monkeypatch)


def test_random_command_lines_mostly_take_the_fast_path() -> None:
    """The property above compares something: most random lines are parsed by the fast path."""
    taken = 0
    total = 0

    @settings(max_examples=200, deadline=None, database=None, derandomize=True)
    @given(data=st.data())
    def sample(data: Any) -> None:
        nonlocal taken, total
        command = data.draw(st.sampled_from([c for c in COMMANDS if c in BODIES]))
        args = data.draw(st.lists(_tokens(command), max_size=6))
        total += 1
        taken += fast_parse([command, *args]) is not None

    sample()
    # A fifth: every switch also yields `--switch=v` tokens, which typer must judge, and the
    # finding options brought three more switches (49 of 200 lines take the fast path).
    assert taken > total // 5


# -- help texts, program names, terminal widths, exit codes: fresh processes ------------------


def run(argv: list[str], *, typer_only: bool, columns: str = "100",
        cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["COLUMNS"] = columns
    if typer_only:
        code = "import sys; sys.argv[0] = 'chartgen'; from chartgen.cli import main; main()"
        command = [sys.executable, "-c", code, *argv]
    else:
        code = "import sys; sys.argv[0] = 'chartgen'; from chartgen.entry import main; main()"
        command = [sys.executable, "-c", code, *argv]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd or ROOT,
                          timeout=120)


@pytest.mark.parametrize("command", ["", *COMMANDS])
@pytest.mark.parametrize("columns", ["80", "200", "60"])
def test_help_text_is_typers(command: str, columns: str) -> None:
    argv = [command, "--help"] if command else ["--help"]
    fast, slow = run(argv, typer_only=False, columns=columns), run(argv, typer_only=True,
                                                                     columns=columns)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout,
                                                           slow.stderr)


def test_python_dash_m_names_the_program_as_click_does() -> None:
    result = subprocess.run([sys.executable, "-m", "chartgen", "validate", "--help"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60,
                            env={**os.environ, "COLUMNS": "100"})
    assert result.stdout.startswith("Usage: python -m chartgen validate [OPTIONS]")
    assert result.stdout.removeprefix("Usage: python -m chartgen") == (
        HELP["validate"].removeprefix("Usage: chartgen") + "\n"
    )


@pytest.mark.parametrize(
    "argv0, package, expected",
    [("/usr/bin/chartgen", None, "chartgen"), ("/x/chartgen/__main__.py", "chartgen",
     "python -m chartgen"), ("/x/chartgen/cli.py", "chartgen", "python -m chartgen.cli"),
     ("run.py", "", "run.py")],
)
def test_program_name_is_clicks(argv0: str, package: str | None, expected: str,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from typer._click.utils import _detect_program_name

    main = types.ModuleType("__main__")
    main.__package__ = package
    monkeypatch.setitem(sys.modules, "__main__", main)
    monkeypatch.setattr(sys, "argv", [argv0])
    assert entry.program_name() == _detect_program_name() == expected


END_TO_END = [
    ["--version"],
    ["validate", EXAMPLE],
    ["validate", EXAMPLE, "-o", "json"],
    ["validate", str(FIXTURES / "invalid" / "unknown-key-typo.yaml")],
    ["validate", "missing.yaml"],
    ["validate"],
    ["validate", "--each", EXAMPLE, str(FIXTURES / "invalid" / "port-out-of-range.yaml")],
    ["render", EXAMPLE, "-o", "json", "--set", "imageBuilder.buildkit.replicaCount=3"],
    ["render", EXAMPLE, "--namespace", "Not_Valid"],
    ["schema"],
    ["explain", "IB201"],
    ["explain", "no-such-thing"],
    ["init", "--cloud", "gcp"],
    ["init", "--cloud", "mars"],
    ["chart", EXAMPLE],
]


@pytest.mark.parametrize("argv", END_TO_END, ids=[" ".join(a[:3]) for a in END_TO_END])
def test_end_to_end_same_as_typer(argv: list[str]) -> None:
    fast, slow = run(argv, typer_only=False), run(argv, typer_only=True)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout,
                                                           slow.stderr)


@pytest.mark.parametrize("stdout", ["closed", "/dev/full"])
@pytest.mark.parametrize("argv", [["schema"], ["validate", EXAMPLE, "-o", "json"],
                                  ["render", EXAMPLE]])
def test_failing_stdout_same_as_typer(argv: list[str], stdout: str) -> None:
    """The fast path ends the process itself (chartgen.entry.exit_now): a standard output that
    is closed or full still ends as it does through typer, exit code and message alike."""
    results = []
    for typer_only in (False, True):
        module = "chartgen.cli" if typer_only else "chartgen.entry"
        code = f"import sys; sys.argv[0] = 'chartgen'; from {module} import main; main()"
        command = [sys.executable, "-c", code, *argv]
        if stdout == "closed":
            result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    text=True, cwd=ROOT, timeout=120,
                                    preexec_fn=lambda: os.close(1))
        else:
            with open(stdout, "w") as full:
                result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE,
                                        text=True, cwd=ROOT, timeout=120)
        results.append((result.returncode, result.stderr))
    assert results[0] == results[1]
    assert results[0][0] == 3, results[0]
