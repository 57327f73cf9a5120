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
from functools import cache
from typing import TYPE_CHECKING, Any

from chartgen.findings import Finding, Severity
from chartgen.model import Values
from chartgen.rules import RuleContext
from chartgen.values.provenance import Path

if TYPE_CHECKING:
    from chartgen.clouds.base import StarterPlaceholder

ID = "IB223"
NAME = "placeholder-value"
SEVERITY = Severity.WARNING

_PARTS = re.compile(r"[/:.@]")


def _text(value: Any) -> str | None:
    """A scalar as the text a placeholder is looked for in (None: not a string or number)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # an unquoted account ID is still one
    return None


def _candidates(value: Any, path: Path, anywhere: re.Pattern[str], defaulted: set[Path],
                out: list[tuple[Path, str]]) -> None:
    """Every string (and integer, as text) under `value` that holds a placeholder somewhere,
    in order, into `out`; a chart default's subtree is left out (nothing in it was written by
    the user, whom IB223 speaks to). A value's path is made only where needed: this walks every
    value the user wrote."""
    search = anywhere.search
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        # `_text`, written out: most values are strings, and this runs for every one.
        if isinstance(item, str):
            if search(item) is not None:
                out.append(((*path, key), item))
        elif isinstance(item, (dict, list)):
            child = (*path, key)
            if child not in defaulted:
                _candidates(item, child, anywhere, defaulted, out)
        elif isinstance(item, int) and not isinstance(item, bool):
            text = str(item)
            if search(text) is not None:
                out.append(((*path, key), text))


@cache
def _placeholders() -> tuple[dict[str, StarterPlaceholder], re.Pattern[str]]:
    """The placeholders by value, and a pattern that finds any of them inside a text: a value
    that holds none of them anywhere cannot hold one as a part (most values, checked at the
    cost of one search)."""
    from chartgen.clouds import starter_placeholders

    by_value = {p.value: p for p in starter_placeholders()}
    anywhere = re.compile("|".join(re.escape(value) for value in by_value))
    return by_value, anywhere


def check(ctx: RuleContext) -> Iterator[Finding]:
    placeholders, anywhere = _placeholders()
    # The keys chartgen reads: the contract's top-level keys, as the model generated from it
    # lists them (no need to load the schema itself).
    for key, _, _ in Values.FIELDS:
        if key not in ctx.data:
            continue
        value = ctx.data[key]
        candidates: list[tuple[Path, str]] = []
        defaulted = ctx.provenance.defaulted
        if (key,) in defaulted:
            continue
        if isinstance(value, (dict, list)):
            _candidates(value, (key,), anywhere, defaulted, candidates)
        else:
            text = _text(value)
            if text is not None and anywhere.search(text) is not None:
                candidates.append(((key,), text))
        for path, text in candidates:
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
