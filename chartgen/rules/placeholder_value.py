"""A value is still a placeholder that `chartgen init` wrote for you to replace.

The starters of `chartgen init` validate as they are, so they must put *something* where only
you know the answer: AWS's documentation account `123456789012`, the all-zero GUID as a client
ID, `my-project`, `my-union-metadata`, `myregistry`, `my-org`. Left in place, the objects and
the IAM chartgen writes point at an account, project, bucket or registry that is not yours:
pushes fail, roles do not exist, or — worse — the name belongs to a stranger. Each value that
still holds one, as a whole or as a part between `/`, `:`, `.` and `@` (an ARN, a registry
host, a service-account e-mail), is reported where it is written, with what belongs there,
until you replace it. Only the keys chartgen reads are looked at. The placeholders are
declared by the cloud modules beside their starters (`PLACEHOLDERS` in `chartgen/clouds/`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.values.provenance import Path

ID = "IB223"
NAME = "placeholder-value"
SEVERITY = Severity.WARNING

_PARTS = re.compile(r"[/:.@]")


def _scalars(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _scalars(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _scalars(item, (*path, index))
    elif isinstance(value, str):
        yield path, value
    elif isinstance(value, int) and not isinstance(value, bool):
        yield path, str(value)  # an unquoted account ID is still one


def check(ctx: RuleContext) -> Iterator[Finding]:
    from chartgen.clouds import starter_placeholders
    from chartgen.schema import load_schema

    placeholders = {p.value: p for p in starter_placeholders()}
    read = load_schema()["properties"]
    for key in read:
        if key not in ctx.data:
            continue
        for path, text in _scalars(ctx.data[key], (key,)):
            parts = {text, *_PARTS.split(text)}
            found = [placeholders[part] for part in sorted(parts) if part in placeholders]
            # A value a `tpl` look-up filled in is reported where it was looked up.
            if not found or not ctx.is_set(path) or path in ctx.templated:
                continue
            dotted = ".".join(str(p) for p in path)
            what = "; ".join(f"{p.value} is {p.what}" for p in found)
            put = "; ".join(f"in place of {p.value}, {p.put}" for p in found)
            yield ctx.finding(
                ID,
                path,
                f"{dotted} is still a placeholder ({what}): what chartgen renders and grants "
                "would point at resources that are not yours",
                f"Replace it: {put}.",
            )
