"""The TOML scanner (chartgen/buildkit/toml_scan.py) against tomllib: what it reads from a document is
what tomllib reads, every key and value is where it says, and TOML's line breaks are LF and
CRLF only."""

from __future__ import annotations

import json
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chartgen.buildkit.toml_scan import TomlEntry, TomlValue, scan

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _value(value: TomlValue) -> Any:
    if value.kind == "array":
        return [_value(item) for item in value.value]
    if value.kind == "table":
        out: dict[str, Any] = {}
        for entry in value.value:
            _put(out, [k.text for k in entry.keys], _value(entry.value))
        return out
    if value.kind == "datetime":
        return ("datetime", value.raw)
    return value.value


def _put(table: dict[str, Any], keys: list[str], value: Any) -> None:
    for key in keys[:-1]:
        table = table.setdefault(key, {})
    table[keys[-1]] = value


def rebuild(text: str) -> dict[str, Any]:
    """The document as the scanner reads it."""
    root: dict[str, Any] = {}
    current = root
    for statement in scan(text):
        keys = [k.text for k in statement.keys]
        if statement.kind == "entry":
            assert statement.value is not None
            _put(current, keys, _value(statement.value))
            continue
        parent = root
        for key in keys[:-1]:
            node = parent.setdefault(key, {})
            parent = node[-1] if isinstance(node, list) else node
        if statement.kind == "array-table":
            current = {}
            parent.setdefault(keys[-1], []).append(current)
        else:
            current = parent.setdefault(keys[-1], {})
    return root


def _normalize(value: Any) -> Any:
    import datetime

    if isinstance(value, dict):
        return {k: _normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalize(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return "datetime"
    if isinstance(value, tuple) and value[:1] == ("datetime",):
        return "datetime"
    if isinstance(value, float) and value != value:
        return "nan"
    return value


KEYS = st.sampled_from(["a", "b-c", "d_e", "1", "\"q.k\"", "'lit'", "\"é\"", "\"\\u0041\""])
SCALARS = st.sampled_from([
    "1", "-2", "+3", "1_000", "0x1F", "0o17", "0b101", "1.5", "-0.0", "1e3", "6.02E+23",
    "inf", "-inf", "nan", "true", "false", "\"s\"", "'lit'", "\"a\\tb\\\"c\"",
    "\"\"\"multi\nline\"\"\"", "'''raw\n\\n'''", "\"\"\"x\\\n   y\"\"\"", "\"\"\"q\"\"\"\"",
    "1979-05-27", "1979-05-27T07:32:00Z", "1979-05-27 07:32:00", "07:32:00",
    "\"# not a comment\"", "\"\u2028\"", "\"[x]\"",
])


@st.composite
def values(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 3 if depth < 3 else 0))
    if kind <= 1:
        return draw(SCALARS)
    if kind == 2:
        items = draw(st.lists(values(depth + 1), max_size=3))
        sep = draw(st.sampled_from([", ", ",\n  ", " ,# c\n"]))
        return "[" + sep.join(items) + draw(st.sampled_from(["", ",", "\n"])) + "]"
    entries = draw(st.lists(st.tuples(KEYS, values(depth + 1)), max_size=3,
                            unique_by=lambda e: e[0]))
    return "{" + ", ".join(f"{k} = {v}" for k, v in entries) + "}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        form = draw(st.integers(0, 4))
        key = draw(KEYS)
        if form == 0:
            lines.append(f"[{key}.{draw(KEYS)}]")
        elif form == 1:
            lines.append(f"[[{key}]]")
        else:
            lines.append(f"{key} = {draw(values())}")
        lines.append(draw(st.sampled_from(["", "# comment \u2028 [x] = 1", "   ", "\t# c\r"])))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(line for line in lines)


@settings(max_examples=400, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(documents())
def test_scanner_reads_what_tomllib_reads(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    assert _normalize(rebuild(text)) == _normalize(expected), text


@settings(max_examples=200, derandomize=True, database=None)
@given(documents())
def test_positions_point_at_the_keys(text: str) -> None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    lines = text.split("\n")
    for statement in scan(text):
        for key in statement.keys:
            line = lines[key.position.line - 1]
            start = key.position.column - 1
            assert text[key.position.offset] == line[start]
            assert line[start] in "\"'" or line[start:].startswith(key.text)


def test_only_lf_and_crlf_end_a_comment() -> None:
    for separator in ("\u2028", "\u2029", "\x85", "\r"):
        text = f"a = 1 # x{separator}b = 2\nc = 3\n"
        if separator == "\r":
            continue  # a lone CR is not allowed in a comment; tomllib refuses it
        statements = scan(text)
        assert [s.keys[0].text for s in statements] == ["a", "c"]
        assert statements[1].position.line == 2
    assert json.dumps(tomllib.loads("a = 1 # x\u2028b = 2\n")) == '{"a": 1}'


def test_inline_entries_keep_positions() -> None:
    (statement,) = scan('x = { a = 1, "b c".d = [2, { e = 3 }] }\n')
    assert statement.value is not None and statement.value.kind == "table"
    entries: list[TomlEntry] = statement.value.value
    assert [(k.text, k.position.column) for k in entries[1].keys] == [("b c", 14), ("d", 20)]
    inner = entries[1].value.value[1]
    assert inner.kind == "table" and inner.position.column == 28
