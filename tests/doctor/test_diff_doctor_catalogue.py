"""The finding IDs of `diff` and `doctor` are documented like every other: `chartgen explain`,
`chartgen docs`, and the report formats know each one, and every ID the code emits is listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from chartgen import diff, doctor
from chartgen.catalogue import all_kinds

CHECKS = [*diff.KINDS, *doctor.KINDS]


def test_ids_are_in_their_ranges_and_unique() -> None:
    ids = [check.id for check in CHECKS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"IB6[5-9][0-9]", c.id) for c in diff.KINDS)
    assert all(re.fullmatch(r"IB7[0-9][0-9]", c.id) for c in doctor.KINDS)
    others = {c.id for c in all_kinds()} - set(ids)
    assert not others & set(ids)


def test_every_emitted_id_is_documented() -> None:
    documented = {check.id for check in CHECKS}
    for package in ("diff", "doctor"):
        for source in (ROOT / "chartgen" / package).glob("*.py"):
            text = source.read_text(encoding="utf-8")
            for found in re.findall(r'"(IB[67][0-9]{2})"', text):
                assert found in documented, (source.name, found)


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_explain_each_id(check: object) -> None:
    result = run_cli("explain", check.id)  # type: ignore[attr-defined]
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{check.id} {check.name} ")  # type: ignore[attr-defined]
    assert check.summary in result.stdout  # type: ignore[attr-defined]


def test_docs_list_every_id() -> None:
    text = run_cli("docs").stdout
    for check in CHECKS:
        assert f"| {check.id} | `{check.name}` |" in text


@pytest.mark.parametrize("topic", ["diff", "doctor", "diff-defaults"])
def test_the_topics(topic: str) -> None:
    result = run_cli("explain", topic)
    assert result.exit_code == 0 and len(result.stdout) > 500


def test_the_readme_documents_both_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| `chartgen diff" in readme and "| `chartgen doctor" in readme
    for check in CHECKS:
        assert check.id in readme, check.id
    for line in run_cli("doctor", "--print-commands").stdout.splitlines():
        if line.startswith("kubectl "):
            assert line.split(" > ")[0] in readme, line


def test_the_summary_lines_fit(tmp_path: Path) -> None:
    for check in CHECKS:
        assert len(check.summary) <= 100, check.id
