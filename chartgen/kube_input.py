"""Reading Kubernetes objects as `helm` and `kubectl` print them, with where each one starts.

`chartgen diff --deployed` and `chartgen doctor --cluster` read what users capture from a
cluster. Accepted, from files, directories (every `*.json`, `*.yaml`, `*.yml` in it, in name
order) or standard input (`-`):

- a YAML stream: `helm get manifest` and `chartgen render` (`---` between documents, `# Source:`
  comments, empty documents), `kubectl get -o yaml`;
- JSON: `kubectl get -o json`, also several documents one after another (two `kubectl` commands
  piped into one standard input);
- in either, a `List` (`kubectl get` of several objects: `kind: List` or a typed list such as
  `NodeList`, with `items`) or a single object. Other documents (the `kubectl version -o json`
  document) are handed to the caller as they are.

Scalars follow go-yaml's rules, as `kubectl apply` and Helm read manifests (`yes` is `true`);
duplicate keys, unknown tags, nesting deeper than 128 levels and anchors that expand beyond
the value budget are findings, never exceptions. Every file is read boundedly (64 MiB; a node
list of a thousand nodes is a few MiB), and JSON is parsed by the json module's C scanner,
item by item, so a large `kubectl get nodes -o json` costs little more than `json.loads`.

Every problem is a finding with the caller's rule ID (`input_rule`) at file:line:col; an
unreadable file is IB009 (the environment's, exit 3).
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any

from chartgen.findings import Finding, Location, Severity
from chartgen.record import field, record
from chartgen.values.loader import UNREADABLE

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 128
MAX_VALUES = 4_000_000  # YAML values, alias expansions included
INPUT_SUFFIXES = (".json", ".yaml", ".yml")

# The json module's own string scanner (exact JSON string rules, escapes included).
_scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009 (not in the type stubs)


@record(frozen=True)
class KubeObject:
    """One Kubernetes object, where it starts, and where it sits in its document."""

    data: dict[str, Any]
    location: Location
    path: str = "$"  # `$` for a document of its own, `$.items[3]` inside a List

    @property
    def api_version(self) -> str:
        return str(self.data.get("apiVersion", ""))

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", ""))

    @property
    def metadata(self) -> dict[str, Any]:
        metadata = self.data.get("metadata")
        return metadata if isinstance(metadata, dict) else {}

    @property
    def name(self) -> str:
        return str(self.metadata.get("name", ""))

    @property
    def namespace(self) -> str:
        namespace = self.metadata.get("namespace")
        return namespace if isinstance(namespace, str) else ""

    @property
    def labels(self) -> dict[str, str]:
        labels = self.metadata.get("labels")
        return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}

    @property
    def annotations(self) -> dict[str, str]:
        found = self.metadata.get("annotations")
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}

    def describe(self) -> str:
        """`Deployment union/union-operator-buildkit`, `Node ip-10-0-1-5`."""
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind} {where}{self.name}"


@record(frozen=True)
class OtherDocument:
    """A document that is neither an object nor a List (`kubectl version -o json`)."""

    value: Any
    location: Location


@record
class FileRead:
    """What one file (or standard input) held."""

    name: str
    objects: list[KubeObject] = field(default_factory=list)
    others: list[OtherDocument] = field(default_factory=list)
    lists: int = 0  # how many List documents it held (an empty List still counts)


@record
class InputRead:
    files: list[FileRead] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def objects(self) -> list[KubeObject]:
        return [obj for read in self.files for obj in read.objects]

    @property
    def others(self) -> list[OtherDocument]:
        return [doc for read in self.files for doc in read.others]

    @property
    def checked(self) -> list[str]:
        return [read.name for read in self.files]


class _Problem(Exception):
    def __init__(self, message: str, line: int | None, column: int | None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


def expand_names(names: list[str]) -> tuple[list[str], list[str]]:
    """Files to read for `names` (a directory contributes its `*.json|yaml|yml` files, sorted)
    and the directories that held none."""
    files: list[str] = []
    empty: list[str] = []
    for name in names:
        if name != "-" and os.path.isdir(name):
            entries = sorted(
                entry.path for entry in os.scandir(name)
                if entry.name.endswith(INPUT_SUFFIXES) and entry.is_file()
            )
            if not entries:
                empty.append(name)
            files.extend(entries)
        else:
            files.append(name)
    return files, empty


def read_inputs(
    names: list[str],
    *,
    input_rule: str,
    what: str,
    stdin: Callable[[], bytes] | None = None,
) -> InputRead:
    """Read every file, directory or `-` in `names`. `what` names the input in messages
    ("deployed objects", "cluster facts")."""
    from chartgen.values.loader import STDIN_NAME, read_bounded

    result = InputRead()
    files, empty = expand_names(names)
    for directory in empty:
        result.findings.append(Finding(
            input_rule, Severity.ERROR,
            f"directory holds no .json, .yaml or .yml file of {what}",
            hint="Write the kubectl output into files ending in .json or .yaml there.",
            location=Location(directory),
        ))
    for name in files:
        shown = STDIN_NAME if name == "-" else name
        raw, problem = read_bounded(name, MAX_BYTES, stdin)
        if problem is not None or raw is None:
            reason = problem.message.removeprefix("cannot read values file: ") if problem else ""
            result.findings.append(Finding(
                UNREADABLE.id, Severity.ERROR, f"cannot read {what}: {reason}",
                hint="Check the path and its permissions.", location=Location(shown),
                environment=True,
            ))
            continue
        read = FileRead(shown)
        result.files.append(read)
        try:
            _read_text(read, _decode(raw, what), input_rule)
        except _Problem as exc:
            result.findings.append(Finding(
                input_rule, Severity.ERROR, exc.message, hint=exc.hint,
                location=Location(shown, exc.line, exc.column),
            ))
    return result


def _decode(raw: bytes, what: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _Problem(f"larger than {MAX_BYTES:,} bytes; chartgen reads {what} up to that size",
                       None, None, "Narrow the kubectl command (a namespace, a label selector).")
    if b"\x00" in raw[:8192]:
        raise _Problem("binary data (NUL bytes), not kubectl or helm output", None, None,
                       "Pass the output of the kubectl or helm command itself.")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _Problem(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                       line, None, "kubectl and helm print UTF-8; pass their output unchanged."
                       ) from None


class _Lines:
    """1-based (line, column) of a character offset."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _read_text(read: FileRead, text: str, input_rule: str) -> None:
    stripped = text.lstrip()
    if not stripped:
        return  # `kubectl get ... --ignore-not-found` that found nothing prints nothing
    documents = _json_documents(text) if stripped[0] in "{[" else _yaml_documents(text)
    for document in documents:
        _add_document(read, document)


