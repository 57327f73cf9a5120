"""Generators of the checked-in modules under `chartgen/generated/`.

Each generated module is derived from a source of truth that stays where it is — the values JSON
Schema, the Jinja templates, the typer application, the finding kinds their owners declare —
and is written ahead of time so that a run of chartgen never pays for deriving it (parsing the
schema into classes, building a jsonschema validator, compiling templates, building typer's
click commands, importing every rule to list it). Nothing here runs at run time.

    python -m chartgen.codegen           # regenerate every module
    python -m chartgen.codegen --check   # exit 1 when one differs from what its source gives

`tests/test_generated.py` runs the check, so a source changed without regenerating fails the
suite and names the command to run.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
GENERATED = PACKAGE / "generated"

# Generated module (relative to chartgen/generated/) → "module:function" returning its text.
# Imported lazily: a generator may need the libraries (typer, jinja2) the runtime avoids.
GENERATORS: dict[str, str] = {
    "values_model.py": "chartgen.codegen.model:generate",
    "values_validator.py": "chartgen.codegen.validator:generate",
    "cli_table.py": "chartgen.codegen.cli:generate",
    "catalogue.py": "chartgen.codegen.catalogue:generate",
    "templates.py": "chartgen.codegen.templates:generate",
}

# Generated files outside chartgen/generated/ (relative to the checkout) → generator: data
# chartgen ships as it is, such as the editor schema in schemas/.
GENERATED_FILES: dict[str, str] = {
    "schemas/imagebuilder.values.editor.schema.json": "chartgen.codegen.editor_schema:generate",
}

REGENERATE = "python -m chartgen.codegen"


def header(source: str, purpose: str) -> str:
    """The opening every generated module shares: what it is, where it comes from, how to
    regenerate it."""
    return (
        f'"""{purpose}\n\n'
        f"GENERATED from {source} by `{REGENERATE}`.\n"
        "Do not edit by hand: change the source and regenerate (tests/test_generated.py fails\n"
        "while this file is stale).\n"
        '"""\n'
    )


def generator(name: str) -> Callable[[], str]:
    module, _, function = {**GENERATORS, **GENERATED_FILES}[name].partition(":")
    produce: Callable[[], str] = getattr(importlib.import_module(module), function)
    return produce


def _targets() -> dict[str, Path]:
    """Every generated file by its name in GENERATORS or GENERATED_FILES, and its path."""
    return {
        **{name: GENERATED / name for name in GENERATORS},
        **{name: PACKAGE.parent / name for name in GENERATED_FILES},
    }


def stale() -> list[str]:
    """Generated files whose checked-in text differs from what their source gives now."""
    found = []
    for name, path in _targets().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != generator(name)():
            found.append(name)
    return found


def write_all() -> list[str]:
    """Regenerate every file; the names of those that changed."""
    changed = []
    for name, path in _targets().items():
        text = generator(name)()
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--check"]:
        outdated = stale()
        for name in outdated:
            print(f"{_shown(name)} is stale: run `{REGENERATE}`", file=sys.stderr)
        return 1 if outdated else 0
    if args:
        print(f"usage: {REGENERATE} [--check]", file=sys.stderr)
        return 2
    for name in write_all():
        print(f"wrote {_shown(name)}")
    return 0


def _shown(name: str) -> str:
    return name if name in GENERATED_FILES else f"chartgen/generated/{name}"
