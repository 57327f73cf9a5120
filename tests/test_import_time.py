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
