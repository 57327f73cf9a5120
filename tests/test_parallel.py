"""`validate --each --jobs N`: the same output, byte for byte, as one process validating the
files one after the other — for every report format, with unreadable files, stdin and `-f`
files among them — and `chartgen.parallel.ordered_map`'s promises one by one (order, an
exception at its place, stdin read in order by the parent, a worker that dies, cleanup), and
no worker left behind when the reader goes away or Ctrl-C stops the run."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from chartgen.parallel import can_fork, ordered_map, worker_count

FORMATS = ("text", "json", "github", "sarif", "junit")

needs_fork = pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")

STDIN_VALUES = b"""\
imageBuilder:
  authenticationType: aws
  defaultRepository: 123456789012.dkr.ecr.us-east-2.amazonaws.com/union-builds
"""


EXAMPLE = (ROOT / "values.example.yaml").read_text(encoding="utf-8")
# Inline rule control: one comment that suppresses a finding (IB231, on the ephemeral-storage
# limit), one that suppresses nothing (IB021) and one that is malformed (IB020).
DIRECTIVES = (
    EXAMPLE.replace("ephemeral-storage: 150Gi", "ephemeral-storage: 150Gi  # chartgen: disable=IB231")
    .replace("replicaCount:", "# chartgen: disable=IB219\n    replicaCount:", 1)
    + "# chartgen: disable=\n"
)


def batch(tmp_path: Path) -> list[str]:
    """Every fixture, a copy of each under another name, files with inline rule control, and
    stdin, a missing file, a directory and a binary file among them."""
    fixtures = sorted(str(p) for p in FIXTURES.rglob("*.yaml"))
    copies = []
    for index, fixture in enumerate(fixtures):
        copy = tmp_path / f"copy-{index}-{Path(fixture).name}"
        copy.write_bytes(Path(fixture).read_bytes())
        copies.append(str(copy))
    controlled = []
    for index in range(20):
        path = tmp_path / f"controlled-{index}.yaml"
        path.write_text(DIRECTIVES, encoding="utf-8")
        controlled.append(str(path))
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"imageBuilder:\x00\x01")
    middle = len(fixtures) // 2
    return [
        *fixtures[:middle], "-", str(tmp_path / "missing.yaml"), *controlled, *fixtures[middle:],
        str(tmp_path), str(binary), *copies,
    ]


def run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """The real entry point, in a fresh process, as a user runs it."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "chartgen", *args], cwd=ROOT, input=STDIN_VALUES,
        capture_output=True, env=env, check=False,
    )


@needs_fork
@pytest.mark.parametrize("output", FORMATS)
def test_every_format_is_the_same_in_parallel(tmp_path: Path, output: str) -> None:
    files = batch(tmp_path)
    base = ["validate", "--each", "-o", output, *files]
    sequential = run([*base, "--jobs", "1"])
    assert sequential.returncode == 3  # the unreadable files
    assert sequential.stdout
    for jobs in ("2", "3"):
        parallel = run([*base, "--jobs", jobs])
        assert parallel.returncode == sequential.returncode
        assert parallel.stdout == sequential.stdout
        assert parallel.stderr == sequential.stderr


@needs_fork
@pytest.mark.parametrize("extra", [["--strict"], ["-f", "values.example.yaml", "--set",
                                                   "imageBuilder.buildkit.replicaCount=3"],
                                   ["--validate-manifests", "-o", "json"]])
def test_strict_base_files_and_manifests_are_the_same_in_parallel(extra: list[str]) -> None:
    files = sorted(str(p) for p in FIXTURES.rglob("*.yaml"))
    base = ["validate", "--each", *extra, *files]
    sequential = run([*base, "-j", "1"])
    parallel = run([*base, "-j", "2"])
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (
        sequential.returncode, sequential.stdout, sequential.stderr,
    )


# An overlay that moves IB231's finding from the base file's line to its own.
MOVED = "imageBuilder:\n  buildkit:\n    resources:\n      limits:\n        ephemeral-storage: 1Ti\n"
STAYS = "imageBuilder:\n  buildkit:\n    replicaCount: 3\n"


@needs_fork
@pytest.mark.parametrize("commented", [True, False], ids=["base-with-comments", "plain-base"])
def test_a_base_file_ties_the_subjects_together_only_through_its_comments(
    tmp_path: Path, commented: bool
) -> None:
    """Rule control remembers what a base file's comment suppressed in earlier subjects: here
    only the second subject uses `disable=IB231`, so one process reports it unused (IB021) for
    the first subject only, and a worker that never saw the second one would report it again.
    Such a batch is validated in order; a base file without comments does not hold it back."""
    base = EXAMPLE.replace("ephemeral-storage: 150Gi",
                           "ephemeral-storage: 150Gi" + ("  # chartgen: disable=IB231" * commented))
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    files = []
    for index in range(60):
        path = tmp_path / f"overlay-{index:02d}.yaml"
        path.write_text(STAYS if index == 1 else MOVED, encoding="utf-8")
        files.append(str(path))
    args = ["validate", "--each", "-o", "json", "-f", str(tmp_path / "base.yaml"), *files]
    sequential = run([*args, "-j", "1"])
    parallel = run([*args, "-j", "2"])
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (
        sequential.returncode, sequential.stdout, sequential.stderr,
    )
    assert sequential.stdout.count(b'"IB021"') == commented  # the first subject's only


