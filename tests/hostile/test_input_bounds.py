"""Every input is bounded before it is parsed or copied: endless and huge sources, deep nesting,
and `--set` expressions that would build gigabytes, each refused with a located IB007 finding.

Cases run the real CLI in a sandboxed fork (RLIMIT_AS, a deadline); its safety nets fail a case
that crashes, hangs or balloons. Cost is bounded by construction, never asserted as speed.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from sandbox import Outcome, Sandbox, open_sandbox

EXAMPLE = ROOT / "values.example.yaml"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from open_sandbox(tmp_path_factory)


def validate(box: Sandbox, *args: str, **kwargs: Any) -> tuple[Outcome, list[dict[str, Any]]]:
    outcome = box.run("validate", "-o", "json", *args, **kwargs)
    outcome.check_clean()
    report = json.loads(outcome.stdout) if outcome.stdout.strip() else {"results": []}
    findings = [f for result in report["results"] for f in result["findings"]]
    return outcome, findings


def only_limit(findings: list[dict[str, Any]], fragment: str) -> dict[str, Any]:
    (finding,) = findings
    assert finding["rule"] == "IB007", finding
    assert fragment in finding["message"], finding["message"]
    return finding


# -- endless and huge sources --------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_as_values_files(sandbox: Sandbox, device: str) -> None:
    outcome, findings = validate(sandbox, device)
    assert outcome.exit_code == 1
    only_limit(findings, "larger than 16,777,216 bytes")


def test_endless_stdin(sandbox: Sandbox) -> None:
    outcome, findings = validate(sandbox, "-", stdin=Path("/dev/zero"))
    assert outcome.exit_code == 1
    assert only_limit(findings, "larger than 16,777,216 bytes")["file"] == "<stdin>"


def test_a_fifo_with_an_endless_writer(sandbox: Sandbox, tmp_path: Path) -> None:
    fifo = tmp_path / "values.fifo"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write_forever() -> None:
        chunk = b"# " + b"x" * 65_533 + b"\n"
        try:
            with open(fifo, "wb") as handle:
                while not stop.is_set():
                    handle.write(chunk)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    try:
        outcome, findings = validate(sandbox, str(fifo))
    finally:
        stop.set()
    assert outcome.exit_code == 1
    only_limit(findings, "larger than 16,777,216 bytes")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_set_file_from_an_endless_device(sandbox: Sandbox, device: str) -> None:
    outcome, findings = validate(sandbox, "--set-file", f"imageBuilder.buildkit.extraConfig={device}")
    assert outcome.exit_code == 1
    finding = only_limit(findings, "larger than 1,048,576 bytes")
    assert finding["file"].startswith("--set-file imageBuilder.buildkit.extraConfig=")


def test_a_file_that_lies_about_its_size_is_read_only_to_the_limit(sandbox: Sandbox,
                                                                   tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.yaml"
    with sparse.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GiB of holes: costs nothing on disk
    outcome, findings = validate(sandbox, str(sparse))
    assert outcome.exit_code == 1
    only_limit(findings, "larger than 16,777,216 bytes")


# -- nesting -------------------------------------------------------------------------------------

NESTED = {
    # The C composer recursed once per level without a guard: a segfault at 30,000.
    "flow-lists-30000": "x: " + "[" * 30_000 + "\n",
    # libyaml's scanner works per open flow level for every token: minutes at 100,000.
    "flow-maps-100000": "x: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
    "flow-maps-100000-unclosed": "x: " + "{a: " * 100_000,
    "json-object-20000": '{"a": ' * 20_000 + "1" + "}" * 20_000,
    "compact-sequences-100000": "- " * 100_000 + "x\n",
    "block-maps-3000": "".join("  " * i + f"k{i}:\n" for i in range(3_000)),
    # Small texts too: the guard does not wait for a size threshold.
    "flow-lists-129-tiny": "x: " + "[" * 129 + "]" * 129 + "\n",
}


@pytest.mark.parametrize("text", list(NESTED.values()), ids=list(NESTED))
def test_deep_nesting_is_refused_at_any_size(sandbox: Sandbox, tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    outcome, findings = validate(sandbox, str(path))
    assert outcome.exit_code == 1
    finding = only_limit(findings, "nested more than 128 levels deep")
    assert finding["file"] == str(path) and finding["line"] >= 1


def test_nesting_at_the_limit_is_accepted(sandbox: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("x: " + "[" * 128 + "]" * 128 + "\n")
    outcome, findings = validate(sandbox, str(path))
    assert outcome.exit_code == 0, findings


def test_merging_large_files_is_linear(sandbox: Sandbox, tmp_path: Path) -> None:
    # Merging replaced each key's provenance by scanning all of it: quadratic in the keys.
    body = "a:\n" + "".join(f"  k{i}: v\n" for i in range(60_000))
    (tmp_path / "one.yaml").write_text(body)
    (tmp_path / "two.yaml").write_text(body)
    outcome, findings = validate(sandbox, str(tmp_path / "one.yaml"), str(tmp_path / "two.yaml"))
    assert outcome.exit_code == 0, findings


# -- --set ---------------------------------------------------------------------------------------


def test_set_indices_cannot_build_gigabytes(sandbox: Sandbox) -> None:
    expression = ",".join(f"x{i}[65536]=1" for i in range(40))
    outcome, findings = validate(sandbox, "--set", expression)
    assert outcome.exit_code == 1
    finding = only_limit(findings, "may add at most 200,000")
    assert finding["file"].startswith("--set x0[65536]=1,")
    assert "(at character" in finding["message"]


def test_set_indices_count_across_flags(sandbox: Sandbox) -> None:
    flags = [item for i in range(4) for item in ("--set", f"x{i}[65536]=1")]
    outcome, findings = validate(sandbox, *flags)
    assert outcome.exit_code == 1
    only_limit(findings, "may add at most 200,000")


def test_one_helm_sized_index_is_fine(sandbox: Sandbox) -> None:
    outcome, _ = validate(sandbox, "--set", "x[65536]=1")
    assert outcome.exit_code == 0


@pytest.mark.parametrize(
    "flag, expression, fragment",
    [
        ("--set-json", "a=" + "[" * 600 + "]" * 600, "JSON value nests more than 128"),
        ("--set-json", "a={" + '"b":{' * 600 + "}" * 601, "JSON value nests more than 128"),
        ("--set", "x" + "[0]" * 600 + "=1", "key path nests more than 128"),
        ("--set", "x" + "[0].k" * 300 + "=1", "key path nests more than 128"),
        ("--set-string", "x" + "[0]" * 600 + "=1", "key path nests more than 128"),
    ],
    ids=["json-lists-600", "json-maps-600", "list-path-600", "list-map-path-600", "string-600"],
)
def test_set_nesting_is_bounded(sandbox: Sandbox, flag: str, expression: str,
                                fragment: str) -> None:
    outcome, findings = validate(sandbox, flag, expression)
    assert outcome.exit_code == 1
    finding = only_limit(findings, fragment)
    assert finding["file"].startswith(flag + " ")


def test_json_nesting_counts_with_the_key_path(sandbox: Sandbox) -> None:
    path = "a." * 20 + "b"
    outcome, _ = validate(sandbox, "--set-json", f"{path}=" + "[" * 100 + "]" * 100)
    assert outcome.exit_code == 0
    outcome, findings = validate(sandbox, "--set-json", f"{path}=" + "[" * 110 + "]" * 110)
    only_limit(findings, "together with its key path")


def test_thousands_of_set_flags_on_a_large_list(sandbox: Sandbox, tmp_path: Path) -> None:
    # Each flag deep-copied all the values before: 2,000 flags on 100,000 items took minutes.
    (tmp_path / "list.yaml").write_text("x:\n" + "".join(f"  - {i}\n" for i in range(100_000)))
    flags = [item for i in range(2_000) for item in ("--set", f"x[{i}]={i}")]
    outcome, findings = validate(sandbox, str(tmp_path / "list.yaml"), *flags)
    assert outcome.exit_code == 0, findings


@pytest.mark.parametrize("flag", ["--set", "--set-string", "--set-literal"])
def test_one_expression_with_thousands_of_assignments(sandbox: Sandbox, flag: str) -> None:
    # Each assignment's position in the expression was found by scanning the whole expression
    # again: quadratic, minutes for the ~100 KB Linux allows in one argument.
    expression = ",".join(f"k{i}=v" for i in range(12_000))
    outcome, findings = validate(sandbox, flag, expression)
    assert outcome.exit_code == 0, findings


def test_a_failing_set_flag_does_not_hide_the_others(sandbox: Sandbox) -> None:
    flags = [item for i in range(4) for item in ("--set", f"x{i}[65536]=1")]
    outcome, findings = validate(sandbox, *flags, "--set", "b=1", "--set", "c[x]=1")
    assert outcome.exit_code == 2  # the syntax error is a usage error and outranks the limit
    assert {f["rule"] for f in findings} == {"IB007", "IB008"}


# -- chart --check -------------------------------------------------------------------------------


def test_check_over_a_huge_sparse_file(sandbox: Sandbox, tmp_path: Path) -> None:
    written = sandbox.run("chart", str(EXAMPLE), "--output-dir", "chart", cwd=tmp_path)
    assert written.exit_code == 0, written.stderr
    with (tmp_path / "chart" / "values.yaml").open("r+b") as handle:
        handle.truncate(3 * 1024**3)
    with (tmp_path / "chart" / "templates" / "extra.bin").open("wb") as handle:
        handle.truncate(3 * 1024**3)
    outcome = sandbox.run("chart", str(EXAMPLE), "--output-dir", "chart", "--check", cwd=tmp_path)
    outcome.check_clean()
    assert outcome.exit_code == 1
    assert "changed: values.yaml (longer than chartgen's version" in outcome.stdout
    assert "removed: templates/extra.bin" in outcome.stdout
