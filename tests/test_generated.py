"""The generated modules (`chartgen/generated/`) are what their sources give today.

They are written ahead of time from the values JSON Schema, the templates and the typer
application; a source changed without `python -m chartgen.codegen` fails here, naming the file.
"""

from __future__ import annotations

from chartgen.codegen import GENERATORS, REGENERATE, stale


def test_generated_modules_are_current() -> None:
    outdated = stale()
    assert not outdated, f"stale generated modules {outdated}: run `{REGENERATE}`"


def test_every_generated_module_is_registered() -> None:
    from conftest import ROOT

    on_disk = {
        path.name
        for path in (ROOT / "chartgen" / "generated").glob("*.py")
        if path.name != "__init__.py"
    }
    assert on_disk == set(GENERATORS)
