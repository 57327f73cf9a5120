"""Reading one values file the way Helm reads it, keeping the line and column of every value.

The bytes are decoded first (`decoding.py`) and the text bounded (`limits.py`); this module
composes the YAML into nodes with ruamel.yaml's safe C parser (nodes keep their marks — no
round-trip loader needed) and builds plain Python values from them with go-yaml's scalar rules
(`go_yaml.py`), recording an `Origin` for every value.

Everything a hostile file can do becomes a finding, never an exception: syntax errors, duplicate
keys, several documents, undecodable or binary bytes, unknown tags, alias bombs, absurd nesting
or size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from chartgen.findings import FIXED_UNUSABLE_VALUES, Finding, FindingKind, Location, Severity
from chartgen.record import field, record
from chartgen.values.decoding import decode
from chartgen.values.go_yaml import NULLS, key_string, resolve_plain_scalar
from chartgen.values.limits import LIMITS, MAX_DEPTH, MAX_EVENTS, MAX_NODES, prescan
from chartgen.values.provenance import Origin, Path, PathItem, Provenance
from chartgen.values.scalar_text import ScalarText

if TYPE_CHECKING:
    from chartgen.rule_control.inline import InlineDirective

SYNTAX = FindingKind(
    "IB001",
    "yaml-syntax",
    Severity.ERROR,
    """A values file is not valid YAML.

The finding points at the line and column where the parser gave up; the mistake is usually
there or just above it (indentation, an unclosed quote or bracket, a tab).""",
    fixed=FIXED_UNUSABLE_VALUES,
)
DUPLICATE_KEY = FindingKind(
    "IB002",
    "duplicate-key",
    Severity.ERROR,
    """A mapping defines the same key twice.

YAML forbids it and tools disagree on which entry wins, so one of your two settings is silently
ignored somewhere. Keep one.""",
    fixed=FIXED_UNUSABLE_VALUES,
)
MULTI_DOCUMENT = FindingKind(
    "IB003",
    "multi-document",
    Severity.ERROR,
    """A values file holds several YAML documents.

Helm reads a values file as one document. Split the documents into files and pass each with -f.""",
    fixed=FIXED_UNUSABLE_VALUES,
)

NOT_A_MAPPING = FindingKind(
    "IB005",
    "not-a-mapping",
    Severity.ERROR,
    """A values file is a list or a scalar.

Values are a mapping at the top level (`imageBuilder:`, `storage:`, ...).""",
    fixed=FIXED_UNUSABLE_VALUES,
)
TAG = FindingKind(
    "IB006",
    "yaml-tag",
    Severity.ERROR,
    """A value carries a YAML tag chartgen does not accept.

Only the standard data tags (!!str, !!int, !!bool, ...) are allowed; language-specific tags such
as !!python/object are refused, never constructed.""",
    fixed=FIXED_UNUSABLE_VALUES,
)
KINDS: tuple[FindingKind, ...] = (
    SYNTAX,
    DUPLICATE_KEY,
    MULTI_DOCUMENT,
    NOT_A_MAPPING,
    TAG,
)

# The most nodes one-pass composition takes on (`_Yaml.compose_simple`): their events, two
# per node at most plus the stream's and the document's four, stay within the prescan's count.
SIMPLE_NODES = (MAX_EVENTS - 4) // 2

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

class _NotSimple(Exception):
    """A text one-pass composition does not answer (`_Yaml.compose_simple`)."""


class _Abort(Exception):
    """Stops building a document after a fatal finding (limits, unsupported structure)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@record
class YamlDocument:
    """One parsed values file: its data (None when unusable), origins, and findings."""

    source: str
    data: dict[str, Any] | None
    provenance: Provenance = field(default_factory=Provenance)
    findings: list[Finding] = field(default_factory=list)
    # `# chartgen: disable=...` comments (chartgen.rule_control.inline).
    directives: list[InlineDirective] = field(default_factory=list)


def _plain(node: Any) -> bool:
    """Whether a scalar node is plain (unquoted): ruamel's C composer marks it `""`, not None."""
    return not node.style


