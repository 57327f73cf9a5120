"""Reading one values file the way Helm reads it, keeping the line and column of every value.

Helm decodes values with `sigs.k8s.io/yaml` (go-yaml v2 underneath, YAML 1.1 scalars, then JSON),
so `enabled: yes` is `true`, `017` is 15, `1.0` is the number 1, and map keys are strings. This
module composes the YAML into nodes with ruamel.yaml's safe C parser (nodes keep their marks —
no round-trip loader needed) and builds plain Python values from them with go-yaml's scalar
rules, recording an `Origin` for every value.

Everything a hostile file can do becomes a finding, never an exception: syntax errors, duplicate
keys, several documents, undecodable or binary bytes, unknown tags, alias bombs, absurd nesting
or size.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from chartgen.findings import Finding, FindingKind, Location, Severity
from chartgen.values.provenance import Origin, Path, Provenance
from chartgen.values.scalar_text import ScalarText

# Limits that keep hostile input bounded in time and memory. The reference data-plane values
# file is ~100 KiB, ~2,900 lines and ~6,000 nodes; these leave room for far larger real files.
MAX_BYTES = 16 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 128

SYNTAX = FindingKind(
    "IB001",
    "yaml-syntax",
    Severity.ERROR,
    """A values file is not valid YAML.

The finding points at the line and column where the parser gave up; the mistake is usually
there or just above it (indentation, an unclosed quote or bracket, a tab).""",
)
DUPLICATE_KEY = FindingKind(
    "IB002",
    "duplicate-key",
    Severity.ERROR,
    """A mapping defines the same key twice.

YAML forbids it and tools disagree on which entry wins, so one of your two settings is silently
ignored somewhere. Keep one.""",
)
MULTI_DOCUMENT = FindingKind(
    "IB003",
    "multi-document",
    Severity.ERROR,
    """A values file holds several YAML documents.

Helm reads a values file as one document. Split the documents into files and pass each with -f.""",
)
ENCODING = FindingKind(
    "IB004",
    "encoding",
    Severity.ERROR,
    """A values file is binary or not UTF-8, or a `--set` argument holds bytes that are not.

Save the file as UTF-8 text (a byte-order mark and CRLF line ends are fine). A `--set`
argument that is not UTF-8 is a usage error (exit 2): pass UTF-8 text, or use --set-file.""",
)
NOT_A_MAPPING = FindingKind(
    "IB005",
    "not-a-mapping",
    Severity.ERROR,
    """A values file is a list or a scalar.

Values are a mapping at the top level (`imageBuilder:`, `storage:`, ...).""",
)
TAG = FindingKind(
    "IB006",
    "yaml-tag",
    Severity.ERROR,
    """A value carries a YAML tag chartgen does not accept.

Only the standard data tags (!!str, !!int, !!bool, ...) are allowed; language-specific tags such
as !!python/object are refused, never constructed.""",
)
LIMITS = FindingKind(
    "IB007",
    "input-limits",
    Severity.ERROR,
    """An input exceeds chartgen's safety limits.

Values files (and stdin, FIFOs, devices) over 16 MiB, nesting deeper than 128 levels in a file
of any size, anchors and aliases that expand to more than 200,000 values (an alias bomb),
`--set` key paths or `--set-json` values nested deeper than 128 levels, `--set` indices that
together add more than 200,000 list entries, and `--set-file` files over 1 MiB are refused so
that hostile input stays bounded in time and memory.""",
)

KINDS: tuple[FindingKind, ...] = (
    SYNTAX,
    DUPLICATE_KEY,
    MULTI_DOCUMENT,
    ENCODING,
    NOT_A_MAPPING,
    TAG,
    LIMITS,
)

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _TAG + name
    for name in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "map",
        "seq",
        "binary",
        "timestamp",
        "merge",
    )
}
# go-yaml v2's YAML 1.1 booleans, including the one-letter forms.
_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_NULL = {"", "~", "null", "Null", "NULL"}
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_INF_NAN = {
    ".inf",
    ".Inf",
    ".INF",
    "+.inf",
    "+.Inf",
    "+.INF",
    "-.inf",
    "-.Inf",
    "-.INF",
    ".nan",
    ".NaN",
    ".NAN",
}


class _Abort(Exception):
    """Stops building a document after a fatal finding (limits, unsupported structure)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class YamlDocument:
    """One parsed values file: its data (None when unusable), origins, and findings."""

    source: str
    data: dict[str, Any] | None
    provenance: Provenance = field(default_factory=Provenance)
    findings: list[Finding] = field(default_factory=list)