@record
class _Document:
    value: Any
    line: int
    column: int
    items: list[tuple[int, int]] | None = None  # where each `items` entry starts


def _add_document(read: FileRead, document: _Document) -> None:
    value = document.value
    where = Location(read.name, document.line, document.column)
    if value is None:
        return  # an empty YAML document (helm prints them for templates that render nothing)
    if isinstance(value, dict) and _is_list(value):
        read.lists += 1
        items = value["items"]
        for index, item in enumerate(items):
            line, column = (document.items[index] if document.items and index < len(document.items)
                            else (document.line, document.column))
            _add_object(read, item, Location(read.name, line, column), f"$.items[{index}]")
        return
    if isinstance(value, dict) and "kind" in value and "apiVersion" in value:
        _add_object(read, value, where, "$")
        return
    read.others.append(OtherDocument(value, where))


def _is_list(value: dict[str, Any]) -> bool:
    kind = value.get("kind")
    return isinstance(kind, str) and kind.endswith("List") and isinstance(value.get("items"), list)


def _add_object(read: FileRead, data: Any, location: Location, path: str) -> None:
    problem = object_problem(data)
    if problem is not None:
        raise _Problem(f"{path}: {problem}", location.line, location.column,
                       "Every object needs apiVersion, kind and metadata.name, as kubectl and "
                       "helm print them.")
    read.objects.append(KubeObject(data, location, path))