# The tag ruamel's composer gives a node that carries no explicit tag. Scalars are then resolved
# here with go-yaml's rules, which differ from ruamel's (YAML 1.1 `y`/`n` booleans, Go's number
# syntax); ruamel's own resolution would be both wasted work and ambiguous (`!!str yes` and a
# plain `yes` would look alike).
IMPLICIT = "tag:chartgen,2026:implicit"
_ALLOWED_TAGS.add(IMPLICIT)


class _Events(NamedTuple):
    """The parser's event classes `_Yaml.build_simple` dispatches on (by identity)."""

    document_start: Any
    document_end: Any
    stream_end: Any
    scalar: Any
    mapping_start: Any
    mapping_end: Any
    sequence_start: Any
    sequence_end: Any


class _Yaml:
    """ruamel.yaml's C parser and composer, set up once per process.

    The C classes are used directly rather than through `ruamel.yaml.YAML`, which builds a new
    loader class (and a constructor this module never uses) for every text it parses: in batch
    mode that set-up cost more than parsing a values file. The composer is the same C code
    either way; tests/values/test_yaml_source.py holds its nodes equal to `YAML.compose_all`'s.
    """

    def __init__(self) -> None:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
        from ruamel.yaml.nodes import MappingNode, SequenceNode
        from ruamel.yaml.resolver import VersionedResolver
        from ruamel.yaml.tag import Tag

        # One shared Tag object per kind: ruamel decodes a tag's text once per Tag object,
        # which would otherwise be done again for every node; and `node.ctag is SCALAR_TAG`
        # tells an implicit scalar without turning the tag into text.
        self.scalar_tag, self.seq_tag, self.map_tag = (
            Tag(suffix=IMPLICIT),
            Tag(suffix=_TAG + "seq"),
            Tag(suffix=_TAG + "map"),
        )
        scalar_tag, seq_tag, map_tag = self.scalar_tag, self.seq_tag, self.map_tag

        class ImplicitResolver(VersionedResolver):
            def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
                if kind is SequenceNode:
                    return seq_tag
                if kind is MappingNode:
                    return map_tag
                return scalar_tag

        class Composer(CParser, ImplicitResolver):  # type: ignore[misc]
            """The C parser with the resolver its composer calls back into."""

            def __init__(self, text: str) -> None:
                CParser.__init__(self, text)
                ImplicitResolver.__init__(self, loadumper=self)

        class GuardedComposer(Composer):
            """The composer, stopped (`_NotSimple`) before it nests deeper than the prescan
            allows or composes more nodes than one-pass composition may (see
            `compose_simple`). ruamel calls these two resolver hooks around every node it
            composes (not around an alias); the resolver's own versions only serve path
            resolvers, which chartgen's resolver has none of."""

            def __init__(self, text: str) -> None:
                super().__init__(text)
                self.depth = 0  # nodes open, the one being composed included
                self.nodes = 0

            def descend_resolver(self, current_node: Any, current_index: Any) -> None:
                self.depth += 1
                self.nodes += 1
                if self.depth > MAX_DEPTH + 1 or self.nodes > SIMPLE_NODES:
                    raise _NotSimple

            def ascend_resolver(self) -> None:
                self.depth -= 1

        from ruamel.yaml.events import (
            DocumentEndEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
            StreamEndEvent,
        )

        self.events = _Events(
            DocumentStartEvent, DocumentEndEvent, StreamEndEvent, ScalarEvent,
            MappingStartEvent, MappingEndEvent, SequenceStartEvent, SequenceEndEvent,
        )
        self.parser_class = CParser
        self.composer_class = Composer
        self.guarded_composer_class = GuardedComposer
        self.resolver_class = ImplicitResolver
        self.resolver = ImplicitResolver()

    def parse(self, text: str) -> Iterator[Any]:
        """The parser's events, one document stream."""
        parser = self.parser_class(text)
        try:
            while parser.check_event():
                yield parser.get_event()
        finally:
            parser.dispose()

    def compose_all(self, text: str) -> Iterator[Any]:
        """The root node of each document, composed as it is reached."""
        composer = self.composer_class(text)
        try:
            while composer.check_node():
                yield composer.get_node()
        finally:
            composer.dispose()

    def compose_simple(self, text: str) -> tuple[list[Any], int] | None:
        """The documents of `text` and how many nodes they hold, composed in one pass — when
        that provably gives what `load_yaml`'s careful path gives (the `prescan` of the whole
        text, then composition); None when it may not, and the caller takes that path.

        The careful path parses the text twice. One pass is enough for a text that has no
        alias (no `*` anywhere), holds at most one document, and composes without an error
        within these bounds: no node deeper than the prescan allows a collection (the
        composer stops there, before its unguarded recursion goes on), and so few nodes that
        the events they make (two for a collection, one for a scalar, four for the stream and
        its document) stay within the prescan's count. On such a text the prescan finds
        nothing, and the composer gives the same nodes either way. Anything else — an error,
        a bound reached, a second document, an alias — is answered by the careful path, which
        then reports exactly what it always did.
        """
        if "*" in text:
            return None
        composer = self.guarded_composer_class(text)
        documents: list[Any] = []
        try:
            while composer.check_node():
                if documents:
                    return None
                documents.append(composer.get_node())
        except Exception:  # whatever it is, the careful path reports it
            return None
        finally:
            composer.dispose()
        return documents, composer.nodes


    def build_simple(self, text: str, source: str) -> YamlDocument | None:
        """The document `load_yaml` makes of `text`, built straight from the parser's events
        in one pass — when the text is plain data: None when it holds anything else, and the
        caller takes the node path (`compose_simple`, else the careful path), which then
        decides and reports exactly what it always did.

        Plain data is one document whose top level is a mapping, made only of untagged
        scalars, mappings and sequences: no tag, anchor or alias, no merge key (`<<`), no
        duplicate key, no collection as a key, nesting and size within the builder's limits
        (`MAX_DEPTH`, `MAX_NODES`, counting keys too), no scalar go-yaml's rules refuse, and no
        parser error anywhere in the text. On such a text the node path finds nothing either
        and builds the same values with the same origins — the same `Origin`s, recorded in the
        same order (a value before what it holds), with the same index of children —, which
        tests/values/test_yaml_fast_path.py holds on every fixture and the hostile corpus.

        Why: composing nodes costs ruamel's C composer a call back into Python for every node
        (the resolver, the depth guard, the node's `__init__`), and building from the nodes
        walks them again; values files in batch mode are nearly all plain data.
        """
        events = self.events
        parser = self.parser_class(text)
        try:
            get = parser.get_event
            get()  # the stream's start
            if type(get()) is not events.document_start:
                return None
            root_event = get()
            if (
                type(root_event) is not events.mapping_start
                or root_event.ctag is not None
                or root_event.anchor is not None
            ):
                return None
            built = _build_events(get, events, text, source)
            if built is None:
                return None
            if type(get()) is not events.document_end or type(get()) is not events.stream_end:
                return None  # a second document, or an error after the first one
        except Exception:  # whatever it is, the node path decides and reports it
            return None
        finally:
            parser.dispose()
        data, origins, children, spans = built
        directives = []
        if spans is not None:
            from chartgen.rule_control.inline import scan

            directives = scan(text, source, spans)
        return YamlDocument(source, data, Provenance.of_tree(origins, children),
                            directives=directives)


