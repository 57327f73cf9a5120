"""Hostile input through the real CLI, in a subprocess: findings, a clean exit code, bounded cost.

Each case runs `chartgen validate -o json` in a fresh interpreter that records its own wall time
and peak RSS (`resource.getrusage`), under an address-space limit so a regression fails the
test instead of the machine. The bounds are generous safety nets, not speed tests: the
benchmark (`bench/run.py`) measures speed.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

MAX_RSS_MB = 500
MAX_SECONDS = 20.0

# Runs the CLI like the `chartgen` script does, then reports time and peak memory.
DRIVER = r"""
import json, os, resource, sys, time
limit = 4 * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.perf_counter()
from chartgen.cli import app
code = 0
try:
    app(args=sys.argv[1:], prog_name="chartgen")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
# ru_maxrss survives exec: it would count the parent's (pytest's) memory at fork time.
# VmHWM is the peak of this process image alone.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
stats = {
    "seconds": time.perf_counter() - start,
    "max_rss_kb": peak,
}
with open(os.environ["CHARTGEN_TEST_STATS"], "w") as handle:
    json.dump(stats, handle)
sys.stdout.flush()
os._exit(code)
"""


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for r in self.report.get("results", []) for f in r["findings"]]

    def rules(self) -> set[str]:
        return {f["rule"] for f in self.findings}


def run_bounded(tmp_path: Path, *args: str, stdin: bytes = b"") -> Run:
    stats_path = tmp_path / "stats.json"
    env = {**os.environ, "CHARTGEN_TEST_STATS": str(stats_path), "NO_COLOR": "1"}
    env.pop("CHARTGEN_DEBUG", None)
    completed = subprocess.run(
        [sys.executable, "-c", DRIVER, "validate", "-o", "json", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=MAX_SECONDS * 3,
    )
    stats = json.loads(stats_path.read_text())
    run = Run(
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8", "replace"),
        stats["seconds"],
        stats["max_rss_kb"] / 1024,
    )
    if run.stdout.strip():
        run.report = json.loads(run.stdout)
    return run


def check_clean(run: Run) -> None:
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert "internal error" not in run.stderr, run.stderr
    assert run.seconds < MAX_SECONDS, f"took {run.seconds:.1f} s"
    assert run.max_rss_mb < MAX_RSS_MB, f"peak RSS {run.max_rss_mb:.0f} MB"
    assert run.report, "no JSON report on stdout"


# -- hostile files: (name, content, expected exit code, expected rule, expected (line, col)) --


def billion_laughs(kind: str) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        if kind == "list":
            lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
        else:
            lines.append(f"{cur}: &{cur} {{" + ", ".join(f"k{j}: *{prev}" for j in range(9)) + "}")
    return "\n".join(lines) + "\n"


def large_anchor_many_aliases() -> str:
    # One 1 MiB string referenced 20,000 times: memory must stay one string, not 20 GiB.
    return 'big: &big "' + "x" * (1 << 20) + '"\nmany: [' + ", ".join(["*big"] * 20_000) + "]\n"


def random_bytes(with_nul: bool) -> bytes:
    rng = random.Random(20240601)
    data = bytes(rng.randrange(256) for _ in range(64 * 1024))
    if not with_nul:
        data = data.replace(b"\x00", b"\xff")
    return data


def too_many_values() -> str:
    # Just over the builder's value limit, below the parser-event pre-count's.
    return "imageBuilder:\n  podAnnotations:\n" + "".join(
        f"    k{i}: v\n" for i in range(205_000)
    )


def just_under_16_mib(item: str, head: str, tail: str) -> str:
    """`head` + as many `item`s as fit in 16 MiB + `tail`: millions of tiny values."""
    count = (16 * 1024 * 1024 - len(head) - len(tail) - 16) // len(item)
    return head + item * count + tail


BOM_CRLF_VALID = (
    "\ufeff# saved on Windows\r\nimageBuilder:\r\n  enabled: true\r\n"
    "  buildkit:\r\n    replicaCount: 2\r\n"
).encode("utf-8")
BOM_CRLF_INVALID = "\ufeffimageBuilder:\r\n  buildkit:\r\n    replicaCount: 0\r\n".encode("utf-8")
UTF16_INVALID = "imageBuilder:\n  buildkit:\n    replicaCount: 0\n"
UTF16_LE = b"\xff\xfe" + UTF16_INVALID.encode("utf-16-le")
UTF16_BE = b"\xfe\xff" + UTF16_INVALID.encode("utf-16-be")
BAD_INDENT = "imageBuilder:\n  enabled: true\n   registryName: x\n"


def deep_block_maps() -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(3_000))

CASES: list[tuple[str, bytes | str | Callable[[], bytes | str], int, str | None, Any]] = [
    ("unclosed-quote", 'imageBuilder:\n  registryName: "unclosed\n', 1, "IB001", None),
    ("unclosed-bracket", "imageBuilder:\n  buildkit: {enabled: [true\n", 1, "IB001", None),
    ("bad-indentation", BAD_INDENT, 1, "IB001", (3, 16)),
    ("tab-indentation", "imageBuilder:\n\tenabled: true\n", 1, "IB001", (2, 1)),
    ("billion-laughs-lists", lambda: billion_laughs("list"), 1, "IB007", None),
    ("billion-laughs-maps", lambda: billion_laughs("map"), 1, "IB007", None),
    ("large-anchor-many-aliases", large_anchor_many_aliases, 0, None, None),
    ("deep-flow-lists", "x: " + "[" * 10_000 + "]" * 10_000 + "\n", 1, "IB007", None),
    ("deep-unclosed-lists", "x: " + "[" * 10_000 + "\n", 1, None, None),
    ("deep-flow-maps", "x: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", 1, "IB007", None),
    ("deep-block-maps", deep_block_maps, 1, "IB007", None),
    ("too-many-values", too_many_values, 1, "IB007", None),
    ("16-MiB-flow-list", lambda: just_under_16_mib("1,", "a: [", "1]\n"), 1, "IB007", None),
    ("16-MiB-block-list", lambda: just_under_16_mib("- 1\n", "", ""), 1, "IB007", None),
    (
        "16-MiB-mapping",
        lambda: "a:\n" + "".join(f" k{i}: v\n" for i in range(1_400_000))[: 16 * 1024 * 1024 - 8],
        1,
        "IB007",
        None,
    ),
    ("binary-with-nul", lambda: random_bytes(True), 1, "IB004", None),
    ("binary-without-nul", lambda: random_bytes(False), 1, "IB004", None),
    ("nul-byte", b"imageBuilder:\n  enabled: true\x00\n", 1, "IB004", (2, 16)),
    ("latin-1", "imageBuilder:\n  registryName: café\n".encode("latin-1"), 1, "IB004", (2, 20)),
    ("utf-16-le-bom", UTF16_LE, 1, "IB100", (3, 19)),
    ("utf-16-be-bom", UTF16_BE, 1, "IB100", (3, 19)),
    ("utf-8-bom-crlf-valid", BOM_CRLF_VALID, 0, None, None),
    ("utf-8-bom-crlf-invalid", BOM_CRLF_INVALID, 1, "IB100", (3, 19)),
    ("utf-8-bom-first-line", "\ufeff- a\r\n".encode("utf-8"), 1, "IB005", (1, 1)),
    ("python-object-tag", "imageBuilder: !!python/object:os.system {}\n", 1, "IB006", (1, 15)),
    ("custom-tag", "imageBuilder:\n  enabled: !vault secret/x\n", 1, "IB006", (2, 12)),
    ("duplicate-key", "imageBuilder:\n  enabled: true\n  enabled: false\n", 1, "IB002", (3, 3)),
    ("duplicate-top-key", "imageBuilder: {}\nimageBuilder: {}\n", 1, "IB002", (2, 1)),
    ("unknown-key", "imageBuilder:\n  authenticationtype: aws\n", 1, "IB101", (2, 3)),
    ("multi-document", "imageBuilder: {}\n---\nimageBuilder: {}\n", 1, "IB003", None),
    ("top-level-list", "- imageBuilder: {}\n", 1, "IB005", (1, 1)),
    ("top-level-scalar", "just a string\n", 1, "IB005", (1, 1)),
    ("imageBuilder-null", "imageBuilder: null\n", 1, "IB102", (1, 1)),
    ("infinity", "imageBuilder:\n  buildkit:\n    replicaCount: .inf\n", 1, "IB001", (3, 19)),
    ("empty-file", "", 0, None, None),
    ("only-comments", "# nothing here\n\n   # at all\n", 0, None, None),
    ("only-document-marker", "---\n", 0, None, None),
    ("null-document", "null\n", 0, None, None),
    ("quoted-null-document", '"null"\n', 1, "IB005", (1, 1)),
]


SLOW_CASES = {"too-many-values"}  # builds 200,000 values before the limit stops it


def _content(spec: bytes | str | Callable[[], bytes | str]) -> bytes:
    value = spec() if callable(spec) else spec
    return value.encode("utf-8") if isinstance(value, str) else value


@pytest.mark.parametrize(
    "content, expected_exit, rule, position",
    [
        pytest.param(
            *case[1:], id=case[0], marks=[pytest.mark.slow] if case[0] in SLOW_CASES else []
        )
        for case in CASES
    ],
)
def test_hostile_file(
    tmp_path: Path,
    content: bytes | str | Callable[[], bytes | str],
    expected_exit: int,
    rule: str | None,
    position: tuple[int, int] | None,
) -> None:
    path = tmp_path / "values.yaml"
    path.write_bytes(_content(content))
    run = run_bounded(tmp_path, str(path))
    check_clean(run)
    assert run.exit_code == expected_exit, run.stdout
    if expected_exit == 0:
        assert not [f for f in run.findings if f["severity"] == "error"]
        return
    assert run.findings, "a failing run must say why"
    if rule is not None:
        assert rule in run.rules(), run.stdout
        matching = [f for f in run.findings if f["rule"] == rule]
        assert all(f["file"] == str(path) for f in matching)
        if position is not None:
            assert (position[0], position[1]) in {(f["line"], f["column"]) for f in matching}


def test_python_tag_is_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "values.yaml"
    path.write_text(
        f'imageBuilder: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    run = run_bounded(tmp_path, str(path))
    check_clean(run)
    assert run.exit_code == 1 and "IB006" in run.rules()
    assert not marker.exists()


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    line = "    key{:08d}: " + "x" * 100 + "\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("imageBuilder:\n  podAnnotations:\n")
        for i in range(170_000):  # ~19 MiB
            handle.write(line.format(i))
    assert path.stat().st_size > 16 * 1024 * 1024
    run = run_bounded(tmp_path, str(path))
    check_clean(run)
    assert run.exit_code == 1
    (finding,) = run.findings
    assert finding["rule"] == "IB007"
    assert "larger than 16,777,216 bytes" in finding["message"]


def test_huge_stdin_is_refused(tmp_path: Path) -> None:
    data = b"imageBuilder:\n  registryName: " + b"x" * (17 * 1024 * 1024) + b"\n"
    run = run_bounded(tmp_path, "-", stdin=data)
    check_clean(run)
    assert run.exit_code == 1
    assert "IB007" in run.rules()


@pytest.mark.parametrize(
    "stdin, expected_exit, rule",
    [
        pytest.param(b"imageBuilder:\n  enabled: maybe\n", 1, "IB100", id="wrong-type"),
        pytest.param(b"imageBuilder: [\n", 1, "IB001", id="syntax"),
        pytest.param(b"\x00\x01\x02binary", 1, "IB004", id="binary"),
        pytest.param(b"", 0, None, id="empty"),
        pytest.param(BOM_CRLF_VALID, 0, None, id="bom-crlf"),
    ],
)
def test_stdin(tmp_path: Path, stdin: bytes, expected_exit: int, rule: str | None) -> None:
    run = run_bounded(tmp_path, "-", stdin=stdin)
    check_clean(run)
    assert run.exit_code == expected_exit, run.stdout
    assert run.report["results"][0]["checked"] == ["<stdin>"]
    if rule is not None:
        assert rule in run.rules()
        assert {f["file"] for f in run.findings if f["rule"] == rule} == {"<stdin>"}


def test_unreadable_inputs_exit_3(tmp_path: Path) -> None:
    directory = tmp_path / "a-directory"
    directory.mkdir()
    for target in (tmp_path / "missing.yaml", directory):
        run = run_bounded(tmp_path, str(target))
        check_clean(run)
        assert run.exit_code == 3
        assert run.rules() == {"IB009"}


def test_unreadable_permission_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the user may not read is an environment failure (exit 3).

    Test double: CI runs as root, which reads any file whatever its mode, so the denial is
    simulated by making the read raise the PermissionError the OS would raise.
    """
    from conftest import run_cli

    from chartgen.values import loader

    path = tmp_path / "secret.yaml"
    path.write_text("imageBuilder: {}\n", encoding="utf-8")
    original = loader._open

    def denied(name: str) -> Any:
        if name == str(path):
            raise PermissionError(13, "Permission denied", name)
        return original(name)

    monkeypatch.setattr(loader, "_open", denied)
    result = run_cli("validate", str(path))
    assert result.exception is None
    assert result.exit_code == 3
    assert "cannot read values file: permission denied [IB009]" in result.stdout


def test_unknown_keys_outside_imageBuilder_pass_through(tmp_path: Path) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(
        "flyteadmin:\n  whatever: [1, 2]\nimageBuilder:\n  enabled: true\n", encoding="utf-8"
    )
    run = run_bounded(tmp_path, str(path))
    check_clean(run)
    assert run.exit_code == 0
    assert "IB101" not in run.rules()
