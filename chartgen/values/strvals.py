"""Helm's ``strvals`` grammar: the parser behind ``helm --set`` and its siblings.

This module owns turning one command-line override expression (``--set``,
``--set-string``, ``--set-json``, ``--set-file`` or ``--set-literal``) into
values, with the same result Helm's ``pkg/strvals`` produces, quirks included:

* ``mode="set"`` types scalars like Helm's ``typedVal``: ``true``/``false``/``null``
  (any letter case) become bool/None, base-10 integers that fit in int64 and do
  not start with ``0`` become int (``+7`` and ``-007`` are ints, ``007`` is not),
  everything else (floats, ``1e3``, ``0x10``) stays a string.
* ``mode="string"`` keeps every scalar a string; ``{a,b}`` lists still work.
* ``mode="json"`` reads one JSON document per assignment (an empty value is null).
  Go decodes JSON numbers to float64: integer literals come back as ``int`` while
  a float64 holds them exactly (up to 2**53), beyond that as the float Helm holds;
  numbers out of float64 range are an error, and lone UTF-16 surrogate escapes
  become U+FFFD.
* ``mode="file"`` reads each value (and each ``{a,b}`` list item) as a file path
  through ``read_file`` and stores the file's text.
* ``mode="literal"`` takes everything after the first ``=`` verbatim.

Quirks kept on purpose because Helm has them: an expression that ends inside a
key path stops without error (``a.`` and ``a[0`` add nothing, ``a[0]`` and
``a[0].b=`` leave ``a`` an empty list), empty keys are never stored (``.a=1`` and
``=1`` are no-ops), ``a={}`` is ``[""]``, text right after a closing ``}`` or a
JSON value starts a new key (``a={1}b=2``), and indices above 65536 or key paths
nested more than 30 maps deep are errors.  On error, ``base`` may be partly
modified, as with Helm.
Unlike Helm, chartgen bounds what one command line can build (``SetLimits``,
shared by every expression of one run): a key path or a ``--set-json`` value
nested deeper than the values files may be (128 levels), and more list entries
created by indices than a values file may hold (200,000 — ``x0[65536]=1,x1[65536]=1,…``
would otherwise take gigabytes) are errors with ``limit`` set.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, Literal

from chartgen.record import record
from chartgen.values.limits import MAX_DEPTH, MAX_NODES
from chartgen.values.provenance import kind_name

__all__ = [
    "MAX_INDEX",
    "MAX_NESTED_NAME_LEVEL",
    "Mode",
    "SetLimits",
    "StrvalsError",
    "parse",
    "parse_into",
]

Mode = Literal["set", "string", "json", "file", "literal"]
_ValuePath = tuple[str | int, ...]

#: Largest list index Helm accepts (``strvals.MaxIndex``).
MAX_INDEX = 65536
#: Deepest ``a.b.c`` map nesting Helm accepts (``strvals.MaxNestedNameLevel``).
MAX_NESTED_NAME_LEVEL = 30

_MODES: frozenset[str] = frozenset(("set", "string", "json", "file", "literal"))

_KEY_STOP = frozenset("=[,.")
_LITERAL_KEY_STOP = frozenset("=[.")
_INDEX_STOP = frozenset("]")
_ITEM_STOP = frozenset("[.=")
_VAL_STOP = frozenset(",")
_LIST_STOP = frozenset(",}")

# Go's unicode.IsSpace: the Unicode White_Space property (narrower than str.isspace,
# which also accepts U+001C..U+001F).
_GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# strconv.Atoi / ParseInt(s, 10, 64): optional sign, ASCII digits, nothing else.
_GO_INT = re.compile(r"[+-]?[0-9]+")
_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_SURROGATE = re.compile("[\ud800-\udfff]")
_FLOAT_EXACT_INT = 2**53


class StrvalsError(ValueError):
    """A ``--set`` style expression Helm would reject.

    ``expression`` is the whole expression, ``position`` the 0-based character
    offset where parsing failed (None when not known) and ``message`` (also
    ``str(e)``) says what is wrong.
    """

    def __init__(
        self, message: str, expression: str, position: int | None = None, *, limit: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.expression = expression
        self.position = position
        self.limit = limit  # chartgen's own bound, not Helm's grammar


@record
class SetLimits:
    """chartgen's bounds on what ``--set`` expressions build, shared by all of one run's flags.

    ``max_depth`` bounds key paths (maps and lists) and ``--set-json`` values alike, as values
    files are bounded; ``list_entries`` is what indices may still add to lists (each index
    pads a list with nulls up to it).
    """

    max_depth: int = MAX_DEPTH
    list_entries: int = MAX_NODES
    # A list index left open at the end (`a[0`): Helm 4 drops it silently, Helm 3 (v3.19:
    # "error parsing index: EOF") refuses the whole expression. The command line refuses it
    # (it sets nothing either way); the parser on its own follows Helm 4, which the tests'
    # in-process Helm SDK embeds.
    refuse_unfinished_index: bool = False


# Tokens of a JSON text that matter for its nesting: escapes, quotes and brackets. No nested
# quantifier, so scanning is linear whatever the text.
_JSON_STRUCTURE = re.compile(r'\\.|["\[\]{}]')


def json_depth_exceeds(text: str, start: int, limit: int) -> int | None:
    """The offset where the JSON value at ``start`` first nests deeper than ``limit``, if it
    does. Python's decoder recurses per level, so this runs before it, in linear time."""
    if text[start : start + 1] not in ("[", "{"):
        return None  # a scalar: the text after it belongs to the next assignment
    depth = 0
    in_string = False
    for match in _JSON_STRUCTURE.finditer(text, start):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif in_string or token[0] == "\\":
            continue
        elif token in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        else:
            depth -= 1
            if depth <= 0:
                return None
    return None