def normalize_number(value: float) -> int | float:
    """Helm holds every number as a float64 and prints integral ones without a fraction."""
    if value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def _parse_go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64) and ParseUint fallback, as go-yaml v2 applies them."""
    sign = 1
    body = text
    if body[:1] in "+-":
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if not body or body[0] in "+-":
        return None
    lowered = body.lower()
    try:
        if lowered.startswith("0x"):
            value = int(body[2:], 16)
        elif lowered.startswith("0o"):
            value = int(body[2:], 8)
        elif lowered.startswith("0b"):
            value = int(body[2:], 2)
        elif len(body) > 1 and body[0] == "0":
            value = int(body[1:], 8)
        else:
            if not body.isdigit():
                return None
            value = int(body, 10)
    except ValueError:
        return None
    value *= sign
    if -(2**63) <= value < 2**64:
        return value
    return None


def resolve_plain_scalar(text: str) -> Any:
    """The value of an untagged, unquoted scalar under go-yaml v2's rules."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[:1] and text[0] in "+-.0123456789":
        if text in _INF_NAN:
            raise ValueError(
                f"{text!r} is infinity or NaN, which Helm cannot represent (values become JSON)"
            )
        plain = text.replace("_", "")
        as_int = _parse_go_int(plain)
        if as_int is not None:
            if abs(as_int) >= 2**53:
                # float64 in Helm; keep the exact integer, which prints the same for sane values.
                return as_int
            return as_int
        if _FLOAT.match(plain):
            number = float(plain)
            if math.isinf(number):
                return text  # out of range: go-yaml keeps it as a string
            return normalize_number(number)
    return text


def _plain(node: Any) -> bool:
    """Whether a scalar node is plain (unquoted): ruamel's C composer marks it `""`, not None."""
    return not node.style


