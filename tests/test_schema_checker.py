"""Schema errors become located findings that say what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from chartgen.schema import ecma_regex, suggest


@pytest.mark.parametrize(
    "pattern, text, matches",
    [
        (r"^[a-z]+$", "abc", True),
        (r"^[a-z]+$", "abc\n", False),  # Python's $ would match before the newline
        (r"^[$a]+$", "$a", True),  # $ inside a class stays literal
        (r"^a\$$", "a$", True),  # an escaped $ stays literal
        (r"^([a-z]+|[0-9]+)$", "12", True),
    ],
)
def test_patterns_anchor_like_ecma_and_go(pattern: str, text: str, matches: bool) -> None:
    assert bool(ecma_regex(pattern).search(text)) is matches


@pytest.mark.parametrize(
    "typo, expected",
    [
        ("authenticationtype", "authenticationType"),
        ("authentication_type", "authenticationType"),
        ("defaultRepo", "defaultRepository"),
        ("colour", None),
        ("buildkituri", "buildkitUri"),
        ("registyName", "registryName"),
    ],
)
def test_did_you_mean(typo: str, expected: str | None) -> None:
    keys = ["enabled", "authenticationType", "buildkitUri", "defaultRepository", "registryName"]
    assert suggest(typo, keys) == expected


def test_trailing_newline_in_a_dns_name_is_refused(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text('imageBuilder:\n  targetConfigMapName: "build-image-config\\n"\n')
    result = run_cli("validate", str(values))
    assert result.exit_code == 1
    assert f"{values}:2:24: error: $.imageBuilder.targetConfigMapName" in result.stdout


@pytest.mark.parametrize(
    "yaml_text, expected",
    [
        (
            'imageBuilder:\n  buildkit:\n    replicaCount: "2"\n',
            ':3:19: error: $.imageBuilder.buildkit.replicaCount: replicaCount must be an integer, not string "2"',
        ),
        (
            "imageBuilder:\n  buildkit:\n    replicaCount: 0\n",
            ":3:19: error: $.imageBuilder.buildkit.replicaCount: replicaCount is 0; it must be at least 1",
        ),
        (
            "imageBuilder:\n  authenticationType: AWS\n",
            'allowed: "noop", "google", "aws", "azure", "basic" [IB100]\n    hint: Use \'aws\'.',
        ),
        (
            "imageBuilder:\n  buildkit: null\n",
            ":2:3: error: $.imageBuilder.buildkit: imageBuilder.buildkit is required, but `null` deleted it",
        ),
        (
            "imageBuilder:\n  buildkit:\n    podEnv:\n      - name: A\n        value: 1\n",
            'hint: Quote the value: value: "1".',
        ),
    ],
)
def test_messages_name_the_problem_and_the_fix(
    tmp_path: Path, yaml_text: str, expected: str
) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(yaml_text)
    result = run_cli("validate", str(values))
    assert result.exit_code == 1
    assert expected in result.stdout
