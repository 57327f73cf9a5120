"""Generates `chartgen/generated/catalogue.py`: every finding kind and every rule's module.

The owners declare their kinds (`chartgen.catalogue.declared_kinds` lists them; the rules are
discovered here, one module per rule under `chartgen/rules/`). Collecting them imports every
owner, and through the rules the typed model and the BuildKit tables, so it runs at generation
time: `chartgen explain`, `chartgen docs` and the reports read the generated literal, and a rule
module is imported only when the rule runs. A kind added, changed or removed without
regenerating fails tests/test_generated.py.
"""

from __future__ import annotations

from chartgen.codegen import header
from chartgen.codegen.model import py_literal
from chartgen.findings import FindingKind


def _kind(kind: FindingKind) -> list[str]:
    lines = [
        f"    FindingKind({py_literal(kind.id)}, {py_literal(kind.name)}, "
        f"Severity.{kind.severity.name},",
        f"                {py_literal(kind.doc)},",
    ]
    if kind.messages:
        lines.append("                {")
        for case, message in kind.messages.items():
            lines.append(f"                    {py_literal(case)}: Message(")
            lines.append(f"                        {py_literal(message.text)},")
            lines.append(f"                        {py_literal(message.fix)},")
            lines.append("                    ),")
        lines.append("                },")
    if kind.fixed:
        lines.append(f"                fixed={py_literal(kind.fixed)},")
    lines.append("    ),")
    return lines


def generate() -> str:
    from chartgen.catalogue import declared_kinds
    from chartgen.rules import discover_rule_modules

    rule_modules = sorted(
        (module.ID, module.__name__.rpartition(".")[2]) for module in discover_rule_modules()
    )
    lines = [
        header(
            "the modules that declare finding kinds (chartgen.catalogue.declared_kinds)",
            "Every kind of finding chartgen emits, and the module of every cross-field rule.",
        ),
        "from chartgen.findings import FindingKind, Message, Severity",
        "",
        "# Ordered by ID.",
        "KINDS: tuple[FindingKind, ...] = (",
    ]
    for kind in declared_kinds():
        lines.extend(_kind(kind))
    lines.append(")")
    lines.append("")
    lines.append("# (rule ID, its module under chartgen/rules/), ordered by ID.")
    lines.append("RULE_MODULES: tuple[tuple[str, str], ...] = (")
    lines.extend(
        f"    ({py_literal(rule_id)}, {py_literal(module)}),"
        for rule_id, module in rule_modules
    )
    lines.append(")")
    return "\n".join(lines) + "\n"
