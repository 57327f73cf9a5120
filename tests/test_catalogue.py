"""The catalogue of finding kinds: every ID declared once, by the module that emits it, and
found by `explain` under its ID (any case) or its name."""

from __future__ import annotations

import re

from chartgen.catalogue import all_kinds, describe, find_kind
from chartgen.findings import Severity


def test_every_kind_is_declared_once_with_a_documented_summary() -> None:
    kinds = all_kinds()
    ids = [kind.id for kind in kinds]
    assert ids == sorted(set(ids))
    names = [kind.name for kind in kinds]
    assert len(names) == len(set(names))
    for kind in kinds:
        assert re.fullmatch(r"IB\d{3}", kind.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", kind.name)
        assert kind.summary and kind.summary != kind.name


def test_kinds_are_found_by_id_in_any_case_and_by_name() -> None:
    for kind in all_kinds():
        assert find_kind(kind.id) is kind
        assert find_kind(kind.id.lower()) is kind
        assert find_kind(kind.name) is kind
    assert find_kind("IB999") is None


def test_an_undeclared_id_is_described_generically() -> None:
    unknown = describe("IB999", Severity.WARNING)
    assert (unknown.id, unknown.name, unknown.severity) == ("IB999", "IB999", Severity.WARNING)
    assert "chartgen explain IB999" in unknown.doc
    assert describe("IB201").title == "IB201 repository-format"
