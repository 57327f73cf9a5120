"""Values built straight from the parser's events, held equal to values built from nodes.

`load_yaml` builds a plain-data text (one mapping of untagged scalars, mappings and sequences)
from the parser's events in one pass (`_Yaml.build_simple`) and gives every other text to the
node path (`_load_composed`: composition, then the builder). Whenever the event path answers,
its document must be the node path's in every respect a later stage can see: data (types and
key order included), findings, inline directives, and the provenance — every origin (value,
key and source text), the order origins were recorded in, and the index of each path's
children that merges and lookups walk. Checked on every fixture, the README's example, the
render scenarios, the chart's values, the hostile corpus, generated YAML and at the edges of
what the event path takes on.
"""

from __future__ import annotations

import importlib.util
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT
from conftest import dump_yaml as dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chartgen.values import yaml_source
from chartgen.values.decoding import decode
from chartgen.values.limits import MAX_DEPTH, MAX_NODES
from chartgen.values.loader import ValueSources, load_values
from chartgen.values.provenance import lookup
from chartgen.values.yaml_source import (
    YamlDocument,
    _load_composed,
    _Yaml,
    _yaml,
    load_yaml,
)

SOURCE = "values.yaml"


def ordered(value: Any) -> Any:
    """`value` as plain data that spells out each scalar's type and each mapping's key order
    (1, 1.0 and True are equal in Python, and so are dicts in any order)."""
    if isinstance(value, dict):
        return ("map", [(key, ordered(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [ordered(item) for item in value])
    return (type(value).__name__, value)


def seen(document: YamlDocument) -> Any:
    """Everything of a document that a later stage can see."""
    provenance = document.provenance
    return (
        document,  # record equality: data, findings, directives, provenance and its index
        ordered(document.data),
        list(provenance.origins.items()),
        {path: sorted(map(repr, items)) for path, items in provenance._children.items()},
    )


def paths_agree(text: str | bytes) -> bool:
    """Whether the event path answered `text` (as `load_yaml` decodes it); when it did, it
    agrees with the node path."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    decoded, _ = decode(raw, SOURCE)
    if decoded is None:
        return False
    loader = _yaml()
    built = loader.build_simple(decoded, SOURCE)
    if built is None:
        return False
    assert seen(built) == seen(_load_composed(loader, decoded, SOURCE))
    assert seen(load_yaml(raw, SOURCE)) == seen(built)
    return True


def corpus_files() -> list[Path]:
    return [
        ROOT / "values.example.yaml",
        *sorted(FIXTURES.rglob("*.yaml")),
        *sorted((ROOT / "tests" / "render" / "scenarios").glob("*.yaml")),
        *sorted((ROOT / "tests" / "chart" / "values").glob("*.yaml")),
    ]


def test_every_fixture_builds_the_same_either_way() -> None:
    files = corpus_files()
    assert len(files) > 100
    answered = [path for path in files if paths_agree(path.read_text(encoding="utf-8"))]
    # The event path is the common one: every valid fixture and the README's example.
    assert ROOT / "values.example.yaml" in answered
    assert set((FIXTURES / "valid").rglob("*.yaml")) <= set(answered)
    assert len(answered) > len(files) * 0.8


def hostile_texts() -> Iterator[tuple[str, str | bytes]]:
    """The hostile corpus of tests/hostile/test_hostile_inputs.py."""
    spec = importlib.util.spec_from_file_location(
        "hostile_inputs", ROOT / "tests" / "hostile" / "test_hostile_inputs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    for name, content, *_ in module.CASES:
        yield name, content() if callable(content) else content


def test_the_hostile_corpus_builds_the_same_either_way() -> None:
    answered = {name for name, text in hostile_texts() if paths_agree(text)}
    # Only plain data goes the event path: of the hostile corpus, the files that are valid
    # mappings (or hold a mistake only the schema sees).
    assert answered == {
        "utf-8-bom-crlf-valid",
        "utf-8-bom-crlf-invalid",
        "unknown-key",
        "imageBuilder-null",
        "utf-16-le-bom",
        "utf-16-be-bom",
    }


def nested(opener: str, closer: str, levels: int, inner: str = "1") -> str:
    return opener * levels + inner + closer * levels


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("a: 1\n", True),
        # go-yaml's scalars and keys: YAML 1.1 booleans, Go numbers, nulls, quoted text.
        ("yes: no\n0x1F: 017\n~: ~\n1.0: 1.5\n'yes': \"no\"\n1_000: 1e3\nk: ''\n", True),
        ("a: [1, 'b', \"c\", {d: e}, [f]]\nb: {}\nc: []\nd:\n", True),
        ("a:\n- x\n- - y\n  - z\n-\n- k: v\n  l: w\n", True),
        ("a: |\n  line # not a comment\n  two\nb: >-\n  folded\n  text\n", True),
        ("? a\n: 1\n", True),
        ("\ufeffa: 1\r\nb:\r\n  c: 2\r\n", True),
        ("%YAML 1.1\n---\na: 1\n...\n", True),
        ("---\na: 1\n", True),
        # Inline directives: comments, never text inside a scalar (block headers included).
        ("a: 1  # chartgen: disable=IB223 reason\n# chartgen: disable=IB250\nb: x\n", True),
        ("a: '# chartgen: disable=IB223'\nb: |  # chartgen: disable=IB223\n  text\n", True),
        ("a: x # chartgen: oops\n", True),
        # Nesting: the deepest the builder takes, and one deeper (its finding: node path).
        ("a: " + nested("[", "]", MAX_DEPTH - 1), True),
        ("a: " + nested("[", "]", MAX_DEPTH), False),
        ("a: " + nested("{a: ", "}", MAX_DEPTH - 1), True),
        ("a: " + nested("{a: ", "}", MAX_DEPTH), False),
        ("a: " + nested("[", "]", 30_000), False),
        # Everything else is the node path's to decide and report.
        ("", False),
        ("# nothing\n", False),
        ("~\n", False),
        ("[1, 2]\n", False),
        ("a: 1\na: 2\n", False),
        ("a: 1\n'a': 2\n", False),
        ("1: x\n1.0: y\n", False),
        ("a: !!str 1\n", False),
        ("a: ! x\n", False),
        ("!!map {a: 1}\n", False),
        ("a: !!python/object x\n", False),
        ("a: !<tag:chartgen,2026:implicit> yes\n", False),
        ("a: &x [1]\nb: *x\n", False),
        ("a: &x 1\n", False),
        ("&x {a: 1}\n", False),
        ("<<: {a: 1}\nb: 2\n", False),
        ("a:\n  <<: {b: 1}\n", False),
        ("? [a]\n: 1\n", False),
        ("? {a: 1}\n: 1\n", False),
        ("a: .inf\n", False),
        ("a: 1\n---\nb: 2\n", False),
        ("a: 1\n---\nb: [\n", False),
        ("a: 1\n...\nb\n", False),
        ("a: [1\n", False),
        ("a: *undefined\n", False),
        ("a:\n\tb: 1\n", False),
    ],
)
def test_the_event_path_at_its_edges(text: str, answered: bool) -> None:
    assert paths_agree(text) == answered


def test_the_event_path_takes_up_to_max_nodes_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nodes, keys included, up to the builder's limit on values (`MAX_NODES`, made small
    here so that both paths are compared quickly at the boundary)."""
    limit = 1000
    assert limit < MAX_NODES
    monkeypatch.setattr(yaml_source, "MAX_NODES", limit)

    def text(items: int) -> str:  # the root, a key, a list and its items
        return "a: [" + "1," * (items - 1) + "1]\n"

    assert paths_agree(text(limit - 3))
    assert not paths_agree(text(limit - 2))
    assert load_yaml(text(limit).encode(), SOURCE).data is None  # the builder's finding


def test_remembered_scalars_stay_bounded_and_never_hold_a_merge_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plain keys and values are remembered across files (`_PLAIN_KEYS`, `_PLAIN_VALUES`):
    a file of made-up text fills the memory only up to its bound, `<<` never enters it (it
    would pass as a key), nor does a value go-yaml refuses (it would pass as text)."""
    monkeypatch.setattr(yaml_source, "_PLAIN_KEYS", {})
    monkeypatch.setattr(yaml_source, "_PLAIN_VALUES", {})
    monkeypatch.setattr(yaml_source, "_PLAIN_KEPT", 50)
    text = "".join(f"k{index}: v{index}\n" for index in range(80)) + (
        "yes: no\n0x1F: 017\nn: ~\nf: 1.50\nt: 'yes'\nb: 1e400\n"
    )
    assert paths_agree(text)
    assert paths_agree(text)  # the second time from memory, where remembered
    assert len(yaml_source._PLAIN_KEYS) == len(yaml_source._PLAIN_VALUES) == 50
    for _ in range(2):
        assert not paths_agree("a: 1\n<<: {b: 2}\n")
        assert not paths_agree("a: .inf\n")
    assert "<<" not in yaml_source._PLAIN_KEYS
    assert ".inf" not in yaml_source._PLAIN_VALUES
    monkeypatch.setattr(yaml_source, "_PLAIN_KEYS", {})
    monkeypatch.setattr(yaml_source, "_PLAIN_VALUES", {})
    for _ in range(2):  # remembered values keep their types: 1, 1.0, True are equal in Python
        assert paths_agree("a: 1\nb: 1.0\nc: true\nd: 1.5\ne: '1'\n")
        assert paths_agree("a: true\nb: 1\nc: 1.0\n")


# -- origins made when read (`_MarkedOrigins`) ---------------------------------------------------


def both_documents(text: str) -> tuple[YamlDocument, YamlDocument]:
    """A fresh document from the event path (no origin made yet) and the node path's."""
    loader = _yaml()
    built = loader.build_simple(text, SOURCE)
    assert built is not None
    return built, _load_composed(loader, text, SOURCE)


def answered_corpus() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in corpus_files()]
    return [text for text in texts if _yaml().build_simple(text, SOURCE) is not None]


READS: dict[str, Any] = {
    "get": lambda origins, paths: [origins.get(path) for path in paths],
    "[]": lambda origins, paths: [origins[path] for path in paths],
    "get missing": lambda origins, paths: origins.get(("no", "such"), "default"),
    "pop": lambda origins, paths: [origins.pop(path) for path in paths],
    "pop missing": lambda origins, paths: origins.pop(("no", "such"), "default"),
    "setdefault": lambda origins, paths: [origins.setdefault(path, None) for path in paths],
    "items": lambda origins, paths: list(origins.items()),
    "values": lambda origins, paths: list(origins.values()),
    "keys": lambda origins, paths: list(origins),
    "popitem": lambda origins, paths: [origins.popitem() for _ in range(len(origins))],
    "copy": lambda origins, paths: origins.copy(),
    "dict()": lambda origins, paths: dict(origins),
    "{**}": lambda origins, paths: {**origins},
    "update": lambda origins, paths: (lambda target: target.update(origins) or target)({}),
    "pickle": lambda origins, paths: pickle.loads(pickle.dumps(origins)),
    "repr": lambda origins, paths: repr(origins),
    "len, in": lambda origins, paths: (len(origins), [path in origins for path in paths]),
}


@pytest.mark.parametrize("read", sorted(READS))
def test_every_way_of_reading_an_origin_gives_the_node_paths(read: str) -> None:
    """Each read, done first on a fresh document, answers what it answers on the node path's
    plain dict of `Origin`s (so no reader ever sees the marks an entry holds until read)."""
    for text in answered_corpus():
        built, composed = both_documents(text)
        paths = list(composed.provenance.origins)
        fresh = READS[read](built.provenance.origins, paths)
        assert fresh == READS[read](composed.provenance.origins, paths)
        assert seen(built) == seen(composed)  # and the document is unchanged by the read


def test_origins_compare_equal_to_the_node_paths_either_way_round() -> None:
    for text in answered_corpus():
        for left_first in (True, False):
            built, composed = both_documents(text)
            plain = composed.provenance.origins
            assert type(plain) is dict
            if left_first:
                assert built.provenance.origins == plain
            else:
                assert plain == built.provenance.origins
            ours, _ = both_documents(text)
            assert (ours.provenance.origins != plain) is False
            if plain:
                assert ours.provenance.origins != {}
        one, _ = both_documents(text)
        other, _ = both_documents(text)
        assert one.provenance == other.provenance  # two fresh ones, read by comparing


def test_locating_gives_the_node_paths_answers() -> None:
    for text in answered_corpus():
        built, composed = both_documents(text)
        ours, theirs = built.provenance, composed.provenance
        for path in [*theirs.origins, ("imageBuilder", "nowhere"), ()]:
            assert ours.locate(path) == theirs.locate(path)
            assert ours.locate(path, key=True) == theirs.locate(path, key=True)
            assert list(ours.items_under(path)) == list(theirs.items_under(path))
            value = lookup(built.data, path)
            if isinstance(value, str) and value:
                for line, column in ((1, 1), (1, len(value)), (2, 1)):
                    assert ours.locate_inside(path, value, line, column) == (
                        theirs.locate_inside(path, value, line, column)
                    )


MERGED = ["values.example.yaml", "tests/fixtures/valid/dataplane-aws-full.yaml",
          "tests/fixtures/union/values.yaml", "tests/fixtures/union/values.aws.yaml"]


@pytest.mark.parametrize("files", [
    MERGED[:1], MERGED[:2], MERGED[2:], MERGED, list(reversed(MERGED)),
    [*MERGED[:1], "nulls.yaml"], ["nulls.yaml", *MERGED[:1]],
])
def test_merged_values_have_the_node_paths_provenance(
    files: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merged files, `--set`, the chart defaults (with deletions by null) and the `tpl`
    look-ups move origins around: the same either way, whoever read what first."""
    (tmp_path / "nulls.yaml").write_text(
        "imageBuilder:\n  buildkit:\n    autoscaling: null\n    image: {tag: null}\n"
        "  basicAuth: ~\nstorage:\n  bucketName: '{{ .Values.global.BUCKET }}'\n"
        "global:\n  BUCKET: b\n", encoding="utf-8",
    )
    names = [str(tmp_path / name) if name == "nulls.yaml" else str(ROOT / name) for name in files]
    sources = ValueSources(files=names, set_values=["imageBuilder.buildkit.replicaCount=3"])
    built = load_values(sources)
    with monkeypatch.context() as patch:
        patch.setattr(_Yaml, "build_simple", lambda self, text, source: None)
        composed = load_values(sources)
    assert ordered(built.data) == ordered(composed.data)
    assert built.findings == composed.findings
    assert built.templated == composed.templated
    ours, theirs = built.provenance, composed.provenance
    assert ours.deleted == theirs.deleted and ours.defaulted == theirs.defaulted
    assert list(ours.origins.items()) == list(theirs.origins.items())
    assert ours._children == theirs._children


# -- generated YAML ---------------------------------------------------------------------------

KEYS = ["a", "b", "yes", "No", "0x1F", "017", "1.0", "~", "null", "", "a b", "{{ x }}", "<<",
        "imageBuilder", "é", "#", "-"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20), st.sampled_from([*KEYS, "x # chartgen: disable=IB223", "a\nb"]),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=25,
)


PIECES = [":", "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "|", ">", "'",
          '"', "#", "<<: ", "---\n", "...\n", "\n", "  ", "\t", "yes", "0x1F", "~", "a", "b",
          "k", "0", "1", " ", "# chartgen: disable=IB223\n"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.one_of(
    st.builds(dump, st.dictionaries(st.sampled_from(KEYS), trees, max_size=5), st.booleans()),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
))
def test_generated_yaml_builds_the_same_either_way(text: str) -> None:
    paths_agree(text)


def test_generated_plain_data_takes_the_event_path() -> None:
    """The generator above reaches the event path (else its test would prove little)."""
    import random

    rng = random.Random(13)
    texts = [
        dump({"a": {"b": [rng.random(), str(rng.random()), {"c": None}], "yes": True}}, flow)
        for flow in (False, True)
    ]
    assert all(paths_agree(text) for text in texts)
