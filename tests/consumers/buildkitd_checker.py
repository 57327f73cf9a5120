"""BuildKit's own configuration loader, as a test consumer (tests/consumers/buildkitd-config).

The Go program there is built against github.com/moby/buildkit at the version chartgen deploys.
`checker()` finds it on PATH (`.ci/run` builds it into `.tools/bin`), else builds it with the
same script when Go is installed; without Go the tests that need it are skipped, except under
CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, in_ci

PROGRAM = ROOT / "tests" / "consumers" / "buildkitd-config"
BINARY = "chartgen-buildkitd-config"


@cache
def _find_or_build() -> str | None:
    if shutil.which("go") is not None:
        # build.sh rebuilds only when the program's sources changed.
        out = ROOT / ".tools" / "bin" / BINARY
        subprocess.run([str(PROGRAM / "build.sh"), str(out)], check=True, timeout=900)
        return str(out)
    return shutil.which(BINARY)


def checker() -> str:
    path = _find_or_build()
    if path is None:
        message = f"{BINARY} not built and Go not installed"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass(frozen=True)
class Verdict:
    """What BuildKit says about one buildkitd.toml."""

    raw: dict[str, Any]

    @property
    def rejected(self) -> bool:
        """config.Load fails: buildkitd does not start."""
        return not self.raw["loaded"]

    @property
    def ignored(self) -> list[str]:
        return [p["key"] for p in self.raw["unknown"]]

    @property
    def refused(self) -> list[str]:
        return [p["key"] for p in self.raw["refused"]]

    @property
    def deprecated(self) -> list[str]:
        return [p["key"] for p in self.raw["deprecated"]]

    @property
    def clean(self) -> bool:
        return not (self.rejected or self.ignored or self.refused or self.deprecated)

    @property
    def category(self) -> str:
        if self.rejected:
            return "rejected"
        if self.refused:
            return "refused"
        if self.ignored:
            return "ignored"
        if self.deprecated:
            return "deprecated"
        return "accepted"


def check_texts(texts: list[str]) -> list[Verdict]:
    """BuildKit's verdict on each text, in one run of the checker."""
    binary = checker()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for index, text in enumerate(texts):
            path = Path(tmp) / f"{index}.toml"
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            paths.append(str(path))
        # Many files per run; the argument list stays far below the system limit.
        results: list[dict[str, Any]] = []
        for start in range(0, len(paths), 500):
            out = subprocess.run(
                [binary, "check", *paths[start : start + 500]],
                check=True, capture_output=True, text=True, timeout=300,
                env={**os.environ},
            )
            results.extend(json.loads(out.stdout))
    return [Verdict(r) for r in results]


def structure() -> dict[str, Any]:
    out = subprocess.run(
        [checker(), "structure"], check=True, capture_output=True, text=True, timeout=120
    )
    data: dict[str, Any] = json.loads(out.stdout)
    return data
