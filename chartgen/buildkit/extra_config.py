"""extraConfig checked as BuildKit reads it and against what chartgen writes around it.

`imageBuilder.buildkit.extraConfig` goes verbatim into buildkitd.toml (`buildkitd_toml.py`). It
is parsed as TOML (`tomllib`), scanned for the position of every key (`toml_scan.py`), read
into BuildKit's own configuration structure (`structure.py`: unknown keys, wrong types, values
buildkitd refuses, deprecated keys), compared with the keys chartgen writes and the Deployment
decides (clashes), and finally the whole rendered file is parsed once more as a backstop. One
analysis per text and values (cached), whose problems the rules IB216 (syntax, clashes) and
IB235 (what BuildKit rejects) report at the spot inside extraConfig.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chartgen.buildkit.buildkitd_toml import (
    CONTROLLED_KEYS,
    IGNORED_WITH_POLICIES,
    VALUE_FOR_KEY,
    Document,
    KeyPath,
    build_document,
    format_document,
    log_level,
    strip_extra_config,
)
from chartgen.record import record

if TYPE_CHECKING:
    from chartgen.buildkit.structure import BuildkitView, KeySetting
    from chartgen.model import Values

# Which rule reports a problem (rules pick theirs from one analysis).
SYNTAX = "syntax"  # not TOML (IB216)
CLASH = "clash"  # redefines or contradicts what chartgen writes or the Deployment decides (IB216)
BUILDKIT = "buildkit"  # unknown key, wrong type, refused or deprecated value (IB223)


@record(frozen=True)
class ExtraConfigProblem:
    """Something wrong with `extraConfig`; line and column count within extraConfig, from 1."""

    message: str
    hint: str
    line: int | None = None
    column: int | None = None
    kind: str = CLASH


@record(frozen=True)
class ExtraConfigAnalysis:
    """extraConfig read as TOML and as BuildKit reads it, with every problem found."""

    problems: tuple[ExtraConfigProblem, ...]
    view: BuildkitView | None  # None when it is not TOML

    def of(self, kind: str) -> list[ExtraConfigProblem]:
        return [p for p in self.problems if p.kind == kind]

    def settings(self, *field: str) -> list[KeySetting]:
        return self.view.find(field) if self.view else []


def where(line: int | None, column: int | None) -> str:
    if line is None:
        return "extraConfig"
    if column is None:
        return f"line {line} of extraConfig"
    return f"line {line}, column {column} of extraConfig"


_AT = " (at line "
_AT_END = " (at end of document)"


def parse_toml(text: str) -> tuple[dict[str, Any] | None, str, int | None, int | None]:
    """(document, error reason, line, column): the document, or why and where it failed."""
    if sys.version_info >= (3, 11):  # imported here: most runs have no extraConfig to read
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text), "", None, None
    except RecursionError:
        return None, "arrays or inline tables nested too deeply", None, None
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        # tomllib ends its message with "(at line L, column C)" or "(at end of document)".
        if reason.endswith(_AT_END):
            return None, reason[: -len(_AT_END)], text.count("\n") + 1, None
        cut = reason.rfind(_AT)
        if cut != -1 and reason.endswith(")"):
            line_text, _, column_text = reason[cut + len(_AT) : -1].partition(", column ")
            if line_text.isdigit() and column_text.isdigit():
                return None, reason[:cut], int(line_text), int(column_text)
        return None, reason, None, None


def check_extra_config(text: str, values: Values) -> list[ExtraConfigProblem]:
    """Why `text` cannot be the `extraConfig` of these values (an empty list: it can)."""
    return list(analyze_extra_config(text, values).problems)


def analyze_extra_config(text: str, values: Values) -> ExtraConfigAnalysis:
    return _analyze(text, values.tls_enabled, values.buildkit.rootless, log_level(values),
                    values.buildkit.log.format, values.buildkit.oci.maxParallelism)


# The backstop parses the whole rendered file once more; beyond this size (far above any real
# extraConfig) the statement checks stand alone, so hostile input costs one parse, not two.
_BACKSTOP_CHARS = 256 * 1024


@lru_cache(maxsize=16)
def _analyze(
    text: str, tls: bool, rootless: bool, level: str, log_format: str, parallelism: int
) -> ExtraConfigAnalysis:
    if not strip_extra_config(text):
        return ExtraConfigAnalysis((), None)
    from chartgen.buildkit.structure import read_config, startup_issues
    from chartgen.buildkit.toml_scan import TomlScanError, scan

    document, reason, line, column = parse_toml(text)
    if document is None:
        return ExtraConfigAnalysis(
            (
                ExtraConfigProblem(
                    f"extraConfig is not valid TOML: {reason} ({where(line, column)})",
                    "Fix the TOML at that spot: `key = value` pairs, strings in quotes, "
                    "tables in [brackets].",
                    line,
                    column,
                    SYNTAX,
                ),
            ),
            None,
        )
    try:
        statements = scan(text)
    except TomlScanError as exc:
        return ExtraConfigAnalysis(
            (ExtraConfigProblem(f"extraConfig cannot be read: {exc}",
                                "Flatten the nested arrays or inline tables.", kind=SYNTAX),),
            None,
        )
    view = read_config(statements)
    problems: list[ExtraConfigProblem] = [
        ExtraConfigProblem(
            f"{issue.message} ({where(issue.line, issue.column)})",
            issue.hint,
            issue.line,
            issue.column,
            BUILDKIT,
        )
        for issue in (*view.issues, *startup_issues(view))
    ]
    model = _written_model(tls, rootless, level, log_format, parallelism)
    problems += _clashes(view, model)
    if not any(p.kind == CLASH for p in problems) and len(text) <= _BACKSTOP_CHARS:
        problems += _backstop(text, model)
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return ExtraConfigAnalysis(tuple(problems), view)


@record(frozen=True)
class _Written:
    """What chartgen writes for one set of values, in BuildKit's field names."""

    document: Document
    keys: frozenset[KeyPath]  # leaf keys
    tables: frozenset[KeyPath]  # tables chartgen opens with a header (and the GC policy array)