class _JsonReject(Exception):
    """Raised from the JSON hooks for input Go's decoder refuses."""


def _reject_constant(name: str) -> Any:
    raise _JsonReject(f"invalid JSON literal {name!r} (NaN and Infinity are not JSON)")


def _json_float(text: str) -> Any:
    value = float(text)
    if math.isinf(value):
        raise _JsonReject(f"number {text} does not fit in a float64")
    return value


def _json_int(text: str) -> Any:
    value = float(text)
    if math.isinf(value):
        raise _JsonReject(f"number {text} does not fit in a float64")
    # Go keeps every JSON number as float64; show the integral ones as int while
    # they are exact, like a YAML reader would.
    return int(value) if abs(value) <= _FLOAT_EXACT_INT else value


_JSON = json.JSONDecoder(
    parse_float=_json_float, parse_int=_json_int, parse_constant=_reject_constant
)


def _fix_surrogates(value: Any) -> Any:
    """Replace lone surrogates (from ``\\udXXX`` escapes) with U+FFFD, as Go does."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_fix_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_fix_surrogates(k): _fix_surrogates(v) for k, v in value.items()}
    return value


def _fold_equal(text: str, word: str) -> bool:
    """Go's strings.EqualFold against a lowercase ASCII word."""
    if len(text) != len(word):
        return False
    for c, w in zip(text, word, strict=True):
        if c != w and c != w.upper() and not (w == "s" and c == "\u017f"):
            return False
    return True


def typed_value(text: str) -> Any:
    """Helm's typedVal for ``--set``."""
    if _fold_equal(text, "true"):
        return True
    if _fold_equal(text, "false"):
        return False
    if _fold_equal(text, "null"):
        return None
    if text == "0":
        return 0
    if text and text[0] != "0" and _GO_INT.fullmatch(text):
        digits = text.lstrip("+-").lstrip("0") or "0"
        if len(digits) <= 19:
            number = -int(digits) if text[0] == "-" else int(digits)
            if _INT64_MIN <= number <= _INT64_MAX:
                return number
    return text


def _go_quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _read_local_file(path: str) -> str:
    # Go keeps the raw bytes; invalid UTF-8 would reach YAML/JSON as U+FFFD.
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    # Helm never stores an empty key.
    if key:
        data[key] = value


