"""buildkitd.toml: the daemon's configuration file, generated from typed values (SPEC §4.2).

This module owns the file's content and the list of keys chartgen writes, so the renderer (which
puts the file into the buildkit ConfigMap) and the extraConfig checks (`extra_config.py`, which
refuse an `extraConfig` that redefines those keys) cannot disagree.

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

import re
from typing import TYPE_CHECKING

from chartgen.record import record

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


@record(frozen=True)
class Table:
    """One `[header]` (or, with `array`, one `[[header]]` element) and its key/value entries."""

    header: KeyPath
    entries: Entries
    array: bool = False
    comment: str = ""


@record(frozen=True)
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

    (Valid as long as `extraConfig` passes `extra_config.check_extra_config`, which validation
    ensures.)
    """
    return format_document(build_document(values), values.buildkit.extraConfig)


def format_document(document: Document, extra_config: str) -> str:
    """The file's text: the document's root keys, extraConfig, then its tables."""
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


# -- the chart's twin ---------------------------------------------------------------------------

# The values the file depends on, as the chart names them (`imagebuilder.buildkitdToml` fills
# them in). A marker stands in for each while the file is formatted here, so the chart's
# template is this module's own output, split where the values go.
CHART_FIELDS = ("logFormat", "logLevel", "maxParallelism", "reservedSpace", "maxUsedSpace")
_MARKER = re.compile(r"@@([A-Za-z]+)@@")


class _IntField(int):
    """An integer placeholder that formats as its marker."""

    field: str

    def __new__(cls, field: str) -> _IntField:
        self = super().__new__(cls, 0)
        self.field = field
        return self

    def __str__(self) -> str:
        return f"@@{self.field}@@"


def chart_template(tls: bool) -> list[str | tuple[str]]:
    """buildkitd.toml without extraConfig, as literal text and (FIELD,) parts: what the chart's
    Go template fills in with its values (extraConfig goes first there, as `format_document`
    puts it)."""
    from chartgen.model import build_model

    values = build_model(
        {
            "imageBuilder": {
                "buildkit": {
                    "log": {"format": "@@logFormat@@", "level": "@@logLevel@@"},
                    "oci": {"maxParallelism": _IntField("maxParallelism")},
                    "gc": {
                        "reservedSpace": "@@reservedSpace@@",
                        "maxUsedSpace": "@@maxUsedSpace@@",
                    },
                    "tls": {"enabled": tls, "existingSecret": "x" if tls else ""},
                }
            }
        }
    )
    text = format_document(build_document(values), "")
    parts: list[str | tuple[str]] = []
    position = 0
    for match in _MARKER.finditer(text):
        if match.group(1) not in CHART_FIELDS:
            raise ValueError(f"unknown chart field {match.group(1)!r} in buildkitd.toml")
        parts.extend([text[position : match.start()], (match.group(1),)])
        position = match.end()
    parts.append(text[position:])
    return [part for part in parts if part != ""]
