"""Shared helpers of the chart tests: write charts, render them with real Helm, compare objects.

Helm renders in two ways:

- the Go SDK in process (`helm_python`, Helm v4): fast, always available. It cannot set the
  Kubernetes version: `.Capabilities.KubeVersion` is the SDK's default (probed once,
  `sdk_kube_version()`), and the chartgen side of a comparison renders with that version;
- the `helm` binary (v3) when on PATH: `helm template --kube-version X`, so scenarios pinned to
  a Kubernetes version are compared at that version. Missing locally → skip; missing under
  `CI=true` → fail.

Objects are compared after YAML parsing, keyed by (kind, namespace, name); Helm's `# Source:`
comments and NOTES.txt are not objects.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, in_ci, run_cli
from ruamel.yaml import YAML

SCENARIO_DIR = ROOT / "tests" / "render" / "scenarios"
SCENARIO_FILES = sorted(SCENARIO_DIR.glob("*.yaml"))

# Not chartgen's default release name, so that every `.Release.Name` use is exercised.
RELEASE = "builds"

ObjectKey = tuple[str, str, str]


@dataclass(frozen=True)
class Scenario:
    """A scenario values file and the `chartgen render` options of its `# args:` line."""

    path: Path
    namespace: str = "union"
    kube_version: str | None = None
    target_namespaces: tuple[str, ...] = ()
    extra: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.path.stem

    @classmethod
    def load(cls, path: Path) -> Scenario:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        args = shlex.split(first.removeprefix("# args:")) if first.startswith("# args:") else []
        namespace, kube, targets, extra = "union", None, [], []
        while args:
            flag = args.pop(0)
            if flag in ("--namespace", "-n"):
                namespace = args.pop(0)
            elif flag == "--kube-version":
                kube = args.pop(0)
            elif flag == "--target-namespace":
                targets.append(args.pop(0))
            else:
                extra.append(flag)
        return cls(path, namespace, kube, tuple(targets), tuple(extra))


SCENARIOS = [Scenario.load(path) for path in SCENARIO_FILES]


def parse_objects(text: str) -> dict[ObjectKey, dict[str, Any]]:
    objects: dict[ObjectKey, dict[str, Any]] = {}
    for document in YAML(typ="safe").load_all(text):
        if document is None:
            continue
        metadata = document["metadata"]
        key = (document["kind"], str(metadata.get("namespace", "")), metadata["name"])
        assert key not in objects, f"{key} rendered twice"
        objects[key] = document
    return objects


def write_chart(directory: Path, *args: str) -> Path:
    """`chartgen chart ARGS --output-dir DIRECTORY`, which must succeed."""
    result = run_cli("chart", *args, "--output-dir", str(directory))
    assert result.exception is None, result.exception
    assert result.exit_code == 0, result.stderr
    return directory


def chart_args(scenario: Scenario) -> list[str]:
    args = [str(scenario.path)]
    for target in scenario.target_namespaces:
        args += ["--target-namespace", target]
    return args


def chartgen_render(*args: str, namespace: str, kube_version: str,
                    target_namespaces: tuple[str, ...] = (),
                    release: str = RELEASE) -> dict[ObjectKey, dict[str, Any]]:
    targets = [item for t in target_namespaces for item in ("--target-namespace", t)]
    result = run_cli("render", *args, "--release-name", release, "--namespace", namespace,
                     "--kube-version", kube_version, *targets)
    assert result.exception is None, result.exception
    assert result.exit_code == 0, result.stderr
    return parse_objects(result.stdout)


@cache
def _loaded_chart(directory: str) -> Any:
    import helm_python

    return helm_python.Chart.load(directory)


def sdk_render(directory: Path, values: dict[str, Any] | None = None, *, namespace: str,
               release: str = RELEASE) -> dict[ObjectKey, dict[str, Any]]:
    """Helm's rendering through the Go SDK, as objects (NOTES.txt left out)."""
    manifests = _loaded_chart(str(directory)).render(values or {}, name=release,
                                                     namespace=namespace)
    text = "\n---\n".join(
        body for path, body in sorted(manifests.items()) if not path.endswith("NOTES.txt")
    )
    return parse_objects(text)


def sdk_notes(directory: Path, values: dict[str, Any] | None = None, *, namespace: str) -> str:
    manifests = _loaded_chart(str(directory)).render(values or {}, name=RELEASE,
                                                     namespace=namespace)
    return next(body for path, body in manifests.items() if path.endswith("NOTES.txt"))


@cache
def sdk_kube_version() -> str:
    """The Kubernetes version the SDK renders for (`.Capabilities.KubeVersion`), e.g. 1.36.0."""
    import tempfile

    import helm_python

    with tempfile.TemporaryDirectory() as temp:
        chart = Path(temp, "probe")
        (chart / "templates").mkdir(parents=True)
        (chart / "Chart.yaml").write_text("apiVersion: v2\nname: probe\nversion: 0.1.0\n")
        (chart / "templates" / "version.yaml").write_text(
            "kind: Probe\nversion: {{ .Capabilities.KubeVersion.Version | quote }}\n"
        )
        with helm_python.Chart.load(chart) as loaded:
            rendered = loaded.render({}, name="probe", namespace="probe")
    document = YAML(typ="safe").load(next(iter(rendered.values())))
    return str(document["version"]).removeprefix("v")


def helm_binary() -> str:
    """The `helm` binary; a skip without it, a failure without it in CI."""
    found = shutil.which("helm")
    if found is None:
        message = "the helm binary is not on PATH"
        if in_ci():
            pytest.fail(message + " (CI=true: .ci/run installs it)")
        pytest.skip(message)
    return found


def run_helm(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([helm_binary(), *args], capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, f"helm {' '.join(args)}:\n{result.stderr}"
    return result


def helm_template(directory: Path, *args: str, namespace: str, kube_version: str,
                  release: str = RELEASE) -> dict[ObjectKey, dict[str, Any]]:
    result = run_helm("template", release, str(directory), "--namespace", namespace,
                      "--kube-version", kube_version, *args)
    return parse_objects(result.stdout)


def assert_same_objects(helm: dict[ObjectKey, dict[str, Any]],
                        chartgen: dict[ObjectKey, dict[str, Any]]) -> None:
    """The same set of objects, each equal; data files named explicitly when they differ."""
    assert sorted(helm) == sorted(chartgen), "different objects"
    for key, expected in chartgen.items():
        actual = helm[key]
        if key[0] == "ConfigMap":
            for name in ("buildkitd.toml", "storage.yaml"):
                if name in expected.get("data", {}):
                    assert actual["data"].get(name) == expected["data"][name], f"{key} {name}"
        assert actual == expected, key


def helm_merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Helm's mergeMaps (`-f a -f b`): maps merge, everything else replaces."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@pytest.fixture(scope="session")
def scenario_chart(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`scenario_chart(scenario)`: the chart written from a scenario, once per session."""
    root = tmp_path_factory.mktemp("scenario-charts")
    written: dict[str, Path] = {}

    def get(scenario: Scenario) -> Path:
        if scenario.id not in written:
            written[scenario.id] = write_chart(root / scenario.id, *chart_args(scenario))
        return written[scenario.id]

    return get