def _written_model(
    tls: bool, rootless: bool, level: str, log_format: str, parallelism: int
) -> _Written:
    from chartgen.model import build_model

    values = build_model(
        {
            "imageBuilder": {
                "buildkit": {
                    "rootless": rootless,
                    "log": {"format": log_format, "level": level},
                    "oci": {"maxParallelism": parallelism},
                    "tls": {"enabled": tls, "existingSecret": "x" if tls else ""},
                }
            }
        }
    )
    document = build_document(values)
    keys: set[KeyPath] = {(key,) for key, _ in document.root}
    tables: set[KeyPath] = set()
    for table in document.tables:
        tables.add(table.header)
        keys.update((*table.header, key) for key, _ in table.entries)
    return _Written(document, frozenset(keys), frozenset(tables))


def _set_instead(path: KeyPath) -> str:
    owner = VALUE_FOR_KEY.get(path) or VALUE_FOR_KEY.get(path[:1])
    if owner:
        return f"Set `{owner}` instead and remove it from extraConfig."
    return "chartgen writes it; remove it from extraConfig."


def _clashes(view: BuildkitView, written: _Written) -> list[ExtraConfigProblem]:
    """Settings that redefine what chartgen writes or what the Deployment decides.

    Compared in BuildKit's field names, so `[Log]` or `Worker.OCI.GC` clash like their
    lower-case spellings (go-toml decodes them into the same fields).
    """
    from chartgen.buildkit.structure import toml_path

    policies = ("worker", "oci", "gcpolicy")
    out: list[ExtraConfigProblem] = []
    reported: set[KeyPath] = set()
    for setting in view.settings:
        if not setting.resolved:
            continue
        path = setting.field
        if any(path[: len(done)] == done for done in reported):
            continue  # the table was reported; its keys need no report of their own
        line, column = setting.line, setting.column
        controlled = _controlled(path)
        inside = next(
            (t for t in sorted(written.tables)
             if len(t) < len(path) and path[: len(t)] == t and _reaches_in(setting, t)),
            None,
        )
        # An inline table is closed: `worker = { ... }` leaves no room for chartgen's
        # [worker.oci] below it.
        encloses = next(
            (t for t in sorted(written.tables)
             if len(path) < len(t) and t[: len(path)] == path and setting.value is not None
             and setting.value.kind == "table"),
            None,
        )
        if not (
            path[:3] == policies
            or (path[:2] == ("worker", "oci") and len(path) == 3
                and path[2] in IGNORED_WITH_POLICIES)
            or controlled
            or path in written.tables
            or path in written.keys
            or inside
            or encloses
        ):
            continue
        spot = where(line, column)
        shown = toml_path(setting.written)
        alias = "" if setting.written == path else f" (BuildKit reads it as {toml_path(path)})"
        problem: ExtraConfigProblem | None = None
        if path[:3] == policies:
            problem = ExtraConfigProblem(
                f"extraConfig adds to the GC policies ([[{toml_path(policies)}]]), which "
                f"chartgen writes{alias} ({spot})",
                "BuildKit applies GC policies in order, so an extra one changes what the "
                "generated ones prune; remove it from extraConfig.",
                line, column,
            )
        elif path[:2] == ("worker", "oci") and len(path) == 3 and path[2] in IGNORED_WITH_POLICIES:
            problem = ExtraConfigProblem(
                f"extraConfig sets {shown}{alias}, a worker-level GC size that BuildKit ignores "
                f"because chartgen writes [[{toml_path(policies)}]] entries ({spot})",
                "Remove it; chartgen's GC policies size the cache.", line, column,
            )
        elif controlled:
            reason, hint = CONTROLLED_KEYS[controlled]
            problem = ExtraConfigProblem(
                f"extraConfig sets {shown}{alias}, but {reason} ({spot})", hint, line, column
            )
        elif path in written.tables or path in written.keys:
            what = "re-opens" if setting.header else "sets"
            kind = "a table" if path in written.tables else "a key"
            problem = ExtraConfigProblem(
                f"extraConfig {what} {shown}{alias}, {kind} chartgen writes ({spot})",
                _set_instead(path), line, column,
            )
        elif encloses:
            problem = ExtraConfigProblem(
                f"extraConfig defines {shown}{alias} as an inline table, which TOML closes: "
                f"chartgen's [{toml_path(encloses)}] cannot follow it ({spot})",
                f"Write it as a [{shown}] table, or as separate [{shown}.NAME] tables.",
                line, column,
            )
        elif inside:
            problem = ExtraConfigProblem(
                f"extraConfig adds {shown} inside [{toml_path(inside)}], a table chartgen "
                f"writes (TOML allows a table to be defined once) ({spot})",
                _set_instead(inside), line, column,
            )
        if problem is not None:
            out.append(problem)
            reported.add(path)
    return out