def object_problem(data: Any) -> str | None:
    """Why `data` is not a Kubernetes object chartgen can identify, or None."""
    if not isinstance(data, dict):
        return f"not a Kubernetes object (a {type(data).__name__})"
    for key in ("apiVersion", "kind"):
        if not isinstance(data.get(key), str) or not data[key]:
            return f"not a Kubernetes object: no {key}"
    metadata = data.get("metadata")
    if not isinstance(metadata, dict) or not isinstance(metadata.get("name"), str) \
            or not metadata["name"]:
        return f"{data['kind']} without metadata.name"
    namespace = metadata.get("namespace")
    if namespace is not None and not isinstance(namespace, str):
        return f"{data['kind']} {metadata['name']}: metadata.namespace is not a string"
    return None


# -- JSON --------------------------------------------------------------------------------------


def _json_documents(text: str) -> Iterator[_Document]:
    lines = _Lines(text)
    decoder = json.JSONDecoder()
    index = 0
    length = len(text)

    def skip(at: int) -> int:
        while at < length and text[at] in " \t\r\n":
            at += 1
        return at

    def fail(message: str, at: int) -> _Problem:
        line, column = lines.at(min(at, length))
        return _Problem(message, line, column,
                        "Pass the output of `kubectl ... -o json` unchanged.")

    def decode(at: int) -> tuple[Any, int]:
        try:
            return decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            raise fail(f"not valid JSON: {exc.msg}", exc.pos) from None
        except RecursionError:
            raise fail(f"nested too deeply (chartgen reads up to {MAX_DEPTH} levels)", at) \
                from None

    while True:
        index = skip(index)
        if index >= length:
            return
        start = index
        line, column = lines.at(start)
        if text[index] != "{":
            value, index = decode(index)
            yield _Document(value, line, column)
            continue
        # A top-level object is walked key by key so that the entries of `items` keep their
        # positions; each value is decoded by the C scanner.
        result: dict[str, Any] = {}
        items: list[tuple[int, int]] | None = None
        index = skip(index + 1)
        if index < length and text[index] == "}":
            yield _Document(result, line, column)
            index += 1
            continue
        while True:
            index = skip(index)
            if index >= length or text[index] != '"':
                raise fail("not valid JSON: expected a quoted key", index)
            try:
                key, index = _scanstring(text, index + 1)
            except json.JSONDecodeError as exc:
                raise fail(f"not valid JSON: {exc.msg}", exc.pos) from None
            if key in result:
                raise fail(f"not valid JSON: key {key!r} appears twice", index)
            index = skip(index)
            if index >= length or text[index] != ":":
                raise fail("not valid JSON: expected ':'", index)
            index = skip(index + 1)
            if key == "items" and index < length and text[index] == "[":
                entries: list[Any] = []
                items = []
                index = skip(index + 1)
                if index < length and text[index] == "]":
                    index += 1
                else:
                    while True:
                        index = skip(index)
                        items.append(lines.at(index))
                        entry, index = decode(index)
                        entries.append(entry)
                        index = skip(index)
                        if index < length and text[index] == ",":
                            index += 1
                            continue
                        if index < length and text[index] == "]":
                            index += 1
                            break
                        raise fail("not valid JSON: expected ',' or ']'", index)
                result[key] = entries
            else:
                result[key], index = decode(index)
            index = skip(index)
            if index < length and text[index] == ",":
                index += 1
                continue
            if index < length and text[index] == "}":
                index += 1
                break
            raise fail("not valid JSON: expected ',' or '}'", index)
        yield _Document(result, line, column, items)


# -- YAML ----------------------------------------------------------------------------------------

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVED_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "map", "seq")
}


