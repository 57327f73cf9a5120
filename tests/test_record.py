"""`chartgen.record` behaves as `dataclasses.dataclass` for every feature chartgen uses.

Each test declares the same class twice — once as a record, once as a dataclass — and holds the
two to the same behaviour (construction, defaults, repr, equality, hashing, ordering, frozenness,
replace, pickling, pattern matching). The records replaced dataclasses throughout chartgen for
start-up time (issue 13); tests/test_import_time.py checks that the commands' paths no longer
import `dataclasses` at all.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from chartgen.record import FrozenInstanceError, field, record, replace


def twins(**options: Any) -> tuple[Any, Any]:
    """The same declaration as a record and as a dataclass."""

    def declare(decorate: Any, make_field: Any) -> Any:
        @decorate(**options)
        class Point:
            x: int
            y: int = 0
            tags: list[str] = make_field(default_factory=list)
            note: str = make_field(default="", repr=False, compare=False)

            def norm(self) -> int:
                return abs(self.x) + abs(self.y)

        return Point

    return declare(record, field), declare(dataclasses.dataclass, dataclasses.field)


OPTIONS = [{}, {"frozen": True}, {"frozen": True, "order": True}, {"eq": False}, {"order": True}]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_construction_repr_and_equality_match_dataclasses(options: dict[str, Any]) -> None:
    ours, theirs = twins(**options)
    for args, kwargs in [((1,), {}), ((1, 2), {}), ((), {"x": 3, "tags": ["a"], "note": "n"})]:
        a, b = ours(*args, **kwargs), theirs(*args, **kwargs)
        assert repr(a) == repr(b)
        assert (a == ours(*args, **kwargs)) == (b == theirs(*args, **kwargs))
        assert (a == ours(99)) == (b == theirs(99))
        assert a.norm() == b.norm()
    # Fields left out of comparisons do not count; other classes are never equal.
    if options.get("eq", True):
        assert ours(1, note="a") == ours(1, note="b")
        assert theirs(1, note="a") == theirs(1, note="b")
    assert ours(1) != theirs(1)
    assert ours.__match_args__ == theirs.__match_args__ == ("x", "y", "tags", "note")


def test_default_factories_make_a_new_value_per_instance() -> None:
    ours, _ = twins()
    first, second = ours(1), ours(2)
    first.tags.append("only mine")
    assert second.tags == []
    assert "tags" not in vars(ours)  # no class attribute for a factory, as with dataclasses
    assert ours.y == 0  # a plain default stays a class attribute


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_hashing_follows_the_dataclass_rules(options: dict[str, Any]) -> None:
    ours, theirs = twins(**options)
    for make in (ours, theirs):
        item = make(1, 2, ())
        if options.get("frozen"):
            assert hash(item) == hash(make(1, 2, ()))
        elif options.get("eq", True):
            with pytest.raises(TypeError):
                hash(item)
        else:
            assert hash(item) == object.__hash__(item)


def test_frozen_records_refuse_changes() -> None:
    ours, theirs = twins(frozen=True)
    for make, error in ((ours, FrozenInstanceError), (theirs, dataclasses.FrozenInstanceError)):
        item = make(1)
        with pytest.raises(error):
            item.x = 2
        with pytest.raises(error):
            del item.x
        with pytest.raises(AttributeError):
            item.other = 1
    assert issubclass(FrozenInstanceError, AttributeError)


def test_ordering_matches_dataclasses() -> None:
    ours, theirs = twins(order=True, frozen=True)
    pairs = [(1, 2), (1, 1), (0, 5), (2, 0)]
    assert [(p.x, p.y) for p in sorted(ours(*p) for p in pairs)] == [
        (p.x, p.y) for p in sorted(theirs(*p) for p in pairs)
    ]
    assert ours(1) <= ours(1) and ours(1) < ours(2) and ours(2) > ours(1) and ours(2) >= ours(2)
    with pytest.raises(TypeError):
        _ = ours(1) < theirs(2)


def test_replace_pickle_and_copy() -> None:
    ours, _ = twins(frozen=True)
    item = ours(1, 2, ["a"], "n")
    changed = replace(item, y=5)
    assert (changed.x, changed.y, changed.tags, changed.note) == (1, 5, ["a"], "n")
    assert item.y == 2
    with pytest.raises(TypeError):
        replace(item, unknown=1)
    for copied in (copy.deepcopy(item), copy.copy(item)):
        assert copied == item and copied.note == "n"


def test_reports_survive_pickling() -> None:
    """`validate --jobs` workers send reports (records inside records) back pickled."""
    from chartgen.findings import Finding, Location, Report, Severity

    finding = Finding("IB201", Severity.ERROR, "m", "$.a", "h", Location("f.yaml", 3, 4))
    report = Report(checked=["f.yaml"])
    report.extend([finding])
    copied = pickle.loads(pickle.dumps(report))
    assert copied.findings == report.findings == [finding]
    assert copied.findings[0].location == Location("f.yaml", 3, 4)
    with pytest.raises(FrozenInstanceError):
        copied.findings[0].location.line = 5  # type: ignore[misc]


def test_post_init_inheritance_and_own_methods() -> None:
    seen: list[str] = []

    @record
    class Base:
        a: int
        b: int = 1

    @record
    class Child(Base):
        c: int = 2
        a: int = 0  # a redeclared field keeps its place

        def __post_init__(self) -> None:
            seen.append(f"{self.a}{self.b}{self.c}")

        def __repr__(self) -> str:
            return "mine"

    @dataclasses.dataclass
    class DataBase:
        a: int
        b: int = 1

    @dataclasses.dataclass
    class DataChild(DataBase):
        c: int = 2
        a: int = 0

    assert Child.__match_args__ == DataChild.__match_args__ == ("a", "b", "c")
    child = Child(5, 6, 7)
    assert seen == ["567"]
    assert repr(child) == "mine"  # the class's own method wins
    assert Child() == Child(0, 1, 2) and vars(Child()) == vars(DataChild())


def test_pattern_matching() -> None:
    ours, _ = twins(frozen=True)
    match ours(3, 4):
        case ours(x, y):  # type: ignore[misc]
            assert (x, y) == (3, 4)
        case _:
            pytest.fail("a record matches its positional pattern")


def test_mutable_defaults_and_bad_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="default_factory"):

        @record
        class Bad:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(ValueError, match="both"):
        field(default=1, default_factory=int)


def test_chartgen_declares_no_dataclass() -> None:
    """Every record in chartgen is a `chartgen.record` (one way to declare one, and none
    compiled from source at import time)."""
    offenders = []
    for path in sorted((ROOT / "chartgen").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )
            if any(name.split(".")[0] == "dataclasses" for name in names):
                offenders.append(f"{Path(path).relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
