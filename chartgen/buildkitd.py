"""buildkitd.toml: the daemon's configuration file, generated from typed values (SPEC §4.2).

This module owns the file's content and the list of keys chartgen writes, so the renderer (which
puts the file into the buildkit ConfigMap) and the `extra-config` rule (which refuses an
`extraConfig` that redefines those keys) cannot disagree.

The document is built as data — root keys plus a list of tables — and only then formatted; the
formatter and `written_keys` walk the same data.

BuildKit facts this relies on:

- Logging is `[log] format` and `level` (BuildKit >= v0.30). The top-level `debug` key is
  deprecated (buildkitd logs a warning about it) and never written; `log.debug: true` in the
  values means `level = "debug"`.
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

import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from chartgen.buildkit_config import BuildkitView, KeySetting
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
# never frees); the last, catch-all policy caps the whole cache with `maxUsedSpace`. The sizes
# written here are the defaults of `buildkit.gc.reservedSpace` / `maxUsedSpace`, which replace
# them (`_sized`).
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
        "Everything else: the whole cache stays under maxUsedSpace",
        (
            ("all", True),
            ("maxUsedSpace", "80%"),
        ),
    ),
)

# Which value sets a key chartgen writes, for messages about extraConfig redefining it.
VALUE_FOR_KEY: dict[KeyPath, str] = {
    ("log",): "imageBuilder.buildkit.log",
    ("log", "format"): "imageBuilder.buildkit.log.format",
    ("log", "level"): "imageBuilder.buildkit.log.level",
    ("worker", "oci", "max-parallelism"): "imageBuilder.buildkit.oci.maxParallelism",
    ("grpc", "tls"): "imageBuilder.buildkit.tls",
}

# Keys the Deployment decides on the command line or through its mounts: buildkitd's flags
# replace them (`--addr`, `--tlscert/--tlskey/--tlscacert`, `--oci-worker-no-process-sandbox`),
# so in extraConfig they would be silently overridden or contradict the pod.
CONTROLLED_KEYS: dict[KeyPath, tuple[str, str]] = {
    ("grpc", "address"): (
        "the Deployment's --addr flags (unix socket and tcp://0.0.0.0:1234) replace it",
        "Remove it; buildkitd listens where the Service and probes expect.",
    ),
    ("grpc", "tls"): (
        "chartgen configures TLS (certificate mounts and --tls* flags)",
        "Set imageBuilder.buildkit.tls instead and remove [grpc.tls] from extraConfig.",
    ),
    ("worker", "oci", "noProcessSandbox"): (
        "chartgen sets it from imageBuilder.buildkit.rootless (--oci-worker-no-process-sandbox)",
        "Remove it; set imageBuilder.buildkit.rootless instead.",
    ),
    ("worker", "oci", "rootless"): (
        "chartgen runs the rootless image when imageBuilder.buildkit.rootless is true",
        "Remove it; set imageBuilder.buildkit.rootless instead.",
    ),
}

# Worker-level GC sizes: BuildKit ignores them as soon as any [[worker.oci.gcpolicy]] exists,
# and chartgen always writes its policies.
IGNORED_WITH_POLICIES = ("gckeepstorage", "reservedSpace", "maxUsedSpace", "minFreeSpace")

LOG_LEVELS = ("trace", "debug", "info", "warn", "error", "fatal", "panic")


def _sized(entries: Entries, values: Values) -> Entries:
    """A GC policy with the sizes of `buildkit.gc` in place of the reference's percentages."""
    sizes = {
        "reservedSpace": values.buildkit.gc.reservedSpace,
        "maxUsedSpace": values.buildkit.gc.maxUsedSpace,
    }
    return tuple((key, sizes.get(key, value)) for key, value in entries)


def log_level(values: Values) -> str:
    """`log.level` when set, else "debug" for the reference chart's `log.debug: true`."""
    log = values.buildkit.log
    if log.level:
        return log.level
    return "debug" if log.debug else "info"


def build_document(values: Values) -> Document:
    buildkit = values.buildkit
    tables = [
        Table(("log",), (("format", buildkit.log.format), ("level", log_level(values)))),
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
            Table(("worker", "oci", "gcpolicy"), _sized(entries, values), array=True,
                  comment=comment)
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
    return Document(root=(), tables=tuple(tables))


# -- formatting -------------------------------------------------------------------------------

def _key(name: str) -> str:
    bare = name and all(c.isascii() and (c.isalnum() or c in "_-") for c in name)
    return name if bare else _string(name)


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
    blocks = ["\n".join(f"{_key(key)} = {_value(value)}" for key, value in document.root)]
    extra = strip_extra_config(extra_config)
    if extra:
        # Verbatim: never split into lines (see the module docstring).
        blocks.append("# extraConfig\n" + extra)
    for table in document.tables:
        indent = "  " * _depth(table, document)
        lines = [f"{indent}# {table.comment}"] if table.comment else []
        brackets = ("[[", "]]") if table.array else ("[", "]")
        lines.append(f"{indent}{brackets[0]}{_header(table.header)}{brackets[1]}")
        lines += [f"{indent}  {_key(k)} = {_value(v)}" for k, v in table.entries]
        blocks.append("\n".join(lines))
    return "\n\n".join(block for block in blocks if block) + "\n"


def strip_extra_config(text: str) -> str:
    """extraConfig without trailing TOML whitespace and line breaks (and nothing else)."""
    return text.rstrip(" \t\r\n") if text.strip(" \t\r\n") else ""


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

# Which rule reports a problem (rules pick theirs from one analysis).
SYNTAX = "syntax"  # not TOML (IB216)
CLASH = "clash"  # redefines or contradicts what chartgen writes or the Deployment decides (IB216)
BUILDKIT = "buildkit"  # unknown key, wrong type, refused or deprecated value (IB223)


@dataclass(frozen=True)
class ExtraConfigProblem:
    """Something wrong with `extraConfig`; line and column count within extraConfig, from 1."""

    message: str
    hint: str
    line: int | None = None
    column: int | None = None
    kind: str = CLASH


@dataclass(frozen=True)
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
    from chartgen.buildkit_config import read_config, startup_issues
    from chartgen.toml_scan import TomlScanError, scan

    if not strip_extra_config(text):
        return ExtraConfigAnalysis((), None)
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


@dataclass(frozen=True)
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
    from chartgen.buildkit_config import toml_path

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
    rendered = _format(written.document, text)
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