class _Parser:
    """One pass over one expression; methods return True when input ran out (Go's io.EOF)."""

    def __init__(
        self, text: str, mode: Mode, read_file: Callable[[str], str], limits: SetLimits
    ) -> None:
        self.limits = limits
        self.text = text
        self.pos = 0
        self.mode = mode
        self.literal = mode == "literal"
        self.read_file = read_file
        self.assigned: _ValuePath | None = None

    # -- errors and scanning -------------------------------------------------

    def fail(self, message: str, position: int | None = None) -> StrvalsError:
        return StrvalsError(message, self.text, self.pos if position is None else position)

    def over_limit(self, message: str, position: int | None = None) -> StrvalsError:
        at = self.pos if position is None else position
        return StrvalsError(message, self.text, at, limit=True)

    def check_depth(self, path: _ValuePath, at: int) -> None:
        if len(path) > self.limits.max_depth:
            raise self.over_limit(
                f"the key path nests more than {self.limits.max_depth} levels deep", at
            )

    def mismatch(self, where: str, existing: Any, wanted: str, at: int) -> StrvalsError:
        # Helm panics on the failed type assertion and reports "unable to parse key".
        return self.fail(
            f"unable to parse key: {where} holds a {kind_name(existing)}, not {wanted}", at
        )

    def until(self, stop: frozenset[str]) -> tuple[str, str | None]:
        """Read up to a stop character (consumed, returned) or the end (None)."""
        text, i, end = self.text, self.pos, len(self.text)
        out: list[str] = []
        escapes = not self.literal
        while i < end:
            c = text[i]
            i += 1
            if c in stop:
                self.pos = i
                return "".join(out), c
            if c == "\\" and escapes:
                if i >= end:
                    break
                out.append(text[i])
                i += 1
            else:
                out.append(c)
        self.pos = end
        return "".join(out), None

    def convert(self, raw: str, at: int) -> Any:
        if self.mode == "set":
            return typed_value(raw)
        if self.mode == "file":
            try:
                return self.read_file(raw)
            except OSError as exc:
                raise self.fail(f"cannot read file {raw!r}: {exc}", at) from exc
        return raw

    def empty_value(self) -> bool:
        """Skip blanks and one comma; True if nothing but that was left."""
        text, end = self.text, len(self.text)
        while self.pos < end:
            c = text[self.pos]
            self.pos += 1
            if c == ",":
                return True
            if c not in _GO_SPACE:
                self.pos -= 1
                return False
        return True

    def json_value(self, depth: int) -> Any:
        start = self.pos
        allowed = self.limits.max_depth - depth
        too_deep = json_depth_exceeds(self.text, start, allowed)
        if too_deep is not None:
            raise self.over_limit(
                f"the JSON value nests more than {self.limits.max_depth} levels deep together "
                "with its key path",
                too_deep,
            )
        try:
            value, end = _JSON.raw_decode(self.text, start)
        except json.JSONDecodeError as exc:
            raise self.fail(f"invalid JSON value: {exc.msg}", exc.pos) from exc
        except _JsonReject as exc:
            raise self.fail(f"invalid JSON value: {exc}", start) from exc
        except RecursionError as exc:
            raise self.fail("JSON value nests too deeply", start) from exc
        if isinstance(value, (int, float)) and not isinstance(value, bool) and end < len(self.text):
            # Python stops a number where its grammar ends; Go's scanner commits to
            # a fraction after "." and an exponent after "e" and fails if none follows.
            token, nxt = self.text[start:end], self.text[end]
            has_frac, has_exp = "." in token, "e" in token or "E" in token
            if (nxt == "." and not has_frac and not has_exp) or (nxt in "eE" and not has_exp):
                raise self.fail(f"invalid JSON number {self.text[start : end + 1]!r}", end)
        self.pos = end
        if "\\" in self.text[start:end]:
            value = _fix_surrogates(value)
        return value

    def value_list(self) -> tuple[str, list[Any]]:
        """``{a,b}`` list: ("eof", _), ("list", items) or ("scalar", _) when no ``{``."""
        if self.pos >= len(self.text):
            return "eof", []
        if self.text[self.pos] != "{":
            return "scalar", []
        self.pos += 1
        items: list[Any] = []
        while True:
            at = self.pos
            raw, last = self.until(_LIST_STOP)
            if last is None:
                raise self.fail("list must terminate with '}'")
            items.append(self.convert(raw, at))
            if last == "}":
                if self.pos < len(self.text) and self.text[self.pos] == ",":
                    self.pos += 1
                return "list", items

    # -- grammar -------------------------------------------------------------

    def key(self, data: dict[str, Any], level: int, path: _ValuePath) -> bool:
        start = self.pos
        k, last = self.until(_LITERAL_KEY_STOP if self.literal else _KEY_STOP)
        if last is None:
            if not k:
                return True
            raise self.fail(f"key {_go_quote(k)} has no value", start)
        here = (*path, k)
        self.check_depth(here, start)
        if last == "[":
            index, eof = self.index()
            if eof:
                return True
            items: list[Any] = []
            if k in data:
                existing = data[k]
                if not isinstance(existing, list):
                    raise self.mismatch(_go_quote(k), existing, "a list", start)
                items = existing
            items, eof = self.list_item(items, index, level, here)
            _put(data, k, items)
            return eof
        if last == "=":
            self.assigned = here
            value, eof = self.value(len(here))
            _put(data, k, value)
            return eof
        if last == ",":
            raise self.fail(f"key {_go_quote(k)} has no value (cannot end with ,)", start)
        # last == "."
        level += 1
        if level > MAX_NESTED_NAME_LEVEL:
            raise self.fail(
                "value name nested level is greater than maximum supported nested level "
                f"of {MAX_NESTED_NAME_LEVEL}"
            )
        inner: dict[str, Any] = {}
        if k in data:
            existing = data[k]
            if not isinstance(existing, dict):
                raise self.mismatch(_go_quote(k), existing, "a map", start)
            inner = existing
        eof = self.key(inner, level, here)
        if not inner:
            if not eof:
                raise self.fail(f"key map {_go_quote(k)} has no value", start)
            return True
        _put(data, k, inner)
        return eof

    def value(self, depth: int) -> tuple[Any, bool]:
        """The value after ``=`` (already consumed) and its separator.

        The flag is Helm's io.EOF from the ``--set`` list reader: True only when
        nothing at all follows the ``=``.  A key stops the parse on it (so an
        enclosing list item is dropped: ``a[0].b=`` leaves ``a`` empty), a list
        item ignores it.
        """
        if self.literal:
            raw = self.text[self.pos :]
            self.pos = len(self.text)
            return raw, False
        if self.mode == "json":
            if self.empty_value():
                return None, False
            parsed = self.json_value(depth)
            self.empty_value()
            return parsed, False
        kind, items = self.value_list()
        if kind == "eof":
            # Nothing after "=": the empty string, with no conversion (no file read).
            return "", True
        if kind == "list":
            return items, False
        at = self.pos
        raw, _ = self.until(_VAL_STOP)
        return self.convert(raw, at), False

    def index(self) -> tuple[int, bool]:
        start = self.pos
        raw, last = self.until(_INDEX_STOP)
        if last is None:
            if self.limits.refuse_unfinished_index:
                raise self.fail(
                    f"error parsing index: the list index {_go_quote(raw)} is not closed with "
                    "']': Helm 3 refuses the whole expression, Helm 4 ignores the unfinished "
                    "part, and it sets nothing either way",
                    start - 1,
                )
            return 0, True
        if not _GO_INT.fullmatch(raw):
            raise self.fail(f"error parsing index: invalid index {_go_quote(raw)}", start)
        digits = raw.lstrip("+-").lstrip("0") or "0"
        number = int(digits) if len(digits) <= 19 else _INT64_MAX + 1
        if raw[0] == "-":
            number = -number
        if not _INT64_MIN <= number <= _INT64_MAX:
            raise self.fail(f"error parsing index: index {raw} out of range", start)
        return number, False

    def store(self, items: list[Any], index: int, value: Any) -> list[Any]:
        if index < 0:
            raise self.fail(f"negative {index} index not allowed")
        if index > MAX_INDEX:
            raise self.fail(
                f"index of {index} is greater than maximum supported index of {MAX_INDEX}"
            )
        if len(items) <= index:
            added = index + 1 - len(items)
            if added > self.limits.list_entries:
                raise self.over_limit(
                    f"index {index} would add {added:,} list entries; all --set flags together "
                    f"may add at most {MAX_NODES:,}"
                )
            self.limits.list_entries -= added
            items.extend([None] * added)
        items[index] = value
        return items

    def list_item(
        self, items: list[Any], index: int, level: int, path: _ValuePath
    ) -> tuple[list[Any], bool]:
        if index < 0:
            raise self.fail(f"negative {index} index not allowed")
        here = (*path, index)
        start = self.pos
        self.check_depth(here, start)
        extra, last = self.until(_ITEM_STOP)
        if extra:
            raise self.fail(f"unexpected data at end of array index: {_go_quote(extra)}", start)
        if last is None:
            return items, True
        if last == "=":
            self.assigned = here
            return self.store(items, index, self.value(len(here))[0]), False
        if last == "[":
            next_index, eof = self.index()
            if eof:
                return items, True
            current: list[Any] = []
            if len(items) > index and items[index] is not None:
                existing = items[index]
                if not isinstance(existing, list):
                    raise self.mismatch(f"index {index}", existing, "a list", start)
                current = existing
            nested, eof = self.list_item(current, next_index, level, here)
            if eof:
                return items, True
            return self.store(items, index, nested), False
        # last == ".": a map inside the list; a non-map already there is replaced.
        inner: dict[str, Any] = {}
        if len(items) > index:
            existing = items[index]
            if isinstance(existing, dict):
                inner = existing
            else:
                items[index] = inner
        if self.key(inner, level, here):
            return items, True
        return self.store(items, index, inner), False

    def run(self, data: dict[str, Any]) -> list[_ValuePath]:
        paths: list[_ValuePath] = []
        while True:
            self.assigned = None
            try:
                eof = self.key(data, 0, ())
            except RecursionError as exc:
                raise self.fail("expression nests too deeply") from exc
            if self.assigned is not None and _reachable(data, self.assigned):
                paths.append(self.assigned)
            if eof:
                return paths


