"""Generates `chartgen/generated/rule_index.py`: every rule module's ID, name, severity and docs.

Rules are discovered here, at generation time (one module per rule under `chartgen/rules/`), so
that listing them — `chartgen explain`, `chartgen docs`, the report formats — imports none of the
~45 rule modules (nor the model and the BuildKit tables they import), and running them imports
each module on first use. A rule module added without regenerating fails tests/test_generated.py.
"""

from __future__ import annotations

import importlib
import pkgutil

from chartgen.codegen import header
from chartgen.codegen.model import py_literal


def discover() -> list[tuple[str, str, str, str, str]]:
    """(ID, name, severity, doc, module) of every rule module, ordered by ID."""
    import chartgen.rules as package

    rules = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue  # shared helpers, not rules
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if not callable(getattr(module, "check", None)):
            raise ValueError(f"chartgen/rules/{info.name}.py has no check(ctx)")
        rules.append((module.ID, module.NAME, module.SEVERITY.value,
                      (module.__doc__ or "").strip(), info.name))
    rules.sort()
    ids = [rule[0] for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate rule IDs: {duplicates}")
    return rules


def generate() -> str:
    lines = [
        header("the rule modules under chartgen/rules/",
               "Every cross-field rule, without importing it (chartgen/codegen/rules.py)."),
        "",
        "# (ID, name, severity, documentation, module under chartgen/rules/), ordered by ID.",
        "RULES: tuple[tuple[str, str, str, str, str], ...] = (",
    ]
    for rule_id, name, severity, doc, module in discover():
        lines.append(f"    ({py_literal(rule_id)}, {py_literal(name)}, {py_literal(severity)},")
        lines.append(f"     {py_literal(doc)},")
        lines.append(f"     {py_literal(module)}),")
    lines.append(")")
    return "\n".join(lines) + "\n"