def _controlled(path: KeyPath) -> KeyPath | None:
    for key in CONTROLLED_KEYS:
        if path[: len(key)] == key:
            return key
    return None


def _reaches_in(setting: KeySetting, table: KeyPath) -> bool:
    """A dotted key that defines part of one of chartgen's tables from outside it
    (`oci.labels.x = 1` under `[worker]`), which TOML forbids once chartgen's header follows.
    A sub-table header (`[worker.oci.labels]`) or its keys are fine."""
    return not setting.header and setting.table_length < len(table)


def _backstop(text: str, written: _Written) -> list[ExtraConfigProblem]:
    """Whatever the checks above missed, TOML itself finds when the whole file is parsed."""
    rendered = format_document(written.document, text)
    _, reason, line, _ = parse_toml(rendered)
    if not reason:
        return []
    offset = rendered[: rendered.find("# extraConfig\n")].count("\n") + 1
    extra_lines = strip_extra_config(text).count("\n") + 1
    inside = line is not None and offset < line <= offset + extra_lines
    inner = line - offset if inside and line is not None else None
    from chartgen.rules.extra_config import ID as EXTRA_CONFIG_RULE  # which imports this module

    return [
        ExtraConfigProblem(
            f"extraConfig clashes with the keys chartgen writes: {reason}"
            + (f" (line {inner} of extraConfig)" if inner else ""),
            "Remove the keys and tables chartgen writes from extraConfig "
            f"(see `chartgen explain {EXTRA_CONFIG_RULE}`).",
            inner,
        )
    ]
