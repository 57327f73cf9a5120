"""Helpers of the hardening tests: the scenarios, rendering them, and running kube-score.

The hardened scenarios live with the others in tests/render/scenarios/ (named `hardened-*`),
so the snapshot matrix and the strict schema test cover them too.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, in_ci, run_cli
from ruamel.yaml import YAML

SCENARIOS = ROOT / "tests" / "render" / "scenarios"
ALL_SCENARIOS = sorted(SCENARIOS.glob("*.yaml"))
HARDENED = sorted(SCENARIOS.glob("hardened-*.yaml"))
# Mutual TLS, for deployments whose every client presents a certificate; the others are the
# set-up recommended for Union's build task, which presents none.
HARDENED_TLS = [p for p in HARDENED if "    tls:\n      enabled: true" in p.read_text("utf-8")]
DEFAULT_SCENARIO = SCENARIOS / "defaults-noop.yaml"
IGNORES_FILE = Path(__file__).resolve().parent / "kube-score-ignores.yaml"

SECURITY_RULES = (*(f"IB30{n}" for n in range(1, 9)), "IB320", "IB321", "IB322")
_RULE = re.compile(r"\[(IB\d{3})\]")


def scenario_args(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return shlex.split(first.removeprefix("# args:")) if first.startswith("# args:") else []


def scenario_values(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def kube_version_of(path: Path) -> str | None:
    args = scenario_args(path)
    return args[args.index("--kube-version") + 1] if "--kube-version" in args else None


def namespace_of(path: Path) -> str:
    args = scenario_args(path)
    return args[args.index("--namespace") + 1] if "--namespace" in args else "union"


def render_text(path: Path, *extra: str) -> str:
    """`chartgen render SCENARIO ARGS…` through the real CLI; it must succeed."""
    result = run_cli("render", str(path), *scenario_args(path), *extra)
    assert result.exception is None, result.exception
    assert result.exit_code == 0, result.stderr
    stdout: str = result.stdout
    return stdout


def parse_stream(text: str) -> list[dict[str, Any]]:
    return [doc for doc in YAML(typ="safe").load_all(text) if doc is not None]


def rendered_objects(path: Path) -> list[dict[str, Any]]:
    return parse_stream(render_text(path))


def one(objects: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    found = [
        obj for obj in objects
        if obj["kind"] == kind and (name is None or obj["metadata"]["name"] == name)
    ]
    assert len(found) == 1, (kind, name, [(o["kind"], o["metadata"]["name"]) for o in objects])
    return found[0]


def rules_in(output: str) -> list[str]:
    """The rule IDs of the findings in text-reporter output (`... [IB303]`)."""
    return _RULE.findall(output)


def security_rules_in(output: str) -> set[str]:
    return {rule for rule in rules_in(output) if rule in SECURITY_RULES}


# -- kube-score -------------------------------------------------------------------------------


def kube_score_or_skip() -> str:
    """The kube-score on PATH; skip without it locally, fail without it in CI."""
    path = shutil.which("kube-score")
    if path is None:
        message = (
            "kube-score is not on PATH (go install github.com/zegl/kube-score/cmd/"
            "kube-score@v1.20.0)"
        )
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass(frozen=True)
class Ignore:
    id: str
    modes: frozenset[str]
    reason: str


def load_ignores() -> list[Ignore]:
    data = YAML(typ="safe").load(IGNORES_FILE.read_text(encoding="utf-8"))
    return [
        Ignore(str(entry["id"]), frozenset(entry["modes"]), str(entry["reason"]).strip())
        for entry in data["ignores"]
    ]


def mode_of(path: Path) -> str:
    buildkit = (scenario_values(path).get("imageBuilder") or {}).get("buildkit") or {}
    return "rootless" if buildkit.get("rootless") else "privileged"


def ignored_for(path: Path) -> set[str]:
    mode = mode_of(path)
    return {ignore.id for ignore in load_ignores() if mode in ignore.modes}


@dataclass(frozen=True)
class Score:
    """What kube-score said about one rendering: each failed check with its comments."""

    exit_code: int
    failed: dict[str, list[str]]  # check ID -> "Kind/name: summary" lines
    passed: set[str]
    skipped: set[str]  # checks that did not apply (an HPA owns the replicas, say)
    objects: int  # objects kube-score scored


def kube_score(executable: str, manifests: str, kube_version: str | None,
               ignore: set[str] | None = None, *extra: str) -> Score:
    """Run `kube-score score -o json` on a rendered stream; a check fails below grade 10."""
    from chartgen.kube import resolve_kube_version

    version = resolve_kube_version(kube_version)
    args = [executable, "score", "-o", "json", "--kubernetes-version",
            f"v{version.minor_version}", *extra]
    for check in sorted(ignore or ()):
        args += ["--ignore-test", check]
    result = subprocess.run(
        [*args, "-"], input=manifests, capture_output=True, text=True, timeout=120, check=False
    )
    # kube-score exits 1 when it found something critical (or, with --exit-one-on-warning, a
    # warning); anything else is kube-score failing, not the manifests.
    assert result.returncode in (0, 1), result.stderr
    document = json.loads(result.stdout) or []  # `null` when nothing could be scored
    failed: dict[str, list[str]] = {}
    passed: set[str] = set()
    skipped: set[str] = set()
    for scored in document:
        for check in scored["checks"]:
            check_id = check["check"]["id"]
            if check["skipped"]:
                skipped.add(check_id)
                continue
            if check["grade"] < 10:
                lines = [
                    f"{scored['object_name']}: {comment['summary']}"
                    for comment in check["comments"] or []
                ]
                failed.setdefault(check_id, []).extend(lines)
            else:
                passed.add(check_id)
    return Score(result.returncode, failed, passed - set(failed),
                 skipped - passed - set(failed), len(document))


def kube_score_checks(executable: str) -> dict[str, bool]:
    """Every check kube-score knows, and whether it runs by default (`kube-score list`)."""
    result = subprocess.run(
        [executable, "list"], capture_output=True, text=True, timeout=60, check=True
    )
    checks: dict[str, bool] = {}
    for line in result.stdout.splitlines():
        fields = line.split(",")
        if len(fields) >= 4:
            checks[fields[0]] = fields[-1].strip() == "default"
    return checks