def _yaml_documents(text: str) -> Iterator[_Document]:
    """Documents built from parser events with an explicit stack: no recursion, so nesting
    is bounded by MAX_DEPTH rather than by the interpreter (ruamel's C composer recurses once
    per level)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    parser = YAML(typ="safe", pure=False)
    anchors: dict[str, tuple[Any, int]] = {}
    budget = [MAX_VALUES]

    def problem(message: str, mark: Any, hint: str = "") -> _Problem:
        return _Problem(message, mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None,
                        hint or "Pass the output of helm or kubectl unchanged.")

    def spend(count: int, mark: Any) -> None:
        budget[0] -= count
        if budget[0] < 0:
            raise problem(f"holds more than {MAX_VALUES:,} values (anchors included)", mark)

    # Each open collection: [container, key-or-None (mappings), anchor, size, start mark,
    # item starts (root's `items` only)].
    stack: list[list[Any]] = []
    root: Any = None
    root_mark: Any = None
    root_items: list[tuple[int, int]] | None = None
    has_root = False

    def add(value: Any, size: int, mark: Any, anchor: str | None) -> None:
        nonlocal root, root_mark, has_root
        if anchor:
            anchors[anchor] = (value, size)
        if not stack:
            root, root_mark, has_root = value, mark, True
            return
        top = stack[-1]
        top[3] += size
        container = top[0]
        if isinstance(container, list):
            if top[5] is not None:
                top[5].append((mark.line + 1, mark.column + 1))
            container.append(value)
            return
        if top[1] is None:  # a key
            if isinstance(value, (dict, list)):
                raise problem("a mapping key is a collection; Kubernetes keys are strings", mark)
            top[1] = ("",) if value is None else (_key_text(value),)
            return
        key = top[1][0]
        if key in container:
            raise problem(f"duplicate key {key!r}", mark,
                          "kubectl refuses an object with a key written twice; keep one.")
        container[key] = value
        top[1] = None

    try:
        for event in parser.parse(text):
            kind = type(event)
            if kind is ScalarEvent:
                spend(1, event.start_mark)
                if stack and isinstance(stack[-1][0], dict) and stack[-1][1] is None:
                    # A key keeps its text: sigs.k8s.io/yaml turns every key into a string.
                    value = event.value
                else:
                    value = _scalar(event, problem)
                add(value, 1, event.start_mark, event.anchor)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                spend(1, event.start_mark)
                if len(stack) >= MAX_DEPTH:
                    raise problem(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
                if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                    raise problem(f"unsupported YAML tag {event.tag}", event.start_mark)
                container: Any = {} if kind is MappingStartEvent else []
                collect = (kind is SequenceStartEvent and len(stack) == 1
                           and isinstance(stack[0][0], dict) and stack[0][1] == ("items",))
                stack.append([container, None, event.anchor, 1, event.start_mark,
                              [] if collect else None])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                container, _, anchor, size, mark, items = stack.pop()
                if items is not None:
                    root_items = items
                add(container, size, mark, anchor)
            elif kind is AliasEvent:
                if event.anchor not in anchors:
                    raise problem(f"unknown alias *{event.anchor}", event.start_mark)
                value, size = anchors[event.anchor]
                spend(size, event.start_mark)
                add(value, size, event.start_mark, None)
            elif kind is DocumentStartEvent:
                root, root_mark, has_root, root_items = None, None, False, None
                anchors.clear()
            elif kind is DocumentEndEvent and has_root:
                # Where the document's content starts (its `apiVersion:` line, say), not its
                # `---`.
                yield _Document(root, root_mark.line + 1, root_mark.column + 1, root_items)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise problem(f"not valid YAML: {exc.problem or exc.context}", mark) from None
    except YAMLError as exc:
        raise _Problem(f"not valid YAML: {exc}", None, None) from None


def _is_plain(event: Any) -> bool:
    return not event.style


def _key_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _scalar(event: Any, problem: Callable[..., _Problem]) -> Any:
    from chartgen.values.go_yaml import resolve_plain_scalar

    tag = event.tag
    if tag == _STR_TAG or (tag is None and not _is_plain(event)) or tag == "!":
        return event.value
    if tag is not None and tag not in _RESOLVED_TAGS:
        raise problem(f"unsupported YAML tag {tag}", event.start_mark)
    try:
        return resolve_plain_scalar(event.value)
    except ValueError as exc:
        raise problem(str(exc), event.start_mark) from None
