"""Start-up hygiene: the CLI module and `chartgen --help` import no heavy library.

`chartgen --help` and a cold `chartgen validate` should cost little more than the interpreter's
own start-up, so jsonschema, jinja2, pydantic and ruamel are imported only inside the commands
that need them (SPEC §8). Checked in fresh interpreters, since this test process has long
imported all of them. Speed itself is measured by `bench/run.py`, not here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

HEAVY = ("jsonschema", "jinja2", "pydantic", "ruamel")


def python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def test_importing_the_cli_imports_no_heavy_library() -> None:
    code = (
        "import chartgen.cli, sys; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    result = python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def imports(*args: str) -> list[tuple[str, str]]:
    """(module, importer) for every module imported while running `python -X importtime ARGS`.

    The importer is the module whose import statement pulled it in: importtime prints a
    module's imports before it, one level deeper.
    """
    result = python("-X", "importtime", *args)
    assert result.returncode == 0, result.stderr
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+\d+ \|( *)(\S+)", line)
        if match:
            rows.append((len(match.group(1)), match.group(2)))
    found = []
    for index, (depth, module) in enumerate(rows):
        parent = next((m for d, m in rows[index + 1 :] if d < depth), "")
        found.append((module, parent))
    assert any(module == "chartgen" for module, _ in found)  # the trace is real
    return found


def heavy(found: list[tuple[str, str]]) -> set[str]:
    return {module for module, _ in found if module.split(".")[0] in HEAVY}


def test_help_imports_no_heavy_library() -> None:
    assert heavy(imports("-m", "chartgen", "--help")) == set()


def test_version_imports_no_heavy_library() -> None:
    assert heavy(imports("-m", "chartgen", "--version")) == set()


def test_command_help_imports_no_heavy_library() -> None:
    """`chartgen validate --help` parses a command's options without importing anything heavy.

    typer 0.29 started coercing parameters through pydantic TypeAdapters, which imports pydantic
    for every command; pyproject pins typer below 0.29 for that reason, and this test notices if
    a future typer brings it back.
    """
    assert heavy(imports("-m", "chartgen", "validate", "--help")) == set()


def test_schema_and_explain_import_no_heavy_library() -> None:
    assert heavy(imports("-m", "chartgen", "schema")) == set()


# -- every start-up path, as the `chartgen` script runs it (chartgen.entry) --------------------

# What no start-up path may import: the libraries behind validation and rendering, the
# generated validator, model and templates, and typer itself (chartgen.entry answers these
# command lines from chartgen/generated/cli_table.py).
START_UP_HEAVY = (
    "jsonschema",
    "jinja2",
    "pydantic",
    "ruamel",
    "typer",
    "click",
    "chartgen.cli",
    "chartgen.model",
    "chartgen.generated.values_model",
    "chartgen.generated.values_validator",
    "chartgen.generated.templates",
)


def modules_after(*args: str) -> set[str]:
    """Every module imported by `chartgen ARGS` (run as the console script does), at exit."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.__stderr__.write('MODULES ' + ' '.join(sys.modules) + '\\n'))\n"
        "sys.argv = ['chartgen', *sys.argv[1:]]\n"
        "from chartgen.entry import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["COLUMNS"] = "100"  # help texts are answered from the table on terminals this wide
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
        env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    modules = set(line.split()[1:])
    assert "chartgen.entry" in modules  # the trace is real
    return modules


def heavy_on_start_up(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith(START_UP_HEAVY)}


def _help_paths() -> list[list[str]]:
    from chartgen.generated.cli_table import OPTIONS

    return [["--help"], ["-h"], ["--version"], *([name, "--help"] for name in OPTIONS),
            *([name, "-h"] for name in OPTIONS)]


@pytest.mark.parametrize("args", _help_paths(), ids=" ".join)
def test_help_paths_import_nothing_heavy(args: list[str]) -> None:
    """`chartgen --help` and every subcommand's `--help`: not even typer."""
    assert heavy_on_start_up(modules_after(*args)) == set()


DOCUMENTATION = [
    ["schema"],
    ["docs"],
    ["init"],
    ["init", "--cloud", "gcp"],
    ["explain", "IB201"],  # a rule (its documentation comes from chartgen/generated/catalogue.py)
    ["explain", "IB001"],  # a check
    ["explain", "no-builder"],
    ["explain", "imageBuilder.buildkit.rootless"],  # a key
    ["explain", "private-registries"],  # a topic
]


@pytest.mark.parametrize("args", DOCUMENTATION, ids=" ".join)
def test_documentation_commands_import_nothing_heavy(args: list[str]) -> None:
    """`schema`, `docs`, `init` and `explain` read the schema and the documentation, never the
    validator, the model, the rule modules, Jinja, YAML or typer."""
    modules = modules_after(*args)
    assert heavy_on_start_up(modules) == set()
    rule_modules = {m for m in modules if m.startswith("chartgen.rules.")}
    assert not rule_modules, "listing the rules must not import them"


def test_render_imports_no_jinja() -> None:
    """`chartgen render` runs the templates compiled to Python (chartgen/generated/templates.py):
    neither Jinja nor jsonschema (valid values) nor typer."""
    found = heavy_on_start_up(modules_after("render", str(ROOT / "values.example.yaml")))
    assert "chartgen.generated.templates" in found  # the trace is real
    assert not {m for m in found if m.startswith(("jinja2", "jsonschema", "typer", "click"))}


def test_the_guard_sees_heavy_imports() -> None:
    """The check above is not vacuous: validating values imports the validator and the model."""
    found = heavy_on_start_up(modules_after("validate", str(ROOT / "values.example.yaml")))
    assert {"ruamel", "chartgen.model", "chartgen.generated.values_validator"} <= {
        m if not m.startswith("ruamel") else "ruamel" for m in found
    }
    assert not {m for m in found if m.startswith(("typer", "click", "jsonschema", "jinja2"))}


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(ROOT / "values.example.yaml")],
        ["validate", "--each", "--jobs", "2", *[str(ROOT / "values.example.yaml")] * 40],
        ["render", str(ROOT / "values.example.yaml")],
    ],
    ids=["validate", "validate --each --jobs 2", "render"],
)
def test_commands_compile_no_classes_at_start_up(args: list[str]) -> None:
    """Records are `chartgen.record` classes: `dataclasses` (which compiles every class's
    methods from source at import, and imports `inspect`) is not on these paths at all."""
    modules = modules_after(*args)
    assert "chartgen.record" in modules  # the trace is real
    assert not modules & {"dataclasses", "inspect", "ast", "dis", "tokenize"}
