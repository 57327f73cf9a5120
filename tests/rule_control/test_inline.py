"""Inline rule control: `# chartgen: disable=ID[,ID...]` in a values file.

A directive is a YAML comment, on the line a finding points at or alone on the lines above it;
it suppresses findings located on that line of that file only. Text inside a scalar (a quoted
value, a block of extraConfig) is never a directive. A directive chartgen cannot apply is IB020,
one that suppresses nothing IB021 (warnings: they fail a run only under --strict).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from chartgen.values.yaml_source import load_yaml

BASE = """\
imageBuilder:
  authenticationType: noop
  defaultRepository: registry.example.com/union/builds
  buildkit:
    networkPolicy:
      enabled: true
    oci:
"""


def write(tmp_path: Path, text: str, name: str = "values.yaml") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def validate(*args: str) -> tuple[int, dict[str, object]]:
    result = run_cli("validate", "--no-config", "-o", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def findings(document: dict[str, object], key: str = "findings") -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for r in document["results"] for f in r[key]]  # type: ignore[attr-defined,index]


def test_without_a_directive_ib219_is_reported(tmp_path: Path) -> None:
    code, document = validate(write(tmp_path, BASE + "      maxParallelism: 0\n"))
    assert code == 0
    assert findings(document) == [("IB219", 8)]


def test_a_comment_on_the_line_suppresses_its_findings(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "      maxParallelism: 0  # chartgen: disable=IB219\n")
    code, document = validate(path, "--strict")
    assert code == 0
    assert findings(document) == []
    assert findings(document, "suppressed") == [("IB219", 8)]
    [item] = document["results"][0]["suppressed"]  # type: ignore[index]
    assert item["suppressed"] == {"by": "inline", "where": f"{path}:8:26", "reason": ""}


def test_ids_are_case_blind_listed_with_commas_and_followed_by_a_reason(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "      maxParallelism: 0 # chartgen: disable = ib303 , "
                 "IB219 -- two slots, two CPUs\n")
    code, document = validate(path, "--strict")
    assert code == 1  # IB303 does not point at this line: IB021 says so
    [item] = document["results"][0]["suppressed"]  # type: ignore[index]
    assert item["suppressed"]["reason"] == "-- two slots, two CPUs"
    assert findings(document) == [("IB021", 8)]


def test_a_comment_alone_on_its_line_applies_to_the_next_line_that_is_not_a_comment(
    tmp_path: Path,
) -> None:
    text = BASE + ("      # chartgen: disable=IB219 (one build at a time is not what we want,\n"
                   "      # but the nodes are small)\n"
                   "      maxParallelism: 0\n")
    code, document = validate(write(tmp_path, text), "--strict")
    assert code == 0
    assert findings(document, "suppressed") == [("IB219", 10)]


def test_a_comment_alone_on_its_line_does_not_reach_past_the_next_value(tmp_path: Path) -> None:
    text = BASE.removesuffix("    oci:\n") + ("    # chartgen: disable=IB219\n"
                                             "    oci:\n"
                                             "      maxParallelism: 0\n")
    code, document = validate(write(tmp_path, text))
    assert findings(document) == [("IB021", 7), ("IB219", 9)]
    assert code == 0  # both warnings
    code, _ = validate(write(tmp_path, text), "--strict")
    assert code == 1


def test_a_directive_applies_to_findings_of_its_own_file_only(tmp_path: Path) -> None:
    other = write(tmp_path, BASE + "      maxParallelism: 0\n", "b.yaml")
    # The same line number in another file.
    here = write(tmp_path, "imageBuilder:\n  enabled: true\n" + "\n" * 5
                 + "x: 1  # chartgen: disable=IB219\n", "a.yaml")
    assert validate(here, other)[0] == 0
    _, document = validate(here, other)
    reported = [(f["file"], f["rule"], f["line"])
                for f in document["results"][0]["findings"]]  # type: ignore[index]
    assert reported == [(here, "IB021", 8), (other, "IB219", 8)]
    assert findings(document, "suppressed") == []


def test_the_command_line_cannot_enable_what_a_comment_disables(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "      maxParallelism: 0  # chartgen: disable=IB219\n")
    code, document = validate(path, "--enable", "IB219", "--strict")
    assert code == 0
    assert findings(document, "suppressed") == [("IB219", 8)]


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("# chartgen: disable=IB4O2", "'IB4O2' is not the ID of any chartgen finding"),
        ("# chartgen: disable=IB100", "IB100 (schema) cannot be switched off"),
        ("# chartgen: enable=IB219", "is not a chartgen directive: write `# chartgen: "
         "disable=ID[,ID...]`"),
        ("# chartgen: disable", "is not a chartgen directive"),
        ("# chartgen: disable=IB219,", "is not a chartgen directive"),
    ],
)
def test_a_directive_that_cannot_be_applied_is_ib020(
    tmp_path: Path, comment: str, message: str
) -> None:
    path = write(tmp_path, BASE + f"      maxParallelism: 0  {comment}\n")
    result = run_cli("validate", "--no-config", path)
    assert result.exit_code == 0
    [line] = [x for x in result.stdout.splitlines() if x.endswith("[IB020]")]
    assert line.startswith(f"{path}:8:26: warning: ")
    assert message in line
    assert run_cli("validate", "--no-config", "--strict", path).exit_code == 1


def test_the_hint_of_ib020_says_which_id_was_meant(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "      maxParallelism: 0  # chartgen: disable=IB2l9\n")
    result = run_cli("validate", "--no-config", path)
    assert "hint: Did you mean IB219 (max-parallelism-unbounded)?" in result.stdout


def test_a_directive_for_a_later_stage_is_not_called_unused(tmp_path: Path) -> None:
    """IB402 comes from --validate-manifests: without it nothing can be said."""
    path = write(tmp_path, BASE + "      maxParallelism: 4\n"
                 "  # chartgen: disable=IB402\n  enabled: true\n")
    code, document = validate(path, "--strict")
    assert code == 0
    assert findings(document) == []


def test_windows_line_ends_count_lines_like_the_parser(tmp_path: Path) -> None:
    text = (BASE + "      # chartgen: disable=IB219\n      maxParallelism: 0\n").replace(
        "\n", "\r\n")
    code, document = validate(write(tmp_path, text), "--strict")
    assert code == 0
    assert findings(document, "suppressed") == [("IB219", 9)]


# -- what is a comment: read from the parsed document, never from the text alone ---------------


def directives(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    document = load_yaml(text.encode("utf-8"), "v.yaml")
    assert document.data is not None, document.findings
    return [(d.location.line, d.target_line, d.ids) for d in document.directives
            if d.location.line is not None]


@pytest.mark.parametrize(
    "text",
    [
        'a: "x # chartgen: disable=IB219"\n',
        "a: 'x # chartgen: disable=IB219'\n",
        'a: "first line\n  # chartgen: disable=IB219 still in the string"\n',
        "extraConfig: |\n  # chartgen: disable=IB307\n  x = 1\n",
        "extraConfig: >\n  # chartgen: disable=IB307\n",
        "a: b#chartgen:disable=IB219\n",  # no space before '#': part of the plain scalar
    ],
)
def test_text_inside_a_scalar_is_not_a_directive(text: str) -> None:
    assert directives(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1  # chartgen: disable=IB219\n", [(1, 1, ("IB219",))]),
        ("# chartgen: disable=IB219\na: 1\n", [(1, 2, ("IB219",))]),
        ("a: [1, 2]  # chartgen: disable=ib219,IB303\n", [(1, 1, ("IB219", "IB303"))]),
        ("a:\n  - 1 # chartgen: disable=IB219\n", [(2, 2, ("IB219",))]),
        # The header line of a block scalar may end in a comment.
        ("extraConfig: |  # chartgen: disable=IB216\n  x = 1\n", [(1, 1, ("IB216",))]),
        ('a: "x" # chartgen: disable=IB219\n', [(1, 1, ("IB219",))]),
        # A comment after a block scalar, back at the mapping's indentation.
        ("b: |\n  x\n# chartgen: disable=IB219\nc: 1\n", [(3, 4, ("IB219",))]),
    ],
)
def test_comments_are_directives(text: str, expected: list[tuple[int, int, tuple[str, ...]]],
                                  ) -> None:
    assert directives(text) == expected
