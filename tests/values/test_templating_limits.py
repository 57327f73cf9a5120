"""Hostile templates stay bounded: each case runs `chartgen validate` in a subprocess under a
memory limit and a timeout, and must end with its located finding (a hang guard, not a timed
assertion: the timeout only turns a hang into a failure instead of a stuck suite)."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

# Far above what a healthy run takes (well under a second and 200 MB); the cases this file
# guards against took 53 s, and more than 60 s with 500 MB, before the limits.
TIMEOUT_SECONDS = 60
MEMORY_BYTES = 2 * 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "chartgen", "validate", str(path)],
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS, preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure this test exists for
        pytest.fail(f"chartgen validate {path.name} did not finish in {TIMEOUT_SECONDS} s")


def fan_out(action: str, width: int = 30, levels: int = 5) -> str:
    """The issue's look-up fan-out: each level holds `width` look-ups of the next one."""
    lines = ["global:"]
    for level in range(levels):
        body = " ".join([action.format(level + 1)] * width)
        lines.append(f"  a{level}: '{body}'")
    lines.append(f"  a{levels}: leaf")
    lines.append("storage:")
    lines.append("  region: '" + action.format(0) + "'")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("name", "text", "rule", "where"),
    [
        ("unclosed-action-then-spaces", 'storage:\n  bucketName: "{{' + " " * 2000 + '"\n',
         "IB010", ":2:15: error:"),
        ("unclosed-action-then-many-spaces",
         'storage:\n  bucketName: "{{' + " " * 200_000 + '"\n', "IB010", ":2:15: error:"),
        ("many-opening-delimiters", 'storage:\n  region: "' + "{{" * 100_000 + '"\n',
         "IB010", ":2:11: error:"),
        ("tpl-lookup-fan-out", fan_out("{{{{ tpl .Values.global.a{} . }}}}"), "IB014",
         ":9:11: error:"),
        # Plain look-ups print the looked-up text once (one `tpl` pass): no fan-out at all.
        ("plain-lookup-fan-out", fan_out("{{{{ .Values.global.a{} }}}}"), "IB015",
         ":9:11: warning:"),
    ],
)
def test_hostile_templates_end_with_a_located_finding(
    tmp_path: Path, name: str, text: str, rule: str, where: str
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate(path)
    assert "Traceback" not in result.stderr
    line = next(
        (line for line in (result.stdout + result.stderr).splitlines() if f"[{rule}]" in line),
        None,
    )
    assert line is not None, result.stdout + result.stderr
    assert where in line
    assert result.returncode == (0 if ": warning:" in where else 1)


def test_the_fan_out_file_is_the_size_the_issue_measured() -> None:
    assert 3000 < len(fan_out("{{{{ .Values.global.a{} }}}}")) < 4500


@pytest.mark.parametrize("command", ["validate", "render", "chart"])
@pytest.mark.parametrize("expression", [
    '{{ lookup "v1" "Secret" "union" "s3-keys" }}', '{{ exec "sh" (list "-c" "id") }}',
    "{{ .Release.Name }}-builds",
])
def test_an_expression_helm_would_evaluate_is_an_error_in_every_command(
    tmp_path: Path, command: str, expression: str
) -> None:
    from conftest import run_cli

    values = tmp_path / "values.yaml"
    values.write_text(f"storage:\n  bucketName: '{expression}'\n", encoding="utf-8")
    args = [command, str(values)]
    if command == "chart":
        args += ["--output-dir", str(tmp_path / "chart")]
    result = run_cli(*args)
    assert result.exception is None, result.exception
    assert result.exit_code == 1
    assert "[IB010]" in result.stdout + result.stderr
    assert not (tmp_path / "chart").exists()  # nothing written
