"""Audited files: JSON read with the line and column where every value starts.

Python's json module keeps no positions, so the reader walks objects and arrays itself and
leaves strings, numbers and literals to the json module's own scanner; findings then point at
the line of the audited file that explains them.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from chartgen.findings import Location
from chartgen.record import record

# The decoder's own string scanner: exact JSON string rules, escapes included.
scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009 (not in the type stubs)

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64

JsonPath = tuple[str | int, ...]


class JsonError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@record
class Located:
    """A parsed JSON document and the (line, column) where every value starts."""

    data: Any
    positions: dict[JsonPath, tuple[int, int]]


def parse_json(text: str) -> Located:
    """JSON → data, recording where each value starts (1-based line and column)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder()
    positions: dict[JsonPath, tuple[int, int]] = {}

    def where(index: int) -> tuple[int, int]:
        line = bisect_right(starts, index)
        return line, index - starts[line - 1] + 1

    def skip(index: int) -> int:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        return index

    def fail(message: str, index: int) -> JsonError:
        line, column = where(min(index, len(text)))
        return JsonError(message, line, column)

    def value(index: int, path: JsonPath, depth: int) -> tuple[Any, int]:
        index = skip(index)
        if depth > MAX_DEPTH:
            raise fail(f"nested deeper than {MAX_DEPTH} levels", index)
        if index >= len(text):
            raise fail("unexpected end of the document", index)
        positions[path] = where(index)
        char = text[index]
        if char == "{":
            result: dict[str, Any] = {}
            index = skip(index + 1)
            if index < len(text) and text[index] == "}":
                return result, index + 1
            while True:
                index = skip(index)
                if index >= len(text) or text[index] != '"':
                    raise fail("expected a quoted key", index)
                key, index = scanstring(text, index + 1)
                index = skip(index)
                if index >= len(text) or text[index] != ":":
                    raise fail("expected ':' after a key", index)
                result[key], index = value(index + 1, (*path, key), depth + 1)
                index = skip(index)
                if index < len(text) and text[index] == ",":
                    index += 1
                    continue
                if index < len(text) and text[index] == "}":
                    return result, index + 1
                raise fail("expected ',' or '}'", index)
        if char == "[":
            items: list[Any] = []
            index = skip(index + 1)
            if index < len(text) and text[index] == "]":
                return items, index + 1
            while True:
                item, index = value(index, (*path, len(items)), depth + 1)
                items.append(item)
                index = skip(index)
                if index < len(text) and text[index] == ",":
                    index += 1
                    continue
                if index < len(text) and text[index] == "]":
                    return items, index + 1
                raise fail("expected ',' or ']'", index)
        try:
            return decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise fail(exc.msg, exc.pos) from None

    data, end = value(0, (), 0)
    if skip(end) != len(text):
        raise fail("extra data after the JSON document", skip(end))
    return Located(data, positions)


def json_path(path: JsonPath) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@record
class Audited:
    """One audited file, reduced to what it grants, with positions for findings."""

    name: str
    located: Located
    root: JsonPath = ()  # where the policy sits in the file

    def location(self, path: JsonPath) -> Location:
        full = (*self.root, *path)
        while full and full not in self.located.positions:
            full = full[:-1]
        line, column = self.located.positions.get(full, (1, 1))
        return Location(self.name, line, column)

    def at(self, path: JsonPath) -> tuple[str, Location]:
        return json_path((*self.root, *path)), self.location(path)


def dig(data: Any, path: JsonPath) -> Any:
    """The value at `path` in `data`, or None."""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data