def _reachable(data: dict[str, Any], path: _ValuePath) -> bool:
    """False for values that landed in a container Helm dropped (under an empty key)."""
    node: Any = data
    for part in path:
        if isinstance(part, str):
            if not isinstance(node, dict) or part not in node:
                return False
        elif not isinstance(node, list) or part >= len(node):
            return False
        node = node[part]
    return True


def parse_into(
    expression: str,
    base: dict[str, Any],
    mode: Mode = "set",
    read_file: Callable[[str], str] | None = None,
    limits: SetLimits | None = None,
) -> list[tuple[str | int, ...]]:
    """Apply one ``--set`` style expression to ``base`` in place, as Helm does.

    ``mode`` picks the flag: "set" (``--set``), "string" (``--set-string``),
    "json" (``--set-json``), "file" (``--set-file``, values are paths given to
    ``read_file``, default: read the local file as UTF-8) or "literal"
    (``--set-literal``).  Returns the path of every value assigned, in order,
    one per ``key=value``.  Raises StrvalsError where Helm reports an error
    (an unreadable file included).
    """
    if mode not in _MODES:
        raise ValueError(f"unknown strvals mode {mode!r}")
    parser = _Parser(expression, mode, read_file or _read_local_file, limits or SetLimits())
    return parser.run(base)


def parse(
    expression: str, mode: Mode = "set", read_file: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """Parse one ``--set`` style expression into a new dict (see parse_into)."""
    values: dict[str, Any] = {}
    parse_into(expression, values, mode, read_file)
    return values