def _key_string(value: Any) -> str:
    """sigs.k8s.io/yaml turns non-string map keys into their JSON text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _decode(raw: bytes, source: str) -> tuple[str | None, list[Finding]]:
    if len(raw) > MAX_BYTES:
        return None, [
            Finding(
                LIMITS.id,
                Severity.ERROR,
                # The loader reads only just past the limit, so the real size is unknown here.
                f"file is larger than {MAX_BYTES:,} bytes; larger values files are refused",
                hint="Pass only the values file itself, not a bundle or an archive.",
                location=Location(source),
            )
        ]
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    head = raw[:8192]
    if b"\x00" in head:
        offset = head.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        return None, [
            Finding(
                ENCODING.id,
                Severity.ERROR,
                "file is binary (contains NUL bytes), not a YAML values file",
                hint="Check the file name; pass a YAML values file.",
                location=Location(source, line, offset - raw.rfind(b"\n", 0, offset)),
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace"))
        return None, [
            Finding(
                ENCODING.id,
                Severity.ERROR,
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                hint="Save the file as UTF-8; Helm reads values as UTF-8.",
                location=Location(source, line, column + 1),
            )
        ]


# The tag ruamel's composer gives a node that carries no explicit tag. Scalars are then resolved
# here with go-yaml's rules, which differ from ruamel's (YAML 1.1 `y`/`n` booleans, Go's number
# syntax); ruamel's own resolution would be both wasted work and ambiguous (`!!str yes` and a
# plain `yes` would look alike).
IMPLICIT = "tag:chartgen,2026:implicit"
_ALLOWED_TAGS.add(IMPLICIT)


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, SequenceNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    # One shared Tag object per kind: ruamel decodes a tag's text once per Tag object, which
    # would otherwise be done again for every node.
    scalar_tag, seq_tag, map_tag = (
        Tag(suffix=IMPLICIT),
        Tag(suffix=_TAG + "seq"),
        Tag(suffix=_TAG + "map"),
    )

    class ImplicitResolver(VersionedResolver):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is SequenceNode:
                return seq_tag
            if kind is MappingNode:
                return map_tag
            return scalar_tag

    loader = YAML(typ="safe", pure=False)
    loader.Resolver = ImplicitResolver
    return loader


class _Builder:
    """Turns composed nodes into plain values while recording origins and enforcing limits."""

    def __init__(self, source: str, resolver: Any) -> None:
        from ruamel.yaml.nodes import ScalarNode

        self.source = source
        self.resolver = resolver
        self.scalar_node = ScalarNode
        self.provenance = Provenance()
        self.text = ""  # the document's text, for `ScalarText`
        self.findings: list[Finding] = []
        self.nodes = 0

    def scalar_text(self, node: Any) -> ScalarText:
        return ScalarText(
            self.source, self.text, node.start_mark.index, node.end_mark.index, node.style or ""
        )

    def location(self, node: Any) -> Location:
        mark = node.start_mark
        return Location(self.source, mark.line + 1, mark.column + 1)

    def fail(self, rule: str, node: Any, message: str, hint: str, path: Path) -> _Abort:
        from chartgen.values.provenance import format_path

        shown = format_path(path[:12]) + ("…" if len(path) > 12 else "")
        return _Abort(Finding(rule, Severity.ERROR, message, shown, hint, self.location(node)))

    def check_expansion(self, root: Any) -> None:
        """Refuse alias bombs before building anything: count the values aliases expand to."""
        sizes: dict[int, int] = {}
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, children_done = stack.pop()
            if id(node) in sizes:
                continue
            kind = type(node).__name__
            if kind == "ScalarNode":
                sizes[id(node)] = 1
                continue
            # Values, as the builder counts them: a mapping's keys are not values.
            children = (
                [value for _, value in node.value] if kind == "MappingNode" else list(node.value)
            )
            if children_done:
                total = 1 + sum(sizes.get(id(child), 1) for child in children)
                sizes[id(node)] = min(total, MAX_NODES + 1)
                continue
            if len(stack) > MAX_NODES:
                break
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
        if sizes.get(id(root), 0) > MAX_NODES:
            raise self.fail(
                LIMITS.id,
                root,
                f"document expands to more than {MAX_NODES:,} values (an alias bomb?)",
                "Remove the anchors and aliases that multiply each other.",
                (),
            )

    def build(self, node: Any, path: Path, depth: int, key_node: Any = None) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                LIMITS.id,
                node,
                f"document expands to more than {MAX_NODES:,} values (an alias bomb?)",
                "Remove the anchors and aliases that multiply each other.",
                path,
            )
        if depth > MAX_DEPTH:
            raise self.fail(
                LIMITS.id,
                node,
                f"values are nested more than {MAX_DEPTH} levels deep",
                "Flatten the structure; no Image Builder value nests this deep.",
                path,
            )
        origin = Origin(
            self.location(node),
            self.location(key_node) if key_node else None,
            self.scalar_text(node) if isinstance(node, self.scalar_node) else None,
        )
        self.provenance.record(path, origin)
        kind = type(node).__name__
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(
                TAG.id,
                node,
                f"YAML tag {node.tag.replace(_TAG, '!!')!r} is not allowed in values",
                "Remove the tag; values are plain data and chartgen never constructs objects.",
                path,
            )
        if kind == "MappingNode":
            return self.build_mapping(node, path, depth)
        if kind == "SequenceNode":
            return [
                self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)
            ]
        return self.scalar(node, path)

    def scalar(self, node: Any, path: Path) -> Any:
        text: str = node.value
        tag = node.tag
        try:
            if tag == IMPLICIT:
                return resolve_plain_scalar(text) if _plain(node) else text
            if tag == _TAG + "str" or tag == _TAG + "timestamp":
                return text
            if tag == _TAG + "binary":
                import base64
                import binascii

                try:
                    return base64.b64decode("".join(text.split())).decode("utf-8", "replace")
                except (binascii.Error, ValueError):
                    return text
            if tag == _TAG + "null":
                return None
            value = resolve_plain_scalar(text)
            if tag == _TAG + "bool" and not isinstance(value, bool):
                raise ValueError(f"{text!r} is not a boolean")
            if tag in (_TAG + "int", _TAG + "float") and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                raise ValueError(f"{text!r} is not a number")
            return value
        except ValueError as exc:
            raise self.fail(
                SYNTAX.id, node, str(exc), "Quote the value or use a finite number.", path
            ) from None

    def key(self, node: Any, path: Path) -> str:
        if type(node).__name__ != "ScalarNode":
            raise self.fail(
                SYNTAX.id,
                node,
                "mapping keys must be plain strings, not collections",
                "Use a string key.",
                path,
            )
        if _plain(node) and node.tag == IMPLICIT:
            try:
                return _key_string(resolve_plain_scalar(node.value))
            except ValueError:
                return str(node.value)
        return str(node.value)

    def build_mapping(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        merges: list[Any] = []
        for key_node, value_node in node.value:
            if _is_merge_key(key_node):
                merges.append(value_node)
                continue
            key = self.key(key_node, path)
            if key in seen:
                first = self.location(seen[key])
                self.findings.append(
                    Finding(
                        DUPLICATE_KEY.id,
                        Severity.ERROR,
                        f"duplicate key {key!r} (first defined at line {first.line})",
                        _format(path, key),
                        "Keep one of the two entries; YAML does not allow a key twice in a "
                        "mapping and tools disagree on which one wins.",
                        self.location(key_node),
                    )
                )
                continue
            seen[key] = key_node
            result[key] = self.build(value_node, (*path, key), depth + 1, key_node)
        for merge_node in merges:
            self.apply_merge(merge_node, result, path, depth)
        return result

    def apply_merge(self, merge_node: Any, result: dict[str, Any], path: Path, depth: int) -> None:
        """YAML 1.1 merge keys (`<<: *defaults`): explicit keys win over merged ones."""
        kind = type(merge_node).__name__
        sources = merge_node.value if kind == "SequenceNode" else [merge_node]
        for source in sources:
            if type(source).__name__ != "MappingNode":
                raise self.fail(
                    SYNTAX.id,
                    merge_node,
                    "a merge key (<<) must refer to a mapping or a list of mappings",
                    "Point << at an anchored mapping.",
                    path,
                )
            for key_node, value_node in source.value:
                if _is_merge_key(key_node):
                    continue
                key = self.key(key_node, path)
                if key not in result:
                    result[key] = self.build(value_node, (*path, key), depth + 1, key_node)


def _is_merge_key(node: Any) -> bool:
    """A YAML 1.1 merge key: a plain `<<` (or one tagged !!merge)."""
    if node.tag == _TAG + "merge":
        return True
    return bool(node.tag == IMPLICIT and _plain(node) and node.value == "<<")


def _format(path: Path, key: str) -> str:
    from chartgen.values.provenance import format_path

    return format_path((*path, key))


def _prescan(text: str, source: str) -> Finding | None:
    """A limits finding when the text nests deeper than MAX_DEPTH or surely holds more than
    MAX_NODES values; None when it may be composed.

    Runs on every text, before the composer, because the composer cannot be trusted with
    hostile nesting: ruamel's C composer recurses once per level without a guard (30,000
    levels of `[` crash the interpreter), and libyaml's scanner does work proportional to the
    open flow levels for every token (100,000 levels of `{a: ` take minutes). Parser events
    come from an explicit stack, and stopping at MAX_DEPTH + 1 open collections keeps both
    costs linear. Every value adds at most three events (a collection's start and end, its
    key), so more than 3 × MAX_NODES events (plus the stream and document events) always
    means the builder would refuse the document too; counting stops there, so 16 MiB of
    `[1,1,...]` is refused without composing millions of nodes.
    """
    from ruamel.yaml.events import (
        MappingEndEvent,
        MappingStartEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    starts = (MappingStartEvent, SequenceStartEvent)
    ends = (MappingEndEvent, SequenceEndEvent)
    limit = 3 * MAX_NODES + 6
    depth = 0
    for count, event in enumerate(_yaml().parse(text), start=1):
        kind = type(event)
        if kind in starts:
            depth += 1
            # The root collection is depth 0 for the builder, so MAX_DEPTH + 1 open ones
            # are the deepest it accepts.
            if depth > MAX_DEPTH + 1:
                return _limit_finding(
                    source,
                    event,
                    f"values are nested more than {MAX_DEPTH} levels deep",
                    "Flatten the structure; no Image Builder value nests this deep.",
                )
        elif kind in ends:
            depth -= 1
        if count > limit:
            return _limit_finding(
                source,
                event,
                f"document holds more than {MAX_NODES:,} values",
                "Pass only the values file itself; no Image Builder configuration is this "
                "large.",
            )
    return None


def _limit_finding(source: str, event: Any, message: str, hint: str) -> Finding:
    mark = event.start_mark
    return Finding(
        LIMITS.id,
        Severity.ERROR,
        message,
        hint=hint,
        location=Location(source, mark.line + 1, mark.column + 1),
    )


def load_yaml(raw: bytes, source: str) -> YamlDocument:
    """Parse one values file. `data` is None when the file cannot be used at all."""
    text, findings = _decode(raw, source)
    if text is None:
        return YamlDocument(source, None, findings=findings)
    loader = _yaml()
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        refused = _prescan(text, source)
        if refused is not None:
            return YamlDocument(source, None, findings=[refused])
        documents = []
        for index, document in enumerate(loader.compose_all(text)):
            if index >= 1:
                location = Location(source, document.start_mark.line + 1 if document else None)
                return YamlDocument(
                    source,
                    None,
                    findings=[
                        Finding(
                            MULTI_DOCUMENT.id,
                            Severity.ERROR,
                            "values file holds more than one YAML document",
                            hint="Split the documents into separate files and pass each with -f; "
                            "Helm would silently read only part of this file.",
                            location=location,
                        )
                    ],
                )
            documents.append(document)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return YamlDocument(
            source,
            None,
            findings=[
                Finding(
                    SYNTAX.id,
                    Severity.ERROR,
                    f"YAML syntax error: {message}",
                    hint="Fix the YAML at this position (check indentation, quotes and brackets).",
                    location=Location(source, mark.line + 1, mark.column + 1)
                    if mark
                    else Location(source),
                )
            ],
        )
    except (YAMLError, ValueError) as exc:
        return YamlDocument(
            source,
            None,
            findings=[
                Finding(
                    SYNTAX.id,
                    Severity.ERROR,
                    f"YAML error: {exc}",
                    hint="Fix the YAML syntax.",
                    location=Location(source),
                )
            ],
        )
    except RecursionError:
        return YamlDocument(
            source,
            None,
            findings=[
                Finding(
                    LIMITS.id,
                    Severity.ERROR,
                    "values are nested too deeply to parse",
                    hint="Flatten the structure; no Image Builder value nests this deep.",
                    location=Location(source),
                )
            ],
        )

    root = documents[0] if documents else None
    if root is None:
        return YamlDocument(source, {})
    builder = _Builder(source, loader.resolver)
    builder.text = text
    try:
        if type(root).__name__ == "ScalarNode" and _plain(root) and root.value in _NULL:
            return YamlDocument(source, {})
        if type(root).__name__ != "MappingNode":
            return YamlDocument(
                source,
                None,
                findings=[
                    Finding(
                        NOT_A_MAPPING.id,
                        Severity.ERROR,
                        "values must be a mapping of keys to values at the top level",
                        hint="Start the file with `imageBuilder:` (or the other top-level keys).",
                        location=builder.location(root),
                    )
                ],
            )
        builder.check_expansion(root)
        data = builder.build(root, (), 0)
    except _Abort as abort:
        return YamlDocument(source, None, findings=[*builder.findings, abort.finding])
    except RecursionError:
        return YamlDocument(
            source,
            None,
            findings=[
                Finding(
                    LIMITS.id,
                    Severity.ERROR,
                    "values are nested too deeply",
                    hint="Flatten the structure.",
                    location=Location(source),
                )
            ],
        )
    builder.provenance.forget(())
    if builder.findings:
        return YamlDocument(source, None, builder.provenance, builder.findings)
    return YamlDocument(source, data, builder.provenance)