@cache
def _yaml() -> _Yaml:
    """The parser and composer, built once per process."""
    return _Yaml()


class _Builder:
    """Turns composed nodes into plain values while recording origins and enforcing limits."""

    def __init__(self, source: str, yaml: _Yaml) -> None:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.source = source
        self.resolver = yaml.resolver
        # The composer creates exactly these classes; dispatching on them by identity, and
        # telling an implicit tag by its shared Tag object, is what keeps the per-value cost of
        # building low (reading `node.tag` formats the tag anew every time).
        self.scalar_node, self.sequence_node, self.mapping_node = (
            ScalarNode, SequenceNode, MappingNode,
        )
        self.implicit_tag, self.map_tag = yaml.scalar_tag, yaml.map_tag
        self.provenance = Provenance()
        self.text = ""  # the document's text, for `ScalarText`
        self.findings: list[Finding] = []
        self.nodes = 0

    def tag(self, node: Any) -> str:
        """The node's tag as text (`IMPLICIT` when it carries none)."""
        return IMPLICIT if node.ctag is self.implicit_tag else str(node.tag)

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
        scalar_node, mapping_node = self.scalar_node, self.mapping_node
        sizes: dict[int, int] = {}
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, children_done = stack.pop()
            if id(node) in sizes:
                continue
            kind = type(node)
            if kind is scalar_node:
                sizes[id(node)] = 1
                continue
            # Values, as the builder counts them: a mapping's keys are not values.
            children = (
                [value for _, value in node.value] if kind is mapping_node else list(node.value)
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
        kind = type(node)
        source = self.source
        mark = node.start_mark
        key_mark = None if key_node is None else key_node.start_mark
        origin = Origin(
            Location(source, mark.line + 1, mark.column + 1),
            None if key_mark is None else Location(source, key_mark.line + 1, key_mark.column + 1),
            ScalarText(source, self.text, mark.index, node.end_mark.index, node.style or "")
            if kind is self.scalar_node
            else None,
        )
        self.provenance.record(path, origin)
        # The common case first, decided without the tag's text: an untagged node (one of the
        # resolver's shared tags), which `tag`, `_ALLOWED_TAGS` and `scalar` would accept.
        ctag = node.ctag
        if ctag is self.map_tag and kind is self.mapping_node:
            return self.build_mapping(node, path, depth)
        if ctag is self.implicit_tag and kind is self.scalar_node:
            try:
                return node.value if node.style else resolve_plain_scalar(node.value)
            except ValueError as exc:
                raise self.fail(
                    SYNTAX.id, node, str(exc), "Quote the value or use a finite number.", path
                ) from None
        tag = self.tag(node)
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                TAG.id,
                node,
                f"YAML tag {tag.replace(_TAG, '!!')!r} is not allowed in values",
                "Remove the tag; values are plain data and chartgen never constructs objects.",
                path,
            )
        if kind is self.mapping_node:
            return self.build_mapping(node, path, depth)
        if kind is self.sequence_node:
            return [
                self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)
            ]
        return self.scalar(node, path, tag)

    def scalar(self, node: Any, path: Path, tag: str) -> Any:
        text: str = node.value
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
        if type(node) is not self.scalar_node:
            raise self.fail(
                SYNTAX.id,
                node,
                "mapping keys must be plain strings, not collections",
                "Use a string key.",
                path,
            )
        if _plain(node) and self.tag(node) == IMPLICIT:
            try:
                return key_string(resolve_plain_scalar(node.value))
            except ValueError:
                return str(node.value)
        return str(node.value)

    def is_merge_key(self, node: Any) -> bool:
        """A YAML 1.1 merge key: a plain `<<` (or one tagged !!merge)."""
        tag = self.tag(node)
        if tag == _TAG + "merge":
            return True
        return bool(tag == IMPLICIT and _plain(node) and node.value == "<<")

    def build_mapping(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        merges: list[Any] = []
        scalar_node, implicit_tag = self.scalar_node, self.implicit_tag
        for key_node, value_node in node.value:
            plain_key = (
                type(key_node) is scalar_node
                and key_node.ctag is implicit_tag
                and not key_node.style
            )
            if plain_key:
                # An untagged plain key, the common case: what `is_merge_key` and `key` decide
                # for it, without their general steps.
                if key_node.value == "<<":
                    merges.append(value_node)
                    continue
                key = _plain_key(key_node.value)
            elif self.is_merge_key(key_node):
                merges.append(value_node)
                continue
            else:
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
        sources = merge_node.value if type(merge_node) is self.sequence_node else [merge_node]
        for source in sources:
            if type(source) is not self.mapping_node:
                raise self.fail(
                    SYNTAX.id,
                    merge_node,
                    "a merge key (<<) must refer to a mapping or a list of mappings",
                    "Point << at an anchored mapping.",
                    path,
                )
            for key_node, value_node in source.value:
                if self.is_merge_key(key_node):
                    continue
                key = self.key(key_node, path)
                if key not in result:
                    result[key] = self.build(value_node, (*path, key), depth + 1, key_node)


def _plain_key(text: str) -> str:
    """The key an untagged plain scalar makes (go-yaml's scalar, then its JSON text)."""
    try:
        return key_string(resolve_plain_scalar(text))
    except ValueError:
        return text


_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")


# What `_MarkedOrigins` keeps of a value until its `Origin` is asked for: the value's start mark,
# its key's start mark (None for a list item), its end mark (None for a collection: only a
# scalar has a `ScalarText`) and its style.
_Marks = tuple[Any, Any, Any, str]
_ABSENT: Any = object()


class _MarkedOrigins(dict[Path, Origin]):
    """The origins of one document built from events, each made when it is first read.

    A values file that passes asks for almost none of its origins (only findings are located),
    yet making one — an `Origin`, its two `Location`s, its `ScalarText` — cost more than
    building the value. So each entry holds the parser's marks (`_Marks`) until read; every way
    of reading an entry (`[]`, `get`, `pop`, `items`, `values`, `==`, `repr`, `copy`, pickling,
    iteration for `dict(...)`/`update`) makes and stores its `Origin` first, so a reader only
    ever sees what `record` would have stored. Entries written later are `Origin`s as usual."""

    __slots__ = ("source", "text")

    def __init__(self, source: str, text: str) -> None:
        super().__init__()
        self.source = source
        self.text = text

    def _origin(self, path: Path, marks: _Marks) -> Origin:
        start, key, end, style = marks
        source = self.source
        origin = Origin(
            Location(source, start.line + 1, start.column + 1),
            None if key is None else Location(source, key.line + 1, key.column + 1),
            None if end is None else ScalarText(source, self.text, start.index, end.index, style),
        )
        dict.__setitem__(self, path, origin)
        return origin

    def _all(self) -> None:
        entries: Any = dict.items(self)  # Origins, and marks not yet made into one
        for path, value in entries:
            if type(value) is tuple:
                self._origin(path, value)

    def __getitem__(self, path: Path) -> Origin:
        value: Any = dict.__getitem__(self, path)
        return self._origin(path, value) if type(value) is tuple else value

    def get(self, path: Path, default: Any = None) -> Any:
        value = dict.get(self, path, _ABSENT)
        if value is _ABSENT:
            return default
        return self._origin(path, value) if type(value) is tuple else value

    def pop(self, path: Path, default: Any = _ABSENT) -> Any:
        value = dict.get(self, path, _ABSENT)
        if value is _ABSENT:
            if default is _ABSENT:
                raise KeyError(path)
            return default
        origin = self._origin(path, value) if type(value) is tuple else value
        dict.__delitem__(self, path)
        return origin

    def popitem(self) -> tuple[Path, Origin]:
        self._all()
        return dict.popitem(self)

    def setdefault(self, path: Path, default: Any = None) -> Any:
        value = self.get(path, _ABSENT)
        if value is _ABSENT:
            dict.__setitem__(self, path, default)
            return default
        return value

    def items(self) -> Any:
        self._all()
        return dict.items(self)

    def values(self) -> Any:
        self._all()
        return dict.values(self)

    def __iter__(self) -> Iterator[Path]:
        # Not dict's own iterator: `dict(...)`, `update` and `{**...}` copy a dict whose
        # type keeps it straight from its storage, marks and all; with this one they read
        # each entry through `__getitem__`.
        return dict.__iter__(self)

    def __eq__(self, other: object) -> bool:
        self._all()
        if isinstance(other, _MarkedOrigins):
            other._all()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __repr__(self) -> str:
        self._all()
        return dict.__repr__(self)

    def copy(self) -> dict[Path, Origin]:
        self._all()
        return dict(dict.items(self))

    def __reduce__(self) -> Any:
        return (dict, (self.copy(),))


# The key each plain key text makes (`_plain_key`), and the value each plain scalar text makes
# (`resolve_plain_scalar`: an immutable str, number, bool or None), remembered across the files
# of a process: values files share most of their keys and many values, and a batch reads
# hundreds of them. Bounded, so that files of made-up text cannot grow them without end; `<<`
# (a merge key) and a text go-yaml refuses (no value) never enter.
_PLAIN_KEYS: dict[str, str] = {}
_PLAIN_VALUES: dict[str, Any] = {}
_PLAIN_KEPT = 4096

_Built = tuple[
    dict[str, Any], dict[Path, Origin], dict[Path, set[PathItem]], list[tuple[int, int]] | None
]


def _build_events(get: Any, events: _Events, text: str, source: str) -> _Built | None:
    """The values below the top-level mapping, whose start event was just read, up to its end
    event: (data, origins, each path's children, the scalars' spans for the inline directives
    — None when the text holds no directive); None at the first thing that is not plain data
    (see `_Yaml.build_simple`). Iterative: the parser keeps its own stack, and so does this."""
    scalar_event, mapping_start, sequence_start = (
        events.scalar, events.mapping_start, events.sequence_start,
    )
    collection_end = (events.mapping_end, events.sequence_end)
    spans: list[tuple[int, int]] | None = [] if "chartgen:" in text else None
    origins = _MarkedOrigins(source, text)
    # Entries go in as marks (`_MarkedOrigins`), straight into the dict's storage.
    marks: Any = origins
    children: dict[Path, set[PathItem]] = {}
    data: dict[str, Any] = {}
    # The collection being filled, its path, its depth (the top level is 0), whether it is a
    # mapping, and its items so far in `children` (None until the first); the enclosing ones
    # wait on `stack`. `key` is the mapping key read and not yet given its value.
    container: Any = data
    path: Path = ()
    depth = 0
    is_map = True
    items: set[PathItem] | None = None
    stack: list[tuple[Any, Path, int, bool, set[PathItem] | None]] = []
    key: str | None = None
    key_mark: Any = None
    nodes = 1
    # Module globals read once per document, not once per event (and still patchable).
    max_depth, max_nodes, kept = MAX_DEPTH, MAX_NODES, _PLAIN_KEPT
    plain_keys, plain_values = _PLAIN_KEYS, _PLAIN_VALUES
    while True:
        event = get()
        kind = type(event)
        if kind is scalar_event:
            if event.ctag is not None or event.anchor is not None:
                return None
            nodes += 1
            style = event.style
            start = event.start_mark
            if spans is not None:
                spans.append(_scalar_span(text, start.index, event.end_mark.index, style))
            if is_map and key is None:
                if style:
                    key = event.value
                else:
                    key = plain_keys.get(event.value)
                    if key is None:
                        if event.value == "<<":
                            return None
                        key = _plain_key(event.value)
                        if len(plain_keys) < kept:
                            plain_keys[event.value] = key
                if key in container:
                    return None
                key_mark = start
                continue
            if depth >= max_depth:
                return None
            if style:
                value = event.value
            else:
                value = plain_values.get(event.value, _ABSENT)
                if value is _ABSENT:
                    value = resolve_plain_scalar(event.value)
                    if len(plain_values) < kept:
                        plain_values[event.value] = value
            end = event.end_mark
        elif kind is mapping_start or kind is sequence_start:
            if event.ctag is not None or event.anchor is not None or (is_map and key is None):
                return None
            nodes += 1
            if depth >= max_depth:
                return None
            start = event.start_mark
            value = {} if kind is mapping_start else []
            end = None
            style = ""
        elif kind in collection_end:
            if not stack:
                return data, origins, children, spans
            container, path, depth, is_map, items = stack.pop()
            continue
        else:  # an alias (or anything unforeseen)
            return None
        if nodes > max_nodes:
            return None
        if is_map:
            assert key is not None
            item: PathItem = key
            container[key] = value
            child = (*path, key)
            marks[child] = (start, key_mark, end, style or "")
            key = None
        else:
            item = len(container)
            container.append(value)
            child = (*path, item)
            marks[child] = (start, None, end, style or "")
        if items is None:
            items = children[path] = set()
        items.add(item)
        if end is None:
            stack.append((container, path, depth, is_map, items))
            is_map = kind is mapping_start
            container, path, depth, items = value, child, depth + 1, None


def _scalar_span(text: str, start: int, end: int, style: str | None) -> tuple[int, int]:
    """The characters of a scalar where a `#` is text, not a comment: all of it, except a
    block scalar's header line (`key: |  # comment`), which may end in a comment."""
    if style in ("|", ">"):
        header_end = _LINE_BREAK.search(text, start, end)
        start = header_end.start() if header_end else end
    return start, end


def _directives(root: Any, text: str, source: str) -> list[InlineDirective]:
    """The inline directives of a composed document: comments only, never scalar text."""
    if "chartgen:" not in text:
        return []
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: its node was visited where it is anchored
            continue
        seen.add(id(node))
        kind = type(node).__name__
        if kind == "ScalarNode":
            spans.append(_scalar_span(text, node.start_mark.index, node.end_mark.index,
                                      node.style))
        elif kind == "MappingNode":
            for key, value in node.value:
                stack.extend((key, value))
        else:
            stack.extend(node.value)
    from chartgen.rule_control.inline import scan

    return scan(text, source, spans)


def _format(path: Path, key: str) -> str:
    from chartgen.values.provenance import format_path

    return format_path((*path, key))


def _refused(
    source: str, kind: FindingKind, message: str, hint: str, location: Location
) -> YamlDocument:
    """A file that cannot be used at all, and why."""
    finding = Finding(kind.id, kind.severity, message, hint=hint, location=location)
    return YamlDocument(source, None, findings=[finding])


def load_yaml(raw: bytes, source: str) -> YamlDocument:
    """Parse one values file. `data` is None when the file cannot be used at all."""
    text, findings = decode(raw, source)
    if text is None:
        return YamlDocument(source, None, findings=findings)
    loader = _yaml()
    built = loader.build_simple(text, source)
    if built is not None:
        return built
    return _load_composed(loader, text, source)


def _load_composed(loader: _Yaml, text: str, source: str) -> YamlDocument:
    """The node path, for any text: composed in one guarded pass when that is safe
    (`compose_simple`), else carefully; then built from the nodes. `load_yaml` takes it for
    every text that is not plain data (`build_simple`), and the tests take it for any text
    to hold the two paths equal."""
    simple = loader.compose_simple(text)
    if simple is not None:
        documents, nodes = simple
    else:
        documents, nodes, refusal = _compose_carefully(loader, text, source)
        if refusal is not None:
            return refusal

    root = documents[0] if documents else None
    if root is None:
        return YamlDocument(source, {})
    builder = _Builder(source, loader)
    builder.text = text
    try:
        if type(root).__name__ == "ScalarNode" and _plain(root) and root.value in NULLS:
            return YamlDocument(source, {})
        if type(root).__name__ != "MappingNode":
            return _refused(
                source,
                NOT_A_MAPPING,
                "values must be a mapping of keys to values at the top level",
                "Start the file with `imageBuilder:` (or the other top-level keys).",
                builder.location(root),
            )
        if simple is None or nodes > MAX_NODES:
            # Without aliases (a simple text) the values are at most the nodes, so only a
            # text with aliases or with more nodes than the limit can expand beyond it.
            builder.check_expansion(root)
        data = builder.build(root, (), 0)
    except _Abort as abort:
        return YamlDocument(source, None, findings=[*builder.findings, abort.finding])
    except RecursionError:
        return _refused(
            source, LIMITS, "values are nested too deeply", "Flatten the structure.",
            Location(source),
        )
    builder.provenance.forget(())
    if builder.findings:
        return YamlDocument(source, None, builder.provenance, builder.findings)
    return YamlDocument(source, data, builder.provenance,
                        directives=_directives(root, text, source))


def _compose_carefully(
    loader: _Yaml, text: str, source: str
) -> tuple[list[Any], int, YamlDocument | None]:
    """The documents of any text: the prescan of the whole text first (limits, syntax), then
    composition; or the refusal of the text. (The node count is not known here: -1.)"""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    documents: list[Any] = []
    try:
        refused = prescan(loader, text, source)
        if refused is not None:
            return [], -1, YamlDocument(source, None, findings=[refused])
        for index, document in enumerate(loader.compose_all(text)):
            if index >= 1:
                return [], -1, _refused(
                    source,
                    MULTI_DOCUMENT,
                    "values file holds more than one YAML document",
                    "Split the documents into separate files and pass each with -f; Helm would "
                    "silently read only part of this file.",
                    Location(source, document.start_mark.line + 1 if document else None),
                )
            documents.append(document)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return [], -1, _refused(
            source,
            SYNTAX,
            f"YAML syntax error: {message}",
            "Fix the YAML at this position (check indentation, quotes and brackets).",
            Location(source, mark.line + 1, mark.column + 1) if mark else Location(source),
        )
    except (YAMLError, ValueError) as exc:
        return [], -1, _refused(
            source, SYNTAX, f"YAML error: {exc}", "Fix the YAML syntax.", Location(source)
        )
    except RecursionError:
        return [], -1, _refused(
            source,
            LIMITS,
            "values are nested too deeply to parse",
            "Flatten the structure; no Image Builder value nests this deep.",
            Location(source),
        )
    return documents, -1, None
