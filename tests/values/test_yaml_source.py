"""How chartgen composes YAML, held equal to the plain way of doing it.

chartgen drives ruamel.yaml's C parser and composer directly (`yaml_source._Yaml`), not
through `ruamel.yaml.YAML`, which sets up a new loader for every text. Same C code, so the
same answers: the nodes (class, tag, value, style, anchor, marks) and events, or the same
error, for every fixture and for generated hostile text (the fuzz suite's alphabet).

Plain texts are composed in one guarded pass (`_Yaml.compose_simple`) instead of the prescan
followed by composition: `load_yaml` must give the same document — data, findings, origins —
either way, on every fixture, on generated text and at every edge of the limits."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chartgen.values.limits import MAX_DEPTH, MAX_NODES
from chartgen.values.yaml_source import SIMPLE_NODES, _Yaml, _yaml, load_yaml

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


# -- one-pass composition (`_Yaml.compose_simple`) -------------------------------------------


def typed(value: Any) -> Any:
    """`value` with every scalar's type spelled out (1, 1.0 and True are equal in Python)."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def both_paths(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, bool]:
    """`load_yaml` as it runs, and forced through the careful path (prescan, then compose);
    whether one-pass composition answered."""
    raw = text.encode("utf-8", "surrogatepass")
    simple = _yaml().compose_simple(text) is not None
    fast = load_yaml(raw, "values.yaml")
    with monkeypatch.context() as patch:
        patch.setattr(_Yaml, "compose_simple", lambda self, text: None)
        careful = load_yaml(raw, "values.yaml")
    return (fast, typed(fast.data)), (careful, typed(careful.data)), simple


def test_one_pass_gives_the_careful_result_on_every_fixture(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    simple = 0
    paths = [ROOT / "values.example.yaml", *sorted(FIXTURES.rglob("*.yaml"))]
    for path in paths:
        fast, careful, answered = both_paths(path.read_text(encoding="utf-8"), monkeypatch)
        assert fast == careful, path
        simple += answered
    assert simple > len(paths) * 0.8  # the fast path is the common one


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(SPECIALS), max_size=40).map("".join))
def test_one_pass_gives_the_careful_result_on_generated_text(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, careful, _ = both_paths(text, monkeypatch)
    assert fast == careful


def nested(opener: str, closer: str, levels: int, inner: str = "1") -> str:
    return opener * levels + inner + closer * levels


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        # The deepest nesting the prescan lets through (129 open collections: the root and
        # MAX_DEPTH more), and one more; a scalar inside the deepest is one node deeper.
        (nested("[", "]", MAX_DEPTH + 1), False),
        (nested("[", "]", MAX_DEPTH), True),
        (nested("[", "]", MAX_DEPTH + 2), False),
        ("a: " + nested("{a: ", "}", MAX_DEPTH), False),
        ("a: " + nested("{a: ", "}", MAX_DEPTH - 1), True),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(1, MAX_DEPTH + 2)), False),
        (nested("[", "]", 30_000), False),  # the composer never recurses that deep
        # More values than the builder takes, without aliases: one pass, then the builder's
        # count refuses; more events than the prescan lets through: the careful path.
        ("a: [" + "1," * (MAX_NODES + 1) + "]", True),
        ("a: [" + "1," * (SIMPLE_NODES + 1) + "]", False),
        # Aliases, several documents, errors: the careful path answers.
        ("a: &x [1]\nb: *x\n", False),
        ("a: 1\n---\nb: 2\n", False),
        ("a: 1\n---\nb: [\n", False),
        ("a: [1\n", False),
        ("a: *undefined\n", False),
        ("", True),
        ("# nothing\n", True),
        ("~\n", True),
        ("[1, 2]\n", True),
        ("a: 1\na: 2\n", True),
        ("a: !!python/object x\n", True),
        ("a: !<tag:chartgen,2026:implicit> yes\n", True),
        ("<<: {a: 1}\nb: 2\n", True),
    ],
)
def test_one_pass_at_the_edges(text: str, answered: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, careful, simple = both_paths(text, monkeypatch)
    assert simple == answered
    assert fast == careful
