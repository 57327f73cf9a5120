"""`chartgen schema --for contract|editor|chart`: one of the three forms of the values schema.

- `contract` (the default): `schemas/imagebuilder.values.schema.json`, the single source of
  truth, describing the values *after* the chart's defaults are merged in — what chartgen
  validates.
- `editor`: `schemas/imagebuilder.values.editor.schema.json`, generated from the contract
  (`chartgen/codegen/editor_schema.py`) for a values file as written: defaulted keys optional,
  markdown descriptions, draft-07 for the YAML language server.
- `chart`: the `values.schema.json` `chartgen chart` writes, byte for byte: the contract plus
  the chart's own `targetNamespaces`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


def _contract() -> str:
    from chartgen.resources import values_schema_path

    return values_schema_path().read_text(encoding="utf-8")


def _editor() -> str:
    from chartgen.resources import editor_schema_path

    return editor_schema_path().read_text(encoding="utf-8")


def _chart() -> str:
    from chartgen.chart.values_file import chart_schema_text

    return chart_schema_text()


FORMS: dict[str, Callable[[], str]] = {"contract": _contract, "editor": _editor, "chart": _chart}


def run_schema(form: str) -> int:
    from chartgen.commands.common import usage_error

    if form not in FORMS:
        return usage_error(f"--for must be one of {', '.join(FORMS)}, not {form!r}")
    sys.stdout.write(FORMS[form]())
    return 0
