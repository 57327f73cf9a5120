"""buildkitd.toml: the daemon's configuration file, generated from typed values (SPEC §4.2).

This module owns the file's content and the list of keys chartgen writes, so the renderer (which
puts the file into the buildkit ConfigMap) and the `extra-config` rule (which refuses an
`extraConfig` that redefines those keys) cannot disagree.

The document is built as data — root keys plus a list of tables — and only then formatted; the
formatter and `written_keys` walk the same data.

BuildKit facts this relies on:

- Debug logging is the top-level `debug` key; the `[log]` table has only `format`.
- GC policies use the keys of BuildKit >= v0.17 (`reservedSpace`, `maxUsedSpace`,
  `minFreeSpace`, `keepDuration`, `filters`, `all`). The deprecated `keepBytes` and the
  worker-level `gckeepstorage` are never written: worker-level sizes are ignored as soon as any
  `gcpolicy` entry exists, so writing both only misleads the reader.
- `extraConfig` goes right after the top-level keys and *before* chartgen's tables. TOML gives a
  key to the table opened last, so text appended at the end (as the reference chart does) turns
  a top-level key such as `insecure-entitlements` into a key of the last GC policy, where
  BuildKit silently ignores it. chartgen's first table header closes whatever table
  `extraConfig` opened last.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from chartgen.model import Values

# Where the renderer mounts the daemon's TLS secret, and the Secret keys it mounts: the
# `kubernetes.io/tls` pair plus the CA that signs client certificates (cert-manager's names).
TLS_MOUNT_PATH = "/certs"
TLS_CA_FILE = "ca.crt"
TLS_CERT_FILE = "tls.crt"
TLS_KEY_FILE = "tls.key"
TLS_FILES = (TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE)

# Versions whose configuration keys this file uses (the GC policy keys arrived in v0.17).
MIN_BUILDKIT_VERSION = (0, 17, 0)

TomlValue = bool | int | str | tuple[str, ...]
KeyPath = tuple[str, ...]
Entries = tuple[tuple[str, TomlValue], ...]


@dataclass(frozen=True)
class Table:
    """One `[header]` (or, with `array`, one `[[header]]` element) and its key/value entries."""

    header: KeyPath
    entries: Entries
    array: bool = False
    comment: str = ""


@dataclass(frozen=True)
class Document:
    """buildkitd.toml as data: top-level keys, then tables in order."""

    root: Entries
    tables: tuple[Table, ...]


# The reference chart's four policies translated to current keys. BuildKit applies them in
# order until usage is within limits. Its `keepBytes` became `reservedSpace` (space the policy
# never frees); the last, catch-all policy caps the whole cache with `maxUsedSpace`.
# The reference chart's second filter is the bare word "regular", which matches nothing
# (BuildKit's filter adaptor knows no field of that name); `type==regular` is what it meant.
GC_POLICIES: tuple[tuple[str, Entries], ...] = (
    (
        "Build contexts (COPY/ADD) and git checkouts unused for a day",
        (
            ("filters", ("type==source.local", "type==source.git.checkout")),
            ("keepDuration", "24h"),
            ("reservedSpace", "10%"),
        ),
    ),
    (
        "Image layers unused for a day",
        (
            ("filters", ("type==regular",)),
            ("keepDuration", "24h"),
            ("reservedSpace", "10%"),
        ),
    ),
    (
        "Cache mounts (pip, apt, ...) unused for three days",
        (
            ("filters", ("type==exec.cachemount",)),
            ("keepDuration", "72h"),
            ("reservedSpace", "10%"),
        ),
    ),
    (
        "Everything else, keeping the cache under 80% of the disk",
        (
            ("all", True),
            ("maxUsedSpace", "80%"),
        ),
    ),
)

# Which value sets a key chartgen writes, for messages about extraConfig redefining it.
VALUE_FOR_KEY: dict[KeyPath, str] = {
    ("debug",): "imageBuilder.buildkit.log.debug",
    ("log",): "imageBuilder.buildkit.log",
    ("log", "format"): "imageBuilder.buildkit.log.format",
    ("worker", "oci", "max-parallelism"): "imageBuilder.buildkit.oci.maxParallelism",
    ("grpc", "tls"): "imageBuilder.buildkit.tls",
}


def build_document(values: Values) -> Document:
    buildkit = values.buildkit
    tables = [
        Table(("log",), (("format", buildkit.log.format),)),
        Table(
            ("worker", "oci"),
            (
                ("enabled", True),
                ("snapshotter", "auto"),
                ("gc", True),
                # 0 means unbounded, as in the reference chart (rule IB219 warns about it).
                ("max-parallelism", buildkit.oci.maxParallelism),
            ),
        ),
        *(
            Table(("worker", "oci", "gcpolicy"), entries, array=True, comment=comment)
            for comment, entries in GC_POLICIES
        ),
    ]
    if values.tls_enabled:
        tables.append(
            Table(
                ("grpc", "tls"),
                (
                    ("cert", f"{TLS_MOUNT_PATH}/{TLS_CERT_FILE}"),
                    ("key", f"{TLS_MOUNT_PATH}/{TLS_KEY_FILE}"),
                    # The CA is what makes the TLS mutual: without it buildkitd accepts any
                    # client that completes a handshake.
                    ("ca", f"{TLS_MOUNT_PATH}/{TLS_CA_FILE}"),
                ),
            )
        )
    return Document(root=(("debug", buildkit.log.debug),), tables=tuple(tables))


# -- formatting -------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _string(text: str) -> str:
    # A TOML basic string; the escapes needed are the JSON ones, which TOML shares.
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _value(value: TomlValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    return "[ " + ", ".join(_string(item) for item in value) + " ]"


def _header(path: KeyPath) -> str:
    return ".".join(_key(part) for part in path)


def _depth(table: Table, document: Document) -> int:
    """Indent a table under the tables that contain it, as hand-written buildkitd.toml files do."""
    return sum(
        1
        for other in document.tables
        if not other.array and len(other.header) < len(table.header)
        and table.header[: len(other.header)] == other.header
    )


def render_buildkitd_toml(values: Values) -> str:
    """The complete buildkitd.toml for these values; deterministic, always valid TOML.

    (Valid as long as `extraConfig` passes `check_extra_config`, which validation ensures.)
    """
    return _format(build_document(values), values.buildkit.extraConfig)


def _format(document: Document, extra_config: str) -> str:
    lines = [f"{_key(key)} = {_value(value)}" for key, value in document.root]
    extra = extra_config.rstrip()
    if extra.strip():
        lines += ["", "# extraConfig", *extra.splitlines()]
    for table in document.tables:
        indent = "  " * _depth(table, document)
        lines.append("")
        if table.comment:
            lines.append(f"{indent}# {table.comment}")
        brackets = ("[[", "]]") if table.array else ("[", "]")
        lines.append(f"{indent}{brackets[0]}{_header(table.header)}{brackets[1]}")
        lines += [f"{indent}  {_key(k)} = {_value(v)}" for k, v in table.entries]
    return "\n".join(lines) + "\n"


def written_keys(values: Values) -> set[KeyPath]:
    """Every key path chartgen writes: top-level keys, table headers, and the tables' keys.

    Array-of-tables entries are listed without an index: `("worker", "oci", "gcpolicy", "all")`.
    """
    document = build_document(values)
    keys: set[KeyPath] = {(key,) for key, _ in document.root}
    for table in document.tables:
        keys.add(table.header)
        keys.update((*table.header, key) for key, _ in table.entries)
    return keys


# -- checking extraConfig ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtraConfigProblem:
    """Something wrong with `extraConfig`; line and column count within extraConfig, from 1."""

    message: str
    hint: str
    line: int | None = None
    column: int | None = None



def _where(line: int | None, column: int | None) -> str:
    if line is None:
        return "extraConfig"
    if column is None:
        return f"line {line} of extraConfig"
    return f"line {line}, column {column} of extraConfig"


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")

# Beyond this size, statements are not located line by line: finding where statements start
# costs one parse per line, which must stay bounded for hostile input.
_MAX_LOCATED_LINES = 400
_MAX_LOCATED_CHARS = 64 * 1024


def parse_toml(text: str) -> tuple[dict[str, Any] | None, str, int | None, int | None]:
    """(document, error reason, line, column): the document, or why and where it failed."""
    try:
        return tomllib.loads(text), "", None, None
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        position = _POSITION.search(reason)
        if position:
            return None, reason[: position.start()], int(position[1]), int(position[2])
        at_end = _AT_END.search(reason)
        if at_end:
            return None, reason[: at_end.start()], max(len(text.splitlines()), 1), None
        return None, reason, None, None


def parse_extra_config(text: str) -> dict[str, Any] | None:
    """extraConfig as a TOML document, or None when it does not parse."""
    return parse_toml(text)[0]


@dataclass(frozen=True)
class _Statement:
    line: int  # 1-based, within extraConfig
    path: KeyPath  # the table a header opens, or the full path a key sets
    header: bool
    table: KeyPath = ()  # for a key: the table it is in


def _single_path(document: dict[str, Any]) -> KeyPath:
    """The key path of a one-statement document (`[a.b]`, `[[a.b]]` or `a.b = v`).

    An inline-table value (`log = { format = "json" }`) is followed into, which is what a
    clash check wants: it defines the same keys as the dotted form.
    """
    path: list[str] = []
    node: Any = document
    while isinstance(node, dict) and len(node) == 1:
        key = next(iter(node))
        path.append(key)
        node = node[key]
    return tuple(path)


def _statements(text: str) -> Iterator[_Statement]:
    """Headers and key/value statements of valid TOML, with their line numbers.

    A statement is the shortest run of lines, from a line that is neither blank nor a comment,
    that parses as TOML on its own (a multi-line string or array parses only once closed). So
    TOML itself says where statements end; no hand-written tokenizer can drift from it, and a
    file of one-line statements costs one small parse per line.
    """
    lines = text.splitlines()
    table: KeyPath = ()
    index = 0
    while index < len(lines):
        stripped = lines[index].lstrip()
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        end = index + 1
        document = parse_toml(lines[index])[0]
        while document is None and end < len(lines):
            end += 1
            document = parse_toml("\n".join(lines[index:end]))[0]
        if document is None:  # pragma: no cover - the whole text parsed, so a statement does
            return
        path = _single_path(document)
        if stripped.startswith("["):
            table = path
            yield _Statement(index + 1, path, header=True)
        else:
            yield _Statement(index + 1, (*table, *path), header=False, table=table)
        index = end


def _set_instead(path: KeyPath) -> str:
    owner = VALUE_FOR_KEY.get(path)
    if owner:
        return f"Set `{owner}` instead and remove it from extraConfig."
    return "chartgen writes it; remove it from extraConfig."


def check_extra_config(text: str, values: Values) -> list[ExtraConfigProblem]:
    """Why `text` cannot be the `extraConfig` of these values (an empty list: it can)."""
    if not text.strip():
        return []
    document, reason, line, column = parse_toml(text)
    if document is None:
        return [
            ExtraConfigProblem(
                f"extraConfig is not valid TOML: {reason} ({_where(line, column)})",
                "Fix the TOML at that spot: `key = value` pairs, strings in quotes, "
                "tables in [brackets].",
                line,
                column,
            )
        ]

    written = written_keys(values)
    tables = {t.header for t in build_document(values).tables if not t.array}
    policies = ("worker", "oci", "gcpolicy")
    problems: list[ExtraConfigProblem] = []
    located = len(text.splitlines()) <= _MAX_LOCATED_LINES and len(text) <= _MAX_LOCATED_CHARS
    refused: set[KeyPath] = set()  # tables already reported: their keys need no report of their own
    for statement in _statements(text) if located else ():
        if not statement.header and statement.table in refused:
            continue
        problem = _statement_problem(statement, written, tables, policies)
        if problem is not None:
            problems.append(problem)
            if statement.header:
                refused.add(statement.path)
    if not located:
        problems.extend(_unlocated_problems(document, written))
    if problems:
        return problems

    # Backstop: whatever the statement checks missed (an inline table that fixes `worker`,
    # say), TOML itself finds when the whole file is parsed.
    rendered = _format(build_document(values), text)
    _, reason, line, _ = parse_toml(rendered)
    if reason:
        offset = _extra_offset(rendered)
        extra_lines = len(text.rstrip().splitlines())
        inside = line is not None and offset < line <= offset + extra_lines
        return [
            ExtraConfigProblem(
                f"extraConfig clashes with the keys chartgen writes: {reason}"
                + (f" (line {line - offset} of extraConfig)" if inside and line else ""),
                "Remove the keys and tables chartgen writes from extraConfig "
                "(see `chartgen explain IB216`).",
                line - offset if inside and line else None,
            )
        ]
    return []


def _statement_problem(
    statement: _Statement,
    written: set[KeyPath],
    tables: set[KeyPath],
    policies: KeyPath,
) -> ExtraConfigProblem | None:
    path = statement.path
    shown = _header(path)
    if path[: len(policies)] == policies:
        return ExtraConfigProblem(
            f"extraConfig line {statement.line} adds to the GC policies "
            f"([[{_header(policies)}]]), which chartgen writes",
            "BuildKit applies GC policies in order, so an extra one changes what the generated "
            "ones prune; remove it from extraConfig.",
            statement.line,
        )
    if statement.header:
        if path in tables:
            return ExtraConfigProblem(
                f"extraConfig line {statement.line} re-opens [{shown}], a table chartgen writes "
                "(TOML allows a table to be defined once)",
                _set_instead(path),
                statement.line,
            )
        return None
    if path in written:
        return ExtraConfigProblem(
            f"extraConfig line {statement.line} sets {shown}, which chartgen already writes",
            _set_instead(path),
            statement.line,
        )
    for table in sorted(tables):
        # A dotted key reaching into a table chartgen opened with a header: TOML forbids it.
        # (A sub-table header such as [worker.oci.labels] is fine, and so are its keys.)
        reaches_in = len(statement.table) < len(table) < len(path)
        if reaches_in and path[: len(table)] == table:
            return ExtraConfigProblem(
                f"extraConfig line {statement.line} adds {shown} inside [{_header(table)}], "
                "a table chartgen writes (TOML allows a table to be defined once)",
                _set_instead(table),
                statement.line,
            )
    return None


def _unlocated_problems(
    document: dict[str, Any], written: set[KeyPath]
) -> list[ExtraConfigProblem]:
    """Key-level overlaps of a large extraConfig, without line numbers."""
    found: list[ExtraConfigProblem] = []

    def walk(node: dict[str, Any], path: KeyPath) -> None:
        for key, child in node.items():
            here = (*path, key)
            if here in written and not isinstance(child, dict):
                found.append(
                    ExtraConfigProblem(
                        f"extraConfig sets {_header(here)}, which chartgen already writes",
                        _set_instead(here),
                    )
                )
            elif isinstance(child, dict):
                walk(child, here)

    walk(document, ())
    return found


def _extra_offset(rendered: str) -> int:
    """How many lines of the rendered file precede extraConfig's first line."""
    for number, line in enumerate(rendered.splitlines(), start=1):
        if line == "# extraConfig":
            return number
    return 0
