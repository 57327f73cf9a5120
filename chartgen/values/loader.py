"""Loading values exactly as Helm would: files in order, then --set flags, then chart defaults.

Order of operations (Helm's `values.Options.MergeValues` then `CoalesceValues`):

1. every values file, in command-line order (`-` is stdin), merged with Helm's mergeMaps;
2. `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal` — Helm applies them by
   kind in this order, each kind in command-line order, into the merged map;
3. the contract's defaults underneath (null deletes);
4. the safe `{{ .Values.x }}` look-ups in the fields the reference chart passes through `tpl`.

Every value keeps the origin of the file and line that set it last.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from chartgen.findings import Finding, Location, Severity
from chartgen.values.merge import coalesce, merge_into
from chartgen.values.provenance import Origin, Provenance, lookup
from chartgen.values.scalar_text import set_expression_text
from chartgen.values.yaml_source import load_yaml

RULE_UNREADABLE = "IB009"
RULE_SET_SYNTAX = "IB008"

STDIN_NAME = "<stdin>"


@dataclass
class ValueSources:
    """What the user passed: values files and the --set family, in command-line order."""

    files: list[str] = field(default_factory=list)
    set_values: list[str] = field(default_factory=list)
    set_string: list[str] = field(default_factory=list)
    set_json: list[str] = field(default_factory=list)
    set_file: list[str] = field(default_factory=list)
    set_literal: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        names = [STDIN_NAME if f == "-" else f for f in self.files]
        names.extend(f"{flag} {item}" for flag, item in self.set_expressions())
        return names

    def set_expressions(self) -> list[tuple[str, str]]:
        """(flag, expression) in Helm's order of application: by kind, not by position."""
        kinds = [
            ("--set-json", self.set_json),
            ("--set", self.set_values),
            ("--set-string", self.set_string),
            ("--set-file", self.set_file),
            ("--set-literal", self.set_literal),
        ]
        return [(flag, item) for flag, items in kinds for item in items]


@dataclass
class LoadedValues:
    """The merged values (None when some input was unusable) with origins and findings."""

    data: dict[str, Any] | None
    provenance: Provenance
    findings: list[Finding]
    checked: list[str]
    user_values: dict[str, Any] = field(default_factory=dict)
    templated: dict[tuple[Any, ...], str] = field(default_factory=dict)


def _read(name: str, stdin: Callable[[], bytes] | None) -> tuple[bytes | None, Finding | None]:
    if name == "-":
        reader = stdin or (lambda: sys.stdin.buffer.read())
        try:
            return reader(), None
        except OSError as exc:
            return None, _unreadable(STDIN_NAME, f"cannot read standard input: {exc.strerror}")
    path = FsPath(name)
    try:
        if path.is_dir():
            return None, _unreadable(name, "is a directory, not a values file")
        size = path.stat().st_size
        from chartgen.values.yaml_source import MAX_BYTES

        if size > MAX_BYTES:
            # Read just past the limit: hostile input must stay bounded in memory.
            with path.open("rb") as handle:
                return handle.read(MAX_BYTES + 1), None
        return path.read_bytes(), None
    except FileNotFoundError:
        return None, _unreadable(name, "no such file")
    except PermissionError:
        return None, _unreadable(name, "permission denied")
    except OSError as exc:
        return None, _unreadable(name, exc.strerror or str(exc))


def _unreadable(name: str, reason: str) -> Finding:
    return Finding(
        RULE_UNREADABLE,
        Severity.ERROR,
        f"cannot read values file: {reason}",
        hint="Check the path and its permissions.",
        location=Location(name),
        environment=True,
    )


def _expression_name(flag: str, expression: str) -> str:
    shown = expression if len(expression) <= 80 else expression[:77] + "..."
    return f"{flag} {shown}"


_MODES = {
    "--set-json": "json",
    "--set": "set",
    "--set-string": "string",
    "--set-file": "file",
    "--set-literal": "literal",
}


def _apply_set(
    flag: str,
    expression: str,
    name: str,
    merged: dict[str, Any],
    stdin: Callable[[], bytes] | None,
) -> tuple[dict[str, Any], list[tuple[str | int, ...]]] | Finding:
    """Apply one --set-style expression to a copy of `merged`; a finding when it cannot be."""
    from chartgen.values.strvals import StrvalsError, parse_into

    def read_set_file(path_text: str) -> str:
        raw, problem = _read(path_text, stdin)
        if problem is not None or raw is None:
            reason = problem.message if problem else "unreadable"
            raise OSError(reason.removeprefix("cannot read values file: "))
        return raw.decode("utf-8", "replace")

    scratch = copy.deepcopy(merged)
    try:
        paths = parse_into(expression, scratch, mode=_MODES[flag], read_file=read_set_file)  # type: ignore[arg-type]
    except StrvalsError as exc:
        if isinstance(exc.__cause__, OSError):
            # The expression is fine; the file it names cannot be read (exit 3, not 2).
            return Finding(
                RULE_UNREADABLE,
                Severity.ERROR,
                f"{flag}: cannot read file: {exc.__cause__}",
                hint="Check the path after '='.",
                location=Location(name),
                environment=True,
            )
        # The expression is the "file": a character offset reads better than line 1, column N.
        where = f" (at character {exc.position + 1})" if exc.position is not None else ""
        return Finding(
            RULE_SET_SYNTAX,
            Severity.ERROR,
            f"cannot parse {flag} expression: {exc}{where}",
            hint="Use Helm's syntax: key.path=value, lists as {a,b}, a[0]=x, and escape "
            "literal commas as \\,.",
            location=Location(name),
            usage=True,
        )
    return scratch, paths


def load_values(
    sources: ValueSources,
    *,
    stdin: Callable[[], bytes] | None = None,
    with_defaults: bool = True,
    defaults: dict[str, Any] | None = None,
) -> LoadedValues:
    """Read, merge and complete the values; never raises for bad input."""
    findings: list[Finding] = []
    merged: dict[str, Any] = {}
    provenance = Provenance()
    checked: list[str] = []
    usable = True

    for name in sources.files:
        raw, problem = _read(name, stdin)
        display = STDIN_NAME if name == "-" else name
        checked.append(display)
        if problem is not None:
            findings.append(problem)
            usable = False
            continue
        assert raw is not None
        document = load_yaml(raw, display)
        findings.extend(document.findings)
        if document.data is None:
            usable = False
            continue
        merge_into(merged, provenance, document.data, document.provenance)

    for flag, expression in sources.set_expressions():
        name = _expression_name(flag, expression)
        checked.append(name)
        applied = _apply_set(flag, expression, name, merged, stdin)
        if isinstance(applied, Finding):
            findings.append(applied)
            usable = False
            continue
        merged, paths = applied
        for path in paths:
            provenance.drop_subtree(path)
            key = ".".join(str(part) for part in path)
            text = set_expression_text(flag, expression, name, key, lookup(merged, path))
            provenance.record(path, Origin(Location(name), text=text))

    if not usable:
        return LoadedValues(None, provenance, findings, checked)

    user_values = copy.deepcopy(merged)
    if with_defaults:
        from chartgen.schema import chart_defaults

        coalesce(merged, defaults if defaults is not None else chart_defaults(), provenance)

    from chartgen.values.templating import resolve_templates

    templates = resolve_templates(merged, provenance)
    findings.extend(templates.findings)
    return LoadedValues(
        merged, provenance, findings, checked, user_values, dict(templates.resolved)
    )
