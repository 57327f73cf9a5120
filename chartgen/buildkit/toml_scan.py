"""TOML with positions: every statement, key and value of a document, with its line and column.

`tomllib` says whether a document is valid TOML and what it means, but not where anything is.
This scanner walks a document that `tomllib` has already accepted and returns its statements
(`[table]`, `[[array.table]]`, `key = value`) with the position of every key and value, so a
finding about `extraConfig` can point at the spot inside it.

It works on TOML's terms only: a line ends at LF or CRLF, nothing else (U+2028, U+2029, U+0085
or a lone CR are ordinary characters inside strings and comments and cannot end a comment).
It is a single forward pass, linear in the length of the document, with no regular expressions;
nesting is bounded by `MAX_DEPTH`, which `tomllib`'s own recursion could not survive anyway.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from typing import Any

from chartgen.record import field, record

# Arrays and inline tables nested deeper than this are refused (tomllib recurses per level).
MAX_DEPTH = 64

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(" \t,]}\n\r#")


class TomlScanError(ValueError):
    """The text is not what the scanner expects (it must be valid TOML), or nests too deeply."""


@record(frozen=True)
class Position:
    """1-based line and column (in characters) and the 0-based character offset."""

    line: int
    column: int
    offset: int


@record(frozen=True)
class TomlKey:
    text: str  # the key as TOML reads it (quotes and escapes resolved)
    position: Position


@record
class TomlValue:
    """A value: `kind` is string, integer, float, boolean, datetime, array or table (inline).

    `raw` is the value's source text; `value` the decoded scalar, a list of `TomlValue` for an
    array, or a list of `TomlEntry` for an inline table.
    """

    kind: str
    position: Position
    raw: str
    value: Any


@record
class TomlEntry:
    keys: tuple[TomlKey, ...]
    value: TomlValue


@record
class TomlStatement:
    """`kind` is "table" (`[a.b]`), "array-table" (`[[a.b]]`) or "entry" (`a.b = value`)."""

    kind: str
    keys: tuple[TomlKey, ...]
    value: TomlValue | None = None
    entries: list[TomlEntry] = field(default_factory=list)

    @property
    def position(self) -> Position:
        return self.keys[0].position


def toml_line_starts(text: str) -> list[int]:
    """Offsets where TOML lines start (after each LF)."""
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def scan(text: str) -> list[TomlStatement]:
    """The statements of `text`, which must be valid TOML (raise `TomlScanError` otherwise)."""
    return _Scanner(text).statements()


def _decode_string(raw: str) -> str:
    # One-line strings without escapes are their content; anything else is decoded by tomllib
    # (a one-line document holding exactly this literal), so the quoting rules are tomllib's.
    if raw[:3] not in ('"""', "'''") and (raw[0] == "'" or "\\" not in raw):
        return raw[1:-1]
    if sys.version_info >= (3, 11):  # imported here: most runs read no TOML at all
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    value = tomllib.loads("v=" + raw)["v"]
    assert isinstance(value, str)
    return value


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.starts = toml_line_starts(text)

    # -- positions and errors --------------------------------------------------------------

    def position(self, offset: int) -> Position:
        line = bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1, offset)

    def fail(self, what: str) -> TomlScanError:
        where = self.position(min(self.i, self.n))
        return TomlScanError(f"{what} at line {where.line}, column {where.column}")

    def peek(self) -> str:
        return self.s[self.i] if self.i < self.n else ""

    def expect(self, token: str) -> None:
        if not self.s.startswith(token, self.i):
            raise self.fail(f"expected {token!r}")
        self.i += len(token)

    # -- trivia ----------------------------------------------------------------------------

    def skip_blanks(self) -> None:
        while self.i < self.n and self.s[self.i] in " \t":
            self.i += 1

    def skip_trivia(self) -> None:
        """Whitespace, comments and line breaks."""
        while True:
            self.skip_blanks()
            char = self.peek()
            if char == "#":
                end = self.s.find("\n", self.i)
                self.i = self.n if end == -1 else end
            elif char == "\n":
                self.i += 1
            elif self.s.startswith("\r\n", self.i):
                self.i += 2
            else:
                return

    # -- statements ------------------------------------------------------------------------

    def statements(self) -> list[TomlStatement]:
        out: list[TomlStatement] = []
        while True:
            self.skip_trivia()
            if self.i >= self.n:
                return out
            if self.s.startswith("[[", self.i):
                self.i += 2
                keys = self.keys()
                self.skip_blanks()
                self.expect("]]")
                out.append(TomlStatement("array-table", keys))
            elif self.peek() == "[":
                self.i += 1
                keys = self.keys()
                self.skip_blanks()
                self.expect("]")
                out.append(TomlStatement("table", keys))
            else:
                entry = self.entry(0)
                out.append(TomlStatement("entry", entry.keys, entry.value))

    def entry(self, depth: int) -> TomlEntry:
        keys = self.keys()
        self.skip_blanks()
        self.expect("=")
        self.skip_blanks()
        return TomlEntry(keys, self.value(depth))

    def keys(self) -> tuple[TomlKey, ...]:
        parts: list[TomlKey] = []
        while True:
            self.skip_blanks()
            start = self.i
            char = self.peek()
            if char == '"':
                end = self.basic_string_end(start)
                text = _decode_string(self.s[start:end])
            elif char == "'":
                end = self.s.find("'", start + 1) + 1
                if end == 0:
                    raise self.fail("unterminated literal key")
                text = self.s[start + 1 : end - 1]
            else:
                end = start
                while end < self.n and self.s[end] in _BARE_KEY:
                    end += 1
                if end == start:
                    raise self.fail("expected a key")
                text = self.s[start:end]
            parts.append(TomlKey(text, self.position(start)))
            self.i = end
            self.skip_blanks()
            if self.peek() != ".":
                return tuple(parts)
            self.i += 1

    # -- values ----------------------------------------------------------------------------

    def value(self, depth: int) -> TomlValue:
        if depth > MAX_DEPTH:
            raise self.fail(f"arrays or inline tables nested more than {MAX_DEPTH} deep")
        start = self.i
        s = self.s
        char = self.peek()
        if s.startswith('"""', start):
            end = self.multiline_end(start, '"')
            return self.string(start, end)
        if char == '"':
            return self.string(start, self.basic_string_end(start))
        if s.startswith("'''", start):
            return self.string(start, self.multiline_end(start, "'"))
        if char == "'":
            end = s.find("'", start + 1) + 1
            if end == 0:
                raise self.fail("unterminated literal string")
            return self.string(start, end)
        if char == "[":
            return self.array(depth)
        if char == "{":
            return self.inline_table(depth)
        return self.scalar()

    def string(self, start: int, end: int) -> TomlValue:
        self.i = end
        raw = self.s[start:end]
        return TomlValue("string", self.position(start), raw, _decode_string(raw))

    def basic_string_end(self, start: int) -> int:
        """Offset just past the closing quote of the one-line basic string at `start`."""
        j = start + 1
        while j < self.n:
            char = self.s[j]
            if char == "\\":
                j += 2
            elif char == '"':
                return j + 1
            elif char == "\n":
                break
            else:
                j += 1
        self.i = j
        raise self.fail("unterminated string")

    def multiline_end(self, start: int, quote: str) -> int:
        """Offset just past the closing delimiter of the multi-line string at `start`.

        A run of quotes closes the string with its last three; up to two before them belong to
        the content (`\"\"\"a\"\"\"\"` is `a"`).
        """
        j = start + 3
        while j < self.n:
            char = self.s[j]
            if char == "\\" and quote == '"':
                j += 2
            elif char == quote:
                k = j
                while k < self.n and self.s[k] == quote:
                    k += 1
                if k - j >= 3:
                    return k
                j = k
            else:
                j += 1
        self.i = j
        raise self.fail("unterminated multi-line string")

    def array(self, depth: int) -> TomlValue:
        start = self.i
        self.i += 1
        items: list[TomlValue] = []
        while True:
            self.skip_trivia()
            if self.peek() == "]":
                self.i += 1
                break
            if self.i >= self.n:
                raise self.fail("unterminated array")
            items.append(self.value(depth + 1))
            self.skip_trivia()
            if self.peek() == ",":
                self.i += 1
            elif self.peek() != "]":
                raise self.fail("expected ',' or ']'")
        return TomlValue("array", self.position(start), self.s[start : self.i], items)

    def inline_table(self, depth: int) -> TomlValue:
        start = self.i
        self.i += 1
        entries: list[TomlEntry] = []
        while True:
            self.skip_blanks()
            if self.peek() == "}":
                self.i += 1
                break
            if self.i >= self.n:
                raise self.fail("unterminated inline table")
            entries.append(self.entry(depth + 1))
            self.skip_blanks()
            if self.peek() == ",":
                self.i += 1
            elif self.peek() != "}":
                raise self.fail("expected ',' or '}'")
        return TomlValue("table", self.position(start), self.s[start : self.i], entries)

    def scalar(self) -> TomlValue:
        """A boolean, number or date/time: everything up to the next delimiter."""
        start = self.i
        end = start
        while end < self.n and self.s[end] not in _SCALAR_END:
            end += 1
        token = self.s[start:end]
        # A date and a time may be separated by a space: `1979-05-27 07:32:00`.
        if (
            len(token) == 10
            and token[4:5] == "-"
            and end + 1 < self.n
            and self.s[end] == " "
            and self.s[end + 1].isdigit()
        ):
            end += 1
            while end < self.n and self.s[end] not in _SCALAR_END:
                end += 1
            token = self.s[start:end]
        if not token:
            raise self.fail("expected a value")
        self.i = end
        position = self.position(start)
        if token in ("true", "false"):
            return TomlValue("boolean", position, token, token == "true")
        digits = token.lstrip("+-")
        if digits in ("inf", "nan"):
            return TomlValue("float", position, token, float(token))
        if ":" in token or (len(token) >= 10 and token[4:5] == "-" and token[:4].isdigit()):
            return TomlValue("datetime", position, token, token)
        plain = token.replace("_", "")
        if digits[:2] in ("0x", "0o", "0b"):
            return TomlValue("integer", position, token, int(plain, 0))
        if any(c in token for c in ".eE"):
            return TomlValue("float", position, token, float(plain))
        try:
            return TomlValue("integer", position, token, int(plain, 10))
        except ValueError:
            raise self.fail(f"unexpected value {token!r}") from None
