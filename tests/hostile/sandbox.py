"""Run the real CLI on hostile input, each case in its own process, bounded in memory and time.

A sandbox is one warm interpreter (chartgen and its heavy libraries imported once) that forks a
child per case. The child sets RLIMIT_AS, moves to the case's directory, takes its stdin from a
file (or has it closed), writes stdout and stderr to files, and runs `chartgen ARGS` exactly as
the `chartgen` script does. The parent waits with a deadline (SIGKILL after it) and reports the
exit status — or the signal that killed the child, so a segfault is seen as one — with the wall
time and the child's peak RSS. Forking makes a case cost tens of milliseconds instead of a cold
start, so property tests can afford hundreds of cases.

`inject` lets a case deliver a signal to itself (`{"function": "rename", "call": 3, "signal":
15}`), or fail with an errno (`"errno": 28`), at the Nth call of an `os` function the output
writer uses: a deterministic way to stop or break a run at every step of writing a directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

# Generous safety nets, not speed tests (the benchmark measures speed).
MEMORY_LIMIT = 2 * 1024**3
MAX_SECONDS = 20.0
MAX_RSS_MB = 600

SERVER = r"""
import json, os, resource, signal, sys, time

os.environ["NO_COLOR"] = "1"
os.environ.pop("CHARTGEN_DEBUG", None)
from chartgen.cli import app
# Warm what every command needs, so children start ready.
import chartgen.validate, chartgen.schema_findings, chartgen.render, chartgen.rules, chartgen.chart
import chartgen.values.strvals, chartgen.output, chartgen.chart.diff
chartgen.schema_findings.jsonschema_validator()
chartgen.rules.all_rules()

def child(case):
    limit = case["memory"]
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.chdir(case["cwd"])
    if case.get("umask") is not None:
        os.umask(case["umask"])
    for key, value in case.get("env", {}).items():
        os.environ[key] = value
    if case.get("stdin") is None:
        os.close(0)
        sys.stdin = None
    else:
        fd = os.open(case["stdin"], os.O_RDONLY)
        os.dup2(fd, 0)
        os.close(fd)
    err = os.open(case["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(err, 2)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    if case["stdout"] is None:  # a closed standard output, as `chartgen ... >&-` gives
        os.close(1)
        sys.stdout = None
    else:
        out = os.open(case["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    inject = case.get("inject")
    if inject:
        original = getattr(os, inject["function"])
        calls = {"n": 0}
        def wrapped(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == inject["call"]:
                if inject.get("errno"):
                    raise OSError(inject["errno"], os.strerror(inject["errno"]), str(args[0]))
                os.kill(os.getpid(), inject["signal"])
            return original(*args, **kwargs)
        setattr(os, inject["function"], wrapped)
    code = 0
    try:
        app(args=case["args"], prog_name="chartgen")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)

for line in sys.stdin:
    case = json.loads(line)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            child(case)
        finally:
            os._exit(70)
    deadline = start + case["timeout"]
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
            done, status, usage = os.wait4(pid, 0)
            timed_out = True
            break
        time.sleep(0.002)
    result = {
        "exit_code": os.waitstatus_to_exitcode(status),
        "seconds": time.perf_counter() - start,
        "max_rss_kb": usage.ru_maxrss,
        "timed_out": timed_out,
    }
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
"""


@dataclass
class Outcome:
    """What one case did: exit code (negative: killed by that signal), output, cost."""

    args: list[str]
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    timed_out: bool

    def check_clean(self, allowed: tuple[int, ...] = (0, 1, 2, 3)) -> None:
        """The invariants every case keeps, whatever its input."""
        context = f"chartgen {' '.join(a[:80] for a in self.args)[:400]}\n{self.stderr[-2000:]}"
        assert not self.timed_out, f"timed out after {self.seconds:.1f} s: {context}"
        assert self.exit_code >= 0, f"killed by signal {-self.exit_code}: {context}"
        assert self.exit_code in allowed, f"exit code {self.exit_code}: {context}"
        assert "Traceback" not in self.stderr + self.stdout, context
        assert "internal error" not in self.stderr, context
        assert self.max_rss_mb < MAX_RSS_MB, f"peak RSS {self.max_rss_mb:.0f} MB: {context}"


class Sandbox:
    """One warm server process; `run` executes one case in a fresh fork of it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.counter = 0
        env = {**os.environ, "NO_COLOR": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            text=True,
        )

    def run(
        self,
        *args: str,
        cwd: Path | None = None,
        stdin: bytes | Path | None = b"",
        env: dict[str, str] | None = None,
        timeout: float = MAX_SECONDS,
        memory: int = MEMORY_LIMIT,
        inject: dict[str, Any] | None = None,
        umask: int | None = None,
        stdout: Path | bool | None = True,
    ) -> Outcome:
        """`chartgen ARGS`; `stdin` is bytes, a path to read from, or None for a closed stdin;
        `stdout` True (captured), a path to write to (/dev/full), or None (closed)."""
        self.counter += 1
        base = self.workdir / f"case-{self.counter}"
        stdin_path: str | None
        if isinstance(stdin, bytes):
            stdin_file = base.with_suffix(".stdin")
            stdin_file.write_bytes(stdin)
            stdin_path = str(stdin_file)
        else:
            stdin_path = None if stdin is None else str(stdin)
        captured = base.with_suffix(".out")
        if stdout is True:
            stdout_path: str | None = str(captured)
        else:
            stdout_path = None if stdout is None or stdout is False else str(stdout)
        case = {
            "args": list(args),
            "cwd": str(cwd or self.workdir),
            "stdin": stdin_path,
            "stdout": stdout_path,
            "umask": umask,
            "stderr": str(base.with_suffix(".err")),
            "env": env or {},
            "timeout": timeout,
            "memory": memory,
            "inject": inject,
        }
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(case) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the sandbox server died"
        result = json.loads(line)
        text = captured.read_bytes().decode("utf-8", "replace") if captured.exists() else ""
        stderr = Path(case["stderr"]).read_bytes().decode("utf-8", "replace")
        for suffix in (".stdin", ".out", ".err"):
            base.with_suffix(suffix).unlink(missing_ok=True)
        return Outcome(
            list(args),
            result["exit_code"],
            text,
            stderr,
            result["seconds"],
            result["max_rss_kb"] / 1024,
            result["timed_out"],
        )

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def open_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The body of a module's `sandbox` fixture: one warm sandbox, closed at the end."""
    box = Sandbox(tmp_path_factory.mktemp("sandbox"))
    try:
        yield box
    finally:
        box.close()
