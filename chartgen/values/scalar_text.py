"""Where a character of a string value was written: a spot inside a value, mapped to its source.

A finding about `extraConfig` knows a line and column inside the TOML text; the user needs the
line and column in the values file, where the text is a YAML scalar — plain, quoted, literal
(`|`) or folded (`>`) — or in the `--set-file` file or `--set` expression that gave it.

`ScalarText` remembers the scalar's source text and style. `locate` rebuilds the value from the
source, character by character, the way the YAML style reads it, recording where each character
came from; only if the rebuilt text equals the loaded value is a position returned, so a style
this module reads differently from the YAML parser can never yield a wrong line — only none.
Everything is linear in the size of the scalar.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from chartgen.findings import Location
from chartgen.record import record

# YAML 1.1 line breaks, as libyaml counts lines (and as every other finding's line counts).
_YAML_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_YAML_BLANKS = " \t"
_DOUBLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


@record(frozen=True)
class ScalarText:
    """The source of one string value.

    `style` is the YAML style (`""` plain, `'`, `"`, `|`, `>`), `raw` for text taken verbatim
    (a `--set-file` file, the value part of `--set-literal`), or `set` for the value part of a
    `--set`/`--set-string` expression (backslash escapes). `text[start:end]` is the scalar's
    source; positions are reported in `source`, counting lines the way `yaml` does for YAML
    sources and by LF otherwise.
    """

    source: str
    text: str
    start: int
    end: int
    style: str

    def locate(self, value: str, line: int, column: int) -> Location | None:
        """Where the character at (`line`, `column`) of `value` (lines split at LF, 1-based)
        was written, or None when that cannot be told for sure."""
        offset = _offset_of(value, line, column)
        if offset is None:
            return None
        indexes = self.source_indexes(value)
        if indexes is None:
            return None
        if offset >= len(indexes):
            offset = len(indexes) - 1
            if offset < 0:
                return None
        return self.location_of(indexes[offset])

    def source_indexes(self, value: str) -> list[int] | None:
        """For each character of `value`, its index in `text` (None if the rebuild differs)."""
        if self.style in ("|", ">"):
            # An explicit indentation indicator counts from the parent's indentation, which is
            # not known here: try each indentation the content allows.
            for indent in _block_indents(self.text, self.start, self.end):
                rebuilt = _block(self.text, self.start, self.end, self.style == ">", indent)
                if rebuilt is None:
                    continue
                chars, indexes = rebuilt
                # The final line breaks depend on chomping; everything before them is exact.
                kept = value.rstrip("\n")
                if "".join(chars).rstrip("\n") == kept:
                    return indexes[: len(kept)] + [indexes[-1] if indexes else self.start] * (
                        len(value) - len(kept)
                    )
            return None
        builder = _REBUILDERS.get(self.style)
        if builder is None:
            return None
        rebuilt = builder(self.text, self.start, self.end)
        if rebuilt is None:
            return None
        chars, indexes = rebuilt
        if "".join(chars) != value:
            return None
        return indexes

    def location_of(self, index: int) -> Location:
        breaks = _YAML_BREAKS if self.style not in ("raw", "set") else frozenset("\n")
        line, line_start = _line_of(self.text, index, breaks)
        if self.style == "set":
            return Location(self.source, 1, index + 1)
        return Location(self.source, line, index - line_start + 1)


def _offset_of(value: str, line: int, column: int) -> int | None:
    if line < 1 or column < 1:
        return None
    start = 0
    for _ in range(line - 1):
        found = value.find("\n", start)
        if found == -1:
            return None
        start = found + 1
    return start + column - 1


def _line_of(text: str, index: int, breaks: frozenset[str]) -> tuple[int, int]:
    """(1-based line, offset of that line's start) of `index` in `text`."""
    starts = _line_starts(text, breaks)
    line = bisect_right(starts, index)
    return line, starts[line - 1]


@lru_cache(maxsize=8)
def _line_starts(text: str, breaks: frozenset[str]) -> tuple[int, ...]:
    # Cached by the text itself (a str caches its hash): a file's findings share one scan.
    starts = [0]
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in breaks:
            if char == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            starts.append(i + 1)
        i += 1
    return tuple(starts)


Rebuilt = tuple[list[str], list[int]]


def _raw(text: str, start: int, end: int) -> Rebuilt:
    return list(text[start:end]), list(range(start, end))


def _set_value(text: str, start: int, end: int) -> Rebuilt:
    """The value part of a `--set` expression: `\\x` is `x`; it ends at an unescaped comma."""
    chars: list[str] = []
    indexes: list[int] = []
    i = start
    while i < end:
        char = text[i]
        if char == "\\" and i + 1 < end:
            chars.append(text[i + 1])
            indexes.append(i)
            i += 2
            continue
        if char == ",":
            break
        chars.append(char)
        indexes.append(i)
        i += 1
    return chars, indexes


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, ends with a break) of each source line in [start, end)."""
    out = []
    i = start
    line_start = start
    while i < end:
        char = text[i]
        if char in _YAML_BREAKS:
            out.append((line_start, i, True))
            i = i + 2 if char == "\r" and text[i + 1 : i + 2] == "\n" else i + 1
            line_start = i
            continue
        i += 1
    if line_start < end:
        out.append((line_start, end, False))
    return out


def _break_char(text: str, index: int) -> str:
    # libyaml reads CR, LF, CRLF and NEL as "\n" and keeps LS and PS as they are.
    char = text[index] if index < len(text) else "\n"
    return char if char in ("\u2028", "\u2029") else "\n"


def _block_indents(text: str, start: int, end: int) -> list[int]:
    """Content indentations to try: the first content line's (auto-detected), else, with an
    explicit indicator, every indentation up to the smallest one of the content lines."""
    lines = _lines(text, start, end)
    if not lines:
        return []
    header = text[lines[0][0] : lines[0][1]].split("#", 1)[0]
    indents = [
        len(content) - len(content.lstrip(" "))
        for content in (text[a:b] for a, b, _ in lines[1:])
        if content.strip(" ")
    ]
    if not indents:
        return [0]
    if not any(c.isdigit() for c in header):
        return [indents[0]]
    return list(range(min(indents), 0, -1))


def _block(text: str, start: int, end: int, folded: bool, indent: int) -> Rebuilt | None:
    """Literal (`|`) and folded (`>`) scalars: the header line, then content lines indented
    by `indent`."""
    lines = _lines(text, start, end)
    if not lines:
        return None
    body = [line for line in lines[1:] if line[2] or text[line[0] : line[1]].strip(" ")]
    chars: list[str] = []
    indexes: list[int] = []
    previous = ""  # "normal" or "more" (more-indented) once a content line was seen
    pending: list[int] = []  # line breaks since the last content line
    for line_start, line_end, _ in body:
        content = text[line_start:line_end]
        if len(content) <= indent and not content.strip(" "):
            pending.append(line_end)  # an empty line
            continue
        body_start = line_start + indent
        kind = "more" if text[body_start : body_start + 1] in (" ", "\t") else "normal"
        if folded and previous == "normal" and kind == "normal":
            if len(pending) == 1:
                chars.append(" ")
                indexes.append(pending[0])
            else:
                for index in pending[1:]:
                    chars.append(_break_char(text, index))
                    indexes.append(index)
        else:
            for index in pending:
                chars.append(_break_char(text, index))
                indexes.append(index)
        chars.extend(text[body_start:line_end])
        indexes.extend(range(body_start, line_end))
        pending = [line_end]
        previous = kind
    for index in pending:
        chars.append(_break_char(text, index))
        indexes.append(index)
    return chars, indexes


def _flow(text: str, start: int, end: int, quote: str) -> Rebuilt | None:
    """Plain, single- or double-quoted scalars: lines folded, escapes decoded."""
    if quote:
        if end - start < 2 or text[start] != quote or text[end - 1] != quote:
            return None
        start, end = start + 1, end - 1
    lines = _lines(text, start, end)
    if not lines or lines[-1][2]:
        lines.append((end, end, False))  # the closing quote starts a line of its own
    chars: list[str] = []
    indexes: list[int] = []
    empties: list[int] = []  # empty lines since the last content
    joined = False  # the previous line ended with an escaped line break
    last = len(lines) - 1
    for number, (line_start, line_end, _) in enumerate(lines):
        a, b = line_start, line_end
        if number > 0:
            while a < b and text[a] in _YAML_BLANKS:
                a += 1
        if number < last:
            while b > a and text[b - 1] in _YAML_BLANKS and not _escaped(text, a, b - 1, quote):
                b -= 1
        if number > 0:
            if a == b and number < last:
                empties.append(line_start)
                continue
            if joined:
                joined = False
            elif empties:
                for index in empties:
                    chars.append("\n")
                    indexes.append(index)
            else:
                chars.append(" ")
                indexes.append(line_start - 1)
            empties = []
        i = a
        while i < b:
            char = text[i]
            if quote == "'" and char == "'" and text[i + 1 : i + 2] == "'":
                chars.append("'")
                indexes.append(i)
                i += 2
                continue
            if quote == '"' and char == "\\":
                if i + 1 >= b:
                    joined = True  # an escaped line break joins the lines directly
                    break
                code = text[i + 1]
                width = _HEX_ESCAPES.get(code)
                if width:
                    try:
                        chars.append(chr(int(text[i + 2 : i + 2 + width], 16)))
                    except ValueError:
                        return None
                    indexes.append(i)
                    i += 2 + width
                    continue
                decoded = _DOUBLE_ESCAPES.get(code)
                if decoded is None:
                    return None
                chars.append(decoded)
                indexes.append(i)
                i += 2
                continue
            chars.append(char)
            indexes.append(i)
            i += 1
    return chars, indexes


def _escaped(text: str, start: int, index: int, quote: str) -> bool:
    """Whether the character at `index` is escaped (an odd run of backslashes before it)."""
    if quote != '"':
        return False
    count = 0
    while index - count - 1 >= start and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


_REBUILDERS: dict[str, Callable[[str, int, int], Rebuilt | None]] = {
    "raw": _raw,
    "set": _set_value,
    "": lambda text, start, end: _flow(text, start, end, ""),
    "'": lambda text, start, end: _flow(text, start, end, "'"),
    '"': lambda text, start, end: _flow(text, start, end, '"'),
}


def set_expression_text(
    flag: str, expression: str, name: str, key: str, value: object
) -> ScalarText | None:
    """The source of the string that `flag expression` set at the dotted `key`, if it is one.

    `--set-file` values are the file's text (positions in that file); `--set-literal` values
    are the rest of the expression; `--set` and `--set-string` values run to the next
    unescaped comma. `name` is how findings name the expression. None when the value is not a
    string, or for `--set-json`, whose JSON escapes are not mapped.
    """
    if not isinstance(value, str):
        return None
    segment = _segments_by_key(expression).get(key)
    if segment is None:
        return None
    value_start, end = segment
    if flag == "--set-file":
        return ScalarText(expression[value_start:end], value, 0, len(value), "raw")
    if flag == "--set-literal":
        return ScalarText(name, expression, value_start, len(expression), "raw")
    if flag in ("--set", "--set-string"):
        return ScalarText(name, expression, value_start, len(expression), "set")
    return None


# The loader asks once per value an expression sets: indexing the expression once keeps that
# linear (a 100 KB `--set a=1,b=2,…` would otherwise be scanned once per assignment).
@lru_cache(maxsize=8)
def _segments_by_key(expression: str) -> dict[str, tuple[int, int]]:
    """The first `key=value` segment of each key: where its value starts, where it ends."""
    index: dict[str, tuple[int, int]] = {}
    for start, end in _segments(expression):
        segment_key, equals, _ = expression[start:end].partition("=")
        if equals:
            index.setdefault(segment_key, (start + len(segment_key) + 1, end))
    return index


def _segments(expression: str) -> list[tuple[int, int]]:
    """`a=1,b=2` → the spans of `a=1` and `b=2` (commas escaped with a backslash stay)."""
    spans = []
    start = 0
    i = 0
    while i < len(expression):
        if expression[i] == "\\":
            i += 2
            continue
        if expression[i] == ",":
            spans.append((start, i))
            start = i + 1
        i += 1
    spans.append((start, len(expression)))
    return spans
