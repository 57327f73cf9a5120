"""`chartgen diff --deployed` against what real Helm deploys for the generated chart.

For each scenario, `chartgen chart` writes the chart and the `helm` binary renders it: that
text is what `helm get manifest RELEASE` returns after an install. The API server is the one
part that cannot run here; `apiserver_double.py` stands in for it (defaults, allocation,
bookkeeping, canonical quantities, sorted keys, as `kubectl get` returns the objects). Nothing
changed must compare as nothing changed, in every form, and a change of values must show.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from apiserver_double import apply, canonical_quantity, kubectl_list_json, kubectl_list_yaml
from chart.chart_harness import helm_binary
from conftest import ROOT, run_cli
from ruamel.yaml import YAML

SCENARIOS = ROOT / "tests" / "render" / "scenarios"
RELEASE = "union"
DEFAULT_KUBE = "1.35.0"

NAMES = [
    "aws-example", "rootless", "openshift-rootless-dedicated", "tls-cert-manager", "autoscaling",
    "network-policy-eks", "hardened-rootless-union", "multi-namespace", "custom-service-port",
    "target-namespaces", "hardened-rootless-existing-secret", "replicas-pdb",
]


@dataclass(frozen=True)
class Scenario:
    path: Path
    namespace: str
    kube_version: str
    targets: tuple[str, ...]

    @classmethod
    def load(cls, name: str) -> Scenario:
        path = SCENARIOS / f"{name}.yaml"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        args = shlex.split(first.removeprefix("# args:")) if first.startswith("# args:") else []
        namespace, kube, targets = "union", DEFAULT_KUBE, []
        while args:
            flag = args.pop(0)
            if flag in ("--namespace", "-n"):
                namespace = args.pop(0)
            elif flag == "--kube-version":
                kube = args.pop(0)
            elif flag == "--target-namespace":
                targets.append(args.pop(0))
        return cls(path, namespace, kube, tuple(targets))

    def options(self) -> list[str]:
        options = ["--namespace", self.namespace, "--kube-version", self.kube_version]
        for target in self.targets:
            options += ["--target-namespace", target]
        return options


def helm_manifest(tmp_path: Path, scenario: Scenario, *values: str) -> str:
    """What `helm get manifest` prints after `helm install` of the generated chart."""
    chart = tmp_path / "chart"
    targets = [arg for target in scenario.targets for arg in ("--target-namespace", target)]
    written = run_cli("chart", str(scenario.path), *values, *targets, "--output-dir", str(chart))
    assert written.exit_code == 0, written.stderr
    result = subprocess.run(
        [helm_binary(), "template", RELEASE, str(chart), "--namespace", scenario.namespace,
         "--kube-version", scenario.kube_version],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def objects_of(manifest: str) -> list[dict[str, Any]]:
    return [doc for doc in YAML(typ="safe").load_all(manifest) if doc is not None]


def diff(scenario: Scenario, deployed: Path, *extra: str) -> Any:
    return run_cli("diff", str(scenario.path), *scenario.options(), "--deployed", str(deployed),
                   *extra)


@pytest.mark.parametrize("name", NAMES)
def test_the_helm_manifest_of_the_same_values_is_no_change(tmp_path: Path, name: str) -> None:
    scenario = Scenario.load(name)
    deployed = tmp_path / "manifest.yaml"
    deployed.write_text(helm_manifest(tmp_path, scenario), encoding="utf-8")
    result = diff(scenario, deployed)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "diff: 0 changed, 0 added, 0 removed" in result.stdout


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("form", ["json", "yaml"])
def test_live_objects_of_the_same_values_are_no_change(tmp_path: Path, name: str,
                                                       form: str) -> None:
    scenario = Scenario.load(name)
    live = apply(objects_of(helm_manifest(tmp_path, scenario)), release=RELEASE,
                 namespace=scenario.namespace,
                 openshift="openshift" in name)
    deployed = tmp_path / f"live.{form}"
    deployed.write_text(kubectl_list_json(live) if form == "json" else kubectl_list_yaml(live),
                        encoding="utf-8")
    result = diff(scenario, deployed)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "diff: 0 changed, 0 added, 0 removed" in result.stdout


def test_kubectl_applied_objects_are_no_change(tmp_path: Path) -> None:
    scenario = Scenario.load("hardened-rootless-union")
    live = apply(objects_of(helm_manifest(tmp_path, scenario)), release=RELEASE,
                 namespace=scenario.namespace, applied_with="kubectl-client-side-apply")
    assert all("kubectl.kubernetes.io/last-applied-configuration" in o["metadata"]["annotations"]
               for o in live)
    deployed = tmp_path / "live.json"
    deployed.write_text(kubectl_list_json(live), encoding="utf-8")
    assert diff(scenario, deployed).exit_code == 0


def test_the_double_adds_what_the_api_server_adds(tmp_path: Path) -> None:
    """The comparison above would be vacuous if the double added nothing."""
    scenario = Scenario.load("aws-example")
    manifest = objects_of(helm_manifest(tmp_path, scenario))
    live = {o["kind"] + "/" + o["metadata"]["name"]: o
            for o in apply(manifest, release=RELEASE, namespace=scenario.namespace)}
    deployment = live["Deployment/union-operator-buildkit"]
    assert deployment["spec"]["progressDeadlineSeconds"] == 600
    assert deployment["spec"]["revisionHistoryLimit"] == 10
    pod = deployment["spec"]["template"]["spec"]
    assert pod["dnsPolicy"] == "ClusterFirst" and pod["securityContext"] == {}
    container = pod["containers"][0]
    assert container["terminationMessagePolicy"] == "File"
    assert container["resources"]["requests"]["memory"] == "8Gi"
    service = live["Service/union-operator-buildkit"]
    assert service["spec"]["clusterIP"] and service["spec"]["ipFamilyPolicy"] == "SingleStack"
    assert "status" in deployment and "uid" in deployment["metadata"]
    rendered = {o["kind"] + "/" + o["metadata"]["name"]: o for o in manifest}
    assert all(rendered[key] != live[key] for key in rendered)


@pytest.mark.parametrize(("written", "canonical"), [
    ("4096Mi", "4Gi"), ("4000m", "4"), ("0.5", "500m"), (4, "4"), ("1.5Gi", "1536Mi"),
    ("100Gi", "100Gi"), ("1000M", "1G"), ("0.0001", "1m"), ("1536Ki", "1536Ki"),
])
def test_the_double_writes_quantities_canonically(written: Any, canonical: str) -> None:
    assert canonical_quantity(written) == canonical


def test_quantities_written_differently_are_no_change(tmp_path: Path) -> None:
    """`cpu: 4000m` in the values and `4` in the cluster are the same request."""
    scenario = Scenario.load("aws-example")
    live = apply(objects_of(helm_manifest(tmp_path, scenario)), release=RELEASE,
                 namespace=scenario.namespace)
    deployed = tmp_path / "live.json"
    deployed.write_text(kubectl_list_json(live), encoding="utf-8")
    result = diff(scenario, deployed,
                  "--set-string", "imageBuilder.buildkit.resources.requests.cpu=4000m",
                  "--set-string", "imageBuilder.buildkit.resources.requests.memory=8192Mi")
    assert result.exit_code == 0, result.stdout


def test_a_change_of_values_shows_against_the_live_objects(tmp_path: Path) -> None:
    scenario = Scenario.load("aws-example")
    live = apply(objects_of(helm_manifest(tmp_path, scenario)), release=RELEASE,
                 namespace=scenario.namespace)
    deployed = tmp_path / "live.json"
    deployed.write_text(kubectl_list_json(live), encoding="utf-8")
    result = diff(scenario, deployed, "--set", "imageBuilder.buildkit.rootless=true",
                  "-o", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    changed = {(o["kind"], o["change"]) for o in document["objects"]}
    assert ("Deployment", "changed") in changed
    rules = {f["rule"] for f in document["findings"]}
    assert "IB651" in rules
    restart = next(f for f in document["findings"] if f["rule"] == "IB651")
    assert "/var/lib/buildkit is on the container's filesystem" in restart["message"]
    assert restart["file"] == "--set imageBuilder.buildkit.rootless=true"
    # Only the fields that really change are listed: nothing the server added.
    fields = {f["path"] for o in document["objects"] for f in o["fields"]}
    assert not any("clusterIP" in path or "terminationMessage" in path or "status" in path
                   for path in fields)


def test_a_live_field_someone_changed_shows(tmp_path: Path) -> None:
    """A value set by hand in the cluster (not a default) is a difference to report."""
    scenario = Scenario.load("aws-example")
    live = apply(objects_of(helm_manifest(tmp_path, scenario)), release=RELEASE,
                 namespace=scenario.namespace)
    for obj in live:
        if obj["kind"] == "Deployment":
            obj["spec"]["progressDeadlineSeconds"] = 1200
            obj["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"] = \
                "12Gi"
    deployed = tmp_path / "live.json"
    deployed.write_text(kubectl_list_json(live), encoding="utf-8")
    result = diff(scenario, deployed, "-o", "json")
    assert result.exit_code == 1
    fields = {(f["path"], f.get("old"), f.get("new"))
              for o in json.loads(result.stdout)["objects"] for f in o["fields"]}
    assert ("$.spec.progressDeadlineSeconds", 1200, 600) in fields
    assert ("$.spec.template.spec.containers[0].resources.limits.memory", "12Gi", "16Gi") \
        in fields


LOAD_BALANCER = [
    "--set", "imageBuilder.buildkit.service.type=LoadBalancer",
    "--set", "imageBuilder.buildkit.tls.enabled=true",
    "--set", "imageBuilder.buildkit.tls.existingSecret=buildkitd-tls",
    "--set", "imageBuilder.buildkit.tls.clientsPresentCertificates=true",
]


def test_a_load_balancer_with_allocated_node_ports_is_no_change(tmp_path: Path) -> None:
    scenario = Scenario.load("aws-example")
    live = apply(objects_of(helm_manifest(tmp_path, scenario, *LOAD_BALANCER)), release=RELEASE,
                 namespace=scenario.namespace)
    service = next(o for o in live if o["kind"] == "Service")
    assert service["spec"]["ports"][0]["nodePort"] and service["spec"]["externalTrafficPolicy"]
    deployed = tmp_path / "live.json"
    deployed.write_text(kubectl_list_json(live), encoding="utf-8")
    result = diff(scenario, deployed, *LOAD_BALANCER)
    assert result.exit_code == 0, result.stdout
    back = diff(scenario, deployed, "-o", "json")
    assert back.exit_code == 1
    rules = {f["rule"] for f in json.loads(back.stdout)["findings"]}
    assert "IB654" in rules
