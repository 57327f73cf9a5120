"""Union-shaped value sets: the base values, a cloud overlay, OpenShift, a deployment's globals.

`FIXTURE_SETS` are chartgen's own stand-ins (tests/fixtures/union/, the same key names and
template strings as Union's files). `reference_set` gives the real files from the mirror of
`unionai/helm-charts` when it is present (written to a temporary directory, never committed):
`charts/dataplane/values*.yaml` and the values of Union's own chart tests
(`tests/values/dataplane.<cloud>.yaml`, which fill the globals the overlays look up).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES

UNION = FIXTURES / "union"
MIRROR = Path("/work/.mirror/unionai+helm-charts/repo")

# name → the overlay files on top of values.yaml, in `-f` order
COMBINATIONS: dict[str, tuple[str, ...]] = {
    "aws": ("values.aws.yaml",),
    "gcp": ("values.gcp.yaml",),
    "azure": ("values.azure.yaml",),
    "aws-openshift": ("values.aws.yaml", "values.openshift.yaml"),
}
DEPLOYMENT = {"aws": "aws", "gcp": "gcp", "azure": "azure", "aws-openshift": "aws"}


def fixture_set(name: str, *, dedicated: bool = True) -> list[Path]:
    files = [UNION / "values.yaml", *(UNION / f for f in COMBINATIONS[name])]
    files.append(UNION / f"deployment.{DEPLOYMENT[name]}.yaml")
    if dedicated:
        files.append(UNION / "dedicated.yaml")
    return files


def mirror_or_skip() -> Path:
    if not (MIRROR / "HEAD").exists():
        pytest.skip(f"the unionai/helm-charts mirror is not at {MIRROR}; the fixtures in "
                    "tests/fixtures/union/ stand in for its values files in the other tests")
    return MIRROR


def mirror_file(path: str) -> str:
    return subprocess.run(
        ["git", "-C", str(mirror_or_skip()), "show", f"HEAD:{path}"],
        capture_output=True, text=True, check=True,
    ).stdout


# Union's own chart tests for each combination (their headers name the overlays they go with).
REFERENCE_TEST_VALUES = {
    "aws": "tests/values/dataplane.aws.yaml",
    "gcp": "tests/values/dataplane.gcp.yaml",
    "azure": "tests/values/dataplane.azure.yaml",
    "aws-openshift": "tests/values/dataplane.openshift.yaml",
}


def reference_set(name: str, directory: Path, *, dedicated: bool = True) -> list[Path]:
    """The real files for `name`, written under `directory`, in `-f` order."""
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for overlay in ("values.yaml", *COMBINATIONS[name]):
        target = directory / overlay
        target.write_text(mirror_file(f"charts/dataplane/{overlay}"), encoding="utf-8")
        files.append(target)
    tests = directory / f"dataplane.{name}.yaml"
    tests.write_text(mirror_file(REFERENCE_TEST_VALUES[name]), encoding="utf-8")
    files.append(tests)
    extra = directory / "deployment.yaml"
    lines = []
    if name == "azure":
        # The base registryName derives union-dataplane.azurecr.io, which Azure cannot create
        # (IB201); a deployment names its registry.
        lines += ["imageBuilder:", "  registryName: acmeunion"]
    if dedicated:
        if not lines:
            lines.append("imageBuilder:")
        lines += ["  buildkit:", "    serviceAccount:", "      forceDedicated: true"]
    extra.write_text("\n".join(lines) + "\n" if lines else "{}\n", encoding="utf-8")
    files.append(extra)
    return files
