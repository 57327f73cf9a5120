"""chartgen drives ruamel.yaml's C parser and composer directly (`yaml_source._Yaml`), not
through `ruamel.yaml.YAML`, which sets up a new loader for every text. Same C code, so the
same answers: the nodes (class, tag, value, style, anchor, marks) and events, or the same
error, for every fixture and for generated hostile text (the fuzz suite's alphabet)."""

from __future__ import annotations

from typing import Any

from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chartgen.values.yaml_source import _yaml

SPECIALS = [
    ":", "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "!!python/x ",
    "!<tag:chartgen,2026:implicit> ", "|", ">", "'", '"', "#", "%YAML 1.1\n", "%TAG !e! x:\n",
    "<<: ", "---\n", "...\n", "\n", "  ", "\t", "\r\n", "\ufeff", "\u2028", "\x85", "yes",
    "0x1F", "~", "{{ .Values.x }}", "a", "b", "k", "0", "1", " ",
]


def reference() -> Any:
    """ruamel.yaml's public loader, set up as chartgen set it up before (same resolver)."""
    from ruamel.yaml import YAML

    loader = YAML(typ="safe", pure=False)
    loader.Resolver = _yaml().resolver_class
    return loader


def mark(m: Any) -> tuple[int, int, int]:
    return (m.line, m.column, m.index)


def shape(node: Any, seen: dict[int, int]) -> Any:
    """A node graph as plain data; a node met again (an alias) by its first number."""
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    value = node.value
    if isinstance(value, list):
        value = [
            tuple(shape(part, seen) for part in item) if isinstance(item, tuple)
            else shape(item, seen)
            for item in value
        ]
    return (type(node).__name__, node.tag, value, node.style if hasattr(node, "style") else None,
            node.anchor, mark(node.start_mark), mark(node.end_mark))


def outcome(compose: Any, text: str) -> Any:
    try:
        seen: dict[int, int] = {}
        return [shape(root, seen) for root in compose(text)]
    except Exception as exc:  # the same error, word for word
        return ("error", type(exc).__name__, str(exc))


def events(parse: Any, text: str) -> Any:
    try:
        return [(type(e).__name__, mark(e.start_mark), mark(e.end_mark),
                 getattr(e, "value", None), getattr(e, "anchor", None), getattr(e, "tag", None))
                for e in parse(text)]
    except Exception as exc:
        return ("error", type(exc).__name__, str(exc))


def same(text: str) -> None:
    ours, theirs = _yaml(), reference()
    assert outcome(ours.compose_all, text) == outcome(theirs.compose_all, text)
    assert events(ours.parse, text) == events(theirs.parse, text)


def test_every_fixture_composes_the_same() -> None:
    paths = [ROOT / "values.example.yaml", *sorted(FIXTURES.rglob("*.yaml"))]
    assert len(paths) > 50
    for path in paths:
        same(path.read_text(encoding="utf-8", errors="replace"))


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(SPECIALS), max_size=40).map("".join))
def test_generated_text_composes_the_same(text: str) -> None:
    same(text)
