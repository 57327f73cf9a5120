"""Each finding of `chartgen diff`, both ways: it fires for the change it describes and not for
a change that does not have that effect."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

BASE = """\
imageBuilder:
  authenticationType: aws
  defaultRepository: 123456789012.dkr.ecr.us-east-2.amazonaws.com/union-builds
  buildkit:
    replicaCount: 2
    oci:
      maxParallelism: 4
    networkPolicy:
      enabled: true
    serviceAccount:
      forceDedicated: true
"""

TLS = ["imageBuilder.buildkit.tls.enabled=true",
       "imageBuilder.buildkit.tls.existingSecret=buildkitd-tls",
       "imageBuilder.buildkit.tls.clientsPresentCertificates=true"]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "values.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


def diff_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("diff", *args, "-o", "json")
    assert result.exception is None, result.exception
    return result.exit_code, json.loads(result.stdout)


def findings(document: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in document["findings"] if f["rule"] == rule]


def sets(*expressions: str, flag: str = "--to-set") -> list[str]:
    return [part for expression in expressions for part in (flag, expression)]


def render(values: Path, *args: str) -> str:
    result = run_cli("render", str(values), *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# -- IB651 pod restart -------------------------------------------------------------------------


def test_a_pod_template_change_restarts_buildkitd(base: Path) -> None:
    code, document = diff_json(str(base), *sets("imageBuilder.buildkit.image.tag=v0.32.1"))
    assert code == 1
    [restart] = findings(document, "IB651")
    assert "containers[0].image" in restart["message"]
    assert "all at once (Recreate)" in restart["message"]
    assert restart["file"] == "--set imageBuilder.buildkit.image.tag=v0.32.1"
    assert restart["path"] == "Deployment/union-operator-buildkit:$.spec.template"


def test_rootless_cache_on_an_emptydir_is_lost(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.rootless=true"), "--set",
                               "imageBuilder.buildkit.rootless=true",
                               *sets("imageBuilder.buildkit.image.tag=v0.32.1"))
    [restart] = findings(document, "IB651")
    assert "/home/user/.local/share/buildkit is an emptyDir and is lost" in restart["message"]


def test_a_persistent_cache_is_kept(base: Path, tmp_path: Path) -> None:
    claim = tmp_path / "claim.yaml"
    claim.write_text(
        "imageBuilder:\n  buildkit:\n    additionalVolumes:\n      - name: cache\n"
        "        persistentVolumeClaim:\n          claimName: buildkit-cache\n"
        "    additionalVolumeMounts:\n      - name: cache\n        mountPath: /var/lib/buildkit\n",
        encoding="utf-8")
    _, document = diff_json(str(base), "-f", str(claim),
                               *sets("imageBuilder.buildkit.image.tag=v0.32.1"))
    [restart] = findings(document, "IB651")
    assert "stays on PersistentVolumeClaim buildkit-cache" in restart["message"]


def test_a_service_change_restarts_nothing(base: Path) -> None:
    code, document = diff_json(str(base), *sets("imageBuilder.buildkit.service.port=2345"))
    assert code == 1
    assert not findings(document, "IB651")


# -- IB652 buildkitd.toml ------------------------------------------------------------------------


def test_a_buildkitd_toml_change_names_the_keys_and_the_restart(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.oci.maxParallelism=8"))
    [config] = findings(document, "IB652")
    assert "worker.oci.max-parallelism 4 → 8" in config["message"]
    assert config["file"] == "--set imageBuilder.buildkit.oci.maxParallelism=8"
    assert "checksum/config annotation changes with it" in config["message"]
    assert findings(document, "IB651")  # the checksum restarts the pods


def _deployed_without_checksum(base: Path, tmp_path: Path, parallelism: int) -> Path:
    """What another chart installed: no checksum annotation, another max-parallelism."""
    from ruamel.yaml import YAML

    documents = [d for d in YAML(typ="safe").load_all(render(base)) if d]
    for document in documents:
        if document["kind"] == "Deployment":
            del document["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
        if document["kind"] == "ConfigMap" and "buildkitd.toml" in document.get("data", {}):
            document["data"]["buildkitd.toml"] = document["data"]["buildkitd.toml"].replace(
                "max-parallelism = 4", f"max-parallelism = {parallelism}")
    deployed = tmp_path / "deployed.json"
    deployed.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": documents}))
    return deployed


def test_a_config_change_restarts_where_the_checksum_appears(base: Path, tmp_path: Path) -> None:
    deployed = _deployed_without_checksum(base, tmp_path, 2)
    _, document = diff_json(str(base), "--deployed", str(deployed))
    [config] = findings(document, "IB652")
    assert "worker.oci.max-parallelism 2 → 4" in config["message"]
    assert "checksum/config annotation changes with it" in config["message"]


def test_a_config_change_without_a_restart_keeps_the_old_config(base: Path,
                                                               tmp_path: Path) -> None:
    """Both sides without a checksum (two releases of another chart): buildkitd keeps the old
    configuration, and the hint says how to restart it."""
    from chartgen.diff.compare import SideObject, compare, object_key
    from chartgen.diff.impacts import ImpactContext, impacts
    from chartgen.findings import Location

    sides = []
    for parallelism in (2, 6):
        listed = json.loads(_deployed_without_checksum(base, tmp_path, parallelism).read_text())
        sides.append([SideObject(object_key(d, "union"), d, Location("live.json"))
                      for d in listed["items"]])
    comparison = compare(sides[0], sides[1], old_label="old", new_label="new")
    [config] = [f for f in impacts(ImpactContext(comparison, None)) if f.rule == "IB652"]
    assert "keeps the old configuration until it restarts" in config.message
    assert "kubectl rollout restart deployment/union-operator-buildkit -n union" in config.hint


def test_no_config_finding_without_a_config_change(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.replicaCount=3"))
    assert not findings(document, "IB652")


# -- IB653 immutable fields -----------------------------------------------------------------------


def test_a_selector_change_cannot_be_applied(base: Path, tmp_path: Path) -> None:
    deployed = tmp_path / "old-release.yaml"
    deployed.write_text(render(base, "--release-name", "builds"), encoding="utf-8")
    code, document = diff_json(str(base), "--deployed", str(deployed))
    assert code == 1
    [immutable] = [f for f in findings(document, "IB653") if "Deployment" in f["path"]]
    assert "spec.selector of a Deployment is immutable" in immutable["message"]
    assert "kubectl delete deployment union-operator-buildkit -n union" in immutable["hint"]
    assert immutable["file"] == str(deployed)  # no value of the user's decides the selector


def test_a_role_binding_role_ref_change_cannot_be_applied(base: Path, tmp_path: Path) -> None:
    openshift = ["--set", "imageBuilder.buildkit.openShift.enabled=true"]
    text = render(base, *openshift).replace("kind: Role\n  name: union-operator-buildkit-rootless",
                                            "kind: Role\n  name: old-role")
    assert "old-role" in text
    deployed = tmp_path / "deployed.yaml"
    deployed.write_text(text, encoding="utf-8")
    _, document = diff_json(str(base), *openshift, "--deployed", str(deployed))
    assert [f for f in findings(document, "IB653") if "RoleBinding" in f["path"]]


def test_no_immutable_finding_for_mutable_changes(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.image.tag=v0.32.1"))
    assert not findings(document, "IB653")


# -- IB654 Service exposure -----------------------------------------------------------------------


def test_a_load_balancer_exposes_the_daemon(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.service.type=LoadBalancer",
                                             *TLS))
    [exposed] = findings(document, "IB654")
    assert "from ClusterIP to LoadBalancer" in exposed["message"]
    assert exposed["file"] == "--set imageBuilder.buildkit.service.type=LoadBalancer"


def test_back_to_cluster_ip_releases_the_load_balancer(base: Path) -> None:
    lb = sets("imageBuilder.buildkit.service.type=LoadBalancer", *TLS, flag="--set")
    _, document = diff_json(str(base), *lb, *sets("imageBuilder.buildkit.service.type=ClusterIP"))
    [exposed] = findings(document, "IB654")
    assert "load balancer is released" in exposed["message"]


def test_no_exposure_finding_when_the_type_stays(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.service.port=2345"))
    assert not findings(document, "IB654")


# -- IB655 ServiceAccount -------------------------------------------------------------------------


def test_another_service_account_is_reported(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.serviceAccount.forceDedicated"
                                             "=false"))
    messages = [f["message"] for f in findings(document, "IB655")]
    assert any("runs as ServiceAccount union-system instead of union-imagebuilder" in m
               for m in messages)


def test_a_cloud_identity_on_the_account_is_reported(base: Path) -> None:
    _, document = diff_json(
        str(base), *sets("imageBuilder.buildkit.serviceAccount.annotations.eks\\.amazonaws\\.com/"
                         "role-arn=arn:aws:iam::123456789012:role/buildkitd"))
    messages = [f["message"] for f in findings(document, "IB655")]
    assert any("eks.amazonaws.com/role-arn nothing → 'arn:aws:iam::123456789012:role/buildkitd'"
               in m for m in messages)


def test_no_account_finding_for_other_changes(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.image.tag=v0.32.1"))
    assert not findings(document, "IB655")


# -- IB656 build-image-config ---------------------------------------------------------------------


def test_a_new_default_repository_redirects_the_build_task(base: Path) -> None:
    new = "123456789012.dkr.ecr.us-east-2.amazonaws.com/other"
    _, document = diff_json(str(base), *sets(f"imageBuilder.defaultRepository={new}"))
    [redirect] = findings(document, "IB656")
    assert f"pushed to '{new}'" in redirect["message"]
    assert redirect["path"] == "ConfigMap/build-image-config:$.data.default-repository"


def test_a_removed_build_config_stops_builds(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.targetConfigMapName=other-config"))
    messages = [f["message"] for f in findings(document, "IB656")]
    assert any("ConfigMap union/build-image-config is removed" in m for m in messages)


def test_no_build_config_finding_when_it_stays(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.image.tag=v0.32.1"))
    assert not findings(document, "IB656")


# -- IB657 / IB658 removed protections -----------------------------------------------------------


def test_a_removed_pdb_is_reported(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.replicaCount=1"))
    assert findings(document, "IB657")
    _, kept = diff_json(str(base), *sets("imageBuilder.buildkit.replicaCount=3"))
    assert not findings(kept, "IB657")


def test_a_removed_network_policy_is_reported(base: Path) -> None:
    _, document = diff_json(str(base), *sets("imageBuilder.buildkit.networkPolicy.enabled=false"))
    [removed] = findings(document, "IB658")
    assert "NetworkPolicy union/union-operator-buildkit is removed" in removed["message"]
    _, kept = diff_json(str(base), *sets("imageBuilder.buildkit.image.tag=v0.32.1"))
    assert not findings(kept, "IB658")


def test_an_ingress_rule_without_sources_is_reported(base: Path) -> None:
    """The values always render sources; an ingress rule without any comes from a hand-edited
    object, so this case is checked on the comparison directly."""
    from ruamel.yaml import YAML

    from chartgen.diff.compare import SideObject, compare, object_key
    from chartgen.diff.impacts import ImpactContext, impacts
    from chartgen.findings import Location

    before = [d for d in YAML(typ="safe").load_all(render(base)) if d]
    after = [d for d in YAML(typ="safe").load_all(render(base)) if d]
    for document in after:
        if document["kind"] == "NetworkPolicy":
            document["spec"]["ingress"][0].pop("from")
    sides = [[SideObject(object_key(d, "union"), d, Location("x")) for d in group]
             for group in (before, after)]
    comparison = compare(sides[0], sides[1], old_label="old", new_label="new")
    rules = [f.rule for f in impacts(ImpactContext(comparison, None))]
    assert "IB658" in rules
    unchanged = compare(sides[0], sides[0], old_label="old", new_label="new")
    assert not impacts(ImpactContext(unchanged, None))


# -- IB659 SCC -----------------------------------------------------------------------------------


def test_an_scc_change_applies_at_the_next_admission(base: Path) -> None:
    openshift = ["--set", "imageBuilder.buildkit.openShift.enabled=true"]
    _, document = diff_json(
        str(base), *openshift, *sets("imageBuilder.buildkit.openShift.enabled=true",
                                     "imageBuilder.buildkit.openShift.securityContextConstraints"
                                     ".allowPrivilegeEscalation=false"))
    [scc] = findings(document, "IB659")
    assert "running pods keep the constraints they were admitted with" in scc["message"]
    _, other = diff_json(str(base), *openshift,
                         *sets("imageBuilder.buildkit.openShift.enabled=true",
                               "imageBuilder.buildkit.image.tag=v0.32.1"))
    assert not findings(other, "IB659")


# -- IB660 replicas reset -------------------------------------------------------------------------


AUTOSCALING = ["imageBuilder.buildkit.autoscaling.enabled=true",
               "imageBuilder.buildkit.autoscaling.minReplicas=2",
               "imageBuilder.buildkit.autoscaling.maxReplicas=4"]


def test_turning_autoscaling_on_resets_the_replicas(base: Path) -> None:
    _, document = diff_json(str(base), *sets(*AUTOSCALING))
    [reset] = findings(document, "IB660")
    assert "spec.replicas (2) leaves" in reset["message"]


def test_no_reset_when_the_hpa_owned_the_replicas_already(base: Path, tmp_path: Path) -> None:
    on = sets(*AUTOSCALING, flag="--set")
    deployed = tmp_path / "deployed.yaml"
    deployed.write_text(render(base, *on).replace("maxReplicas: 4", "maxReplicas: 6"))
    code, document = diff_json(str(base), *on, "--deployed", str(deployed))
    assert code == 1  # maxReplicas changed
    assert not findings(document, "IB660")
    _, lower = diff_json(str(base), *sets("imageBuilder.buildkit.replicaCount=1"))
    assert not findings(lower, "IB660")  # 2 → 1 is a value, not a field that goes away


# -- IB661 nothing deployed, IB650 input ----------------------------------------------------------


def test_nothing_deployed_is_said(base: Path, tmp_path: Path) -> None:
    deployed = tmp_path / "other.yaml"
    deployed.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unrelated\n"
                        "  namespace: union\ndata: {}\n", encoding="utf-8")
    code, document = diff_json(str(base), "--deployed", str(deployed))
    assert code == 1
    assert findings(document, "IB661")
    assert document["summary"]["ignored"] == 1
    assert document["summary"]["added"] == document["summary"]["added"] > 0
    present = tmp_path / "present.yaml"
    present.write_text(render(base), encoding="utf-8")
    code, same = diff_json(str(base), "--deployed", str(present))
    assert code == 0 and not findings(same, "IB661")