@needs_fork
def test_a_file_named_twice_is_the_same_in_parallel(tmp_path: Path) -> None:
    files = batch(tmp_path)
    again = [name for name in files if "controlled" in name]  # with comments rule control takes
    args = ["validate", "--each", "-o", "json", *files, *again]
    sequential = run([*args, "-j", "1"])
    parallel = run([*args, "-j", "2"])
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (
        sequential.returncode, sequential.stdout, sequential.stderr,
    )


@pytest.mark.parametrize("jobs", ["0", "-1", "x", "1.5", "auto2", "", "1" * 20, "٣"])
def test_bad_jobs_is_a_usage_error(jobs: str) -> None:
    result = run_cli("validate", "--each", "--jobs", jobs, str(ROOT / "values.example.yaml"))
    assert result.exit_code == 2
    assert "--jobs takes a number of processes or auto" in result.stderr


@pytest.mark.parametrize("jobs", ["auto", "1", "64"])
def test_good_jobs(jobs: str) -> None:
    result = run_cli("validate", "--each", "--jobs", jobs, str(ROOT / "values.example.yaml"))
    assert result.exit_code == 0, result.stderr


# -- ordered_map ---------------------------------------------------------------------------


def where(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


@needs_fork
def test_results_come_in_order_from_several_workers() -> None:
    results = list(ordered_map(where, range(200), 3))
    assert [square for square, _ in results] == [i * i for i in range(200)]
    workers = {pid for _, pid in results} - {os.getpid()}
    assert len(workers) == 3
    assert results[0][1] == os.getpid()  # the first item warms the parent up before the fork


@needs_fork
def test_items_that_depend_on_each_other_stay_in_this_process() -> None:
    results = list(ordered_map(where, range(200), 3, prepare=lambda: False))
    assert {pid for _, pid in results} == {os.getpid()}
    assert [square for square, _ in results] == [i * i for i in range(200)]


def test_few_items_or_one_job_stay_in_this_process() -> None:
    assert worker_count(1, 1000) == 0
    assert worker_count(8, 7) == 0  # fewer than two workers' worth of items
    results = list(ordered_map(where, range(50), 1))
    assert {pid for _, pid in results} == {os.getpid()}


def fails_at_17(item: int) -> int:
    if item == 17:
        raise ValueError(f"item {item} is bad")
    return item


@needs_fork
def test_an_exception_reaches_the_caller_at_its_place() -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="item 17 is bad"):
        for value in ordered_map(fails_at_17, range(100), 2):
            seen.append(value)
    assert seen == list(range(17))


@needs_fork
def test_stdin_is_read_by_this_process_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    def reads_stdin(item: int) -> tuple[int, bytes, int]:
        data = sys.stdin.buffer.read() if item in (5, 30, 31) else b""
        return item, data, os.getpid()

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"from stdin")))
    results = list(ordered_map(reads_stdin, range(60), 2))
    assert [item for item, _, _ in results] == list(range(60))
    assert {item: data for item, data, _ in results if data} == {5: b"from stdin"}
    assert all(pid == os.getpid() for item, _, pid in results if item in (5, 30, 31))


@needs_fork
def test_the_items_of_a_worker_that_dies_are_computed_here() -> None:
    parent = os.getpid()

    def dies_at_40(item: int) -> tuple[int, int]:
        if item == 40 and os.getpid() != parent:
            os._exit(9)  # a crash (the OOM killer, say): no result, no goodbye
        return item, os.getpid()

    results = list(ordered_map(dies_at_40, range(150), 2))
    assert [item for item, _ in results] == list(range(150))
    assert results[40][1] == parent


@needs_fork
def test_stopping_early_reaps_every_worker() -> None:
    results = ordered_map(where, range(400), 2)
    seen = [next(results) for _ in range(30)]
    results.close()
    workers = {pid for _, pid in seen} - {os.getpid()}
    assert workers
    for pid in workers:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped


# -- stopping early, through the real CLI --------------------------------------------------------


def leftover(marker: str) -> list[int]:
    """Processes whose command line names `marker` (the workers carry the parent's argv)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def many_files(tmp_path: Path, copies: int = 10) -> list[str]:
    """`copies` copies of the fixtures, in a folder whose name no other process carries."""
    folder = tmp_path / f"batch-{os.getpid()}-{id(tmp_path)}"
    folder.mkdir()
    paths = []
    for copy in range(copies):
        for source in sorted(FIXTURES.rglob("*.yaml")):
            target = folder / f"{copy}-{source.parent.name}-{source.name}"
            target.write_bytes(source.read_bytes())
            paths.append(str(target))
    return paths


def gone(marker: str) -> bool:
    for _ in range(50):
        if not leftover(marker):
            return True
        time.sleep(0.1)
    return False


@needs_fork
def test_a_closed_pipe_stops_every_worker(tmp_path: Path) -> None:
    files = many_files(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "chartgen", "validate", "--each", "-j", "2", *files],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.read(100)
    process.stdout.close()  # like `| head -c 100`
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert b"Traceback" not in stderr
    assert gone(Path(files[0]).parent.name)


@needs_fork
def test_ctrl_c_stops_every_worker(tmp_path: Path) -> None:
    files = many_files(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "chartgen", "validate", "--each", "-j", "2", *files],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    assert process.stdout is not None
    process.stdout.read(100)  # the workers are running
    os.killpg(process.pid, signal.SIGINT)  # the terminal sends it to the whole group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.endswith(b"chartgen: interrupted\n")
    assert b"Traceback" not in stderr
    assert gone(Path(files[0]).parent.name)
