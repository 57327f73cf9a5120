"""Each `chartgen doctor` check, both ways: it fires on the fixture cluster (or a copy changed
the way a real cluster would differ) where the problem exists, and stays quiet where it does
not. Findings point at the values line and name the cluster object."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

CLUSTERS = Path(__file__).resolve().parent / "clusters"

PRIVILEGED = """\
imageBuilder:
  authenticationType: aws
  defaultRepository: 123456789012.dkr.ecr.us-east-2.amazonaws.com/union-builds
  buildkit:
    oci:
      maxParallelism: 2
    serviceAccount:
      forceDedicated: true
    resources:
      requests:
        cpu: 1
        memory: 2Gi
        ephemeral-storage: 10Gi
"""
BUILDERS = """\
    nodeSelector:
      union.ai/pool: builders
    tolerations:
      - key: union.ai/builders
        operator: Exists
        effect: NoSchedule
"""
ROOTLESS = PRIVILEGED + "    rootless: true\n"
OPENSHIFT = PRIVILEGED + "    openShift:\n      enabled: true\n"

Mutation = Callable[[dict[str, Any]], None]


def cluster(tmp_path: Path, name: str, **changes: Mutation | None) -> Path:
    """A copy of a fixture cluster; `nodes=fn` changes the parsed nodes.json, `nodes=None`
    leaves the file out."""
    target = tmp_path / name
    shutil.copytree(CLUSTERS / name, target)
    for fact, change in changes.items():
        path = target / f"{fact}.json"
        if change is None:
            path.unlink()
            continue
        document = json.loads(path.read_text(encoding="utf-8")) if path.stat().st_size else {
            "apiVersion": "v1", "kind": "List", "items": []}
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")
    return target


def doctor(tmp_path: Path, values: str, where: Path | str, *args: str,
           ) -> tuple[int, list[dict[str, Any]]]:
    path = tmp_path / "values.yaml"
    path.write_text(values, encoding="utf-8")
    directory = where if isinstance(where, Path) else CLUSTERS / where
    result = run_cli("doctor", str(path), "--cluster", str(directory), *args, "-o", "json")
    assert result.exception is None, result.exception
    document = json.loads(result.stdout)
    return result.exit_code, document["results"][0]["findings"]


def of(findings: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["rule"] == rule]


def items(document: dict[str, Any]) -> list[dict[str, Any]]:
    return document["items"]  # type: ignore[no-any-return]


def node_named(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda document: next(n for n in items(document) if n["metadata"]["name"] == name)


EKS_BUILDER = "ip-10-0-12-34.us-east-2.compute.internal"
EKS_ARM = "ip-10-0-45-67.us-east-2.compute.internal"


# -- IB702 Kubernetes version ---------------------------------------------------------------------


def test_a_cluster_too_old_for_the_objects(tmp_path: Path) -> None:
    def old(document: dict[str, Any]) -> None:
        document["serverVersion"].update(minor="22", gitVersion="v1.22.17-eks-0a21954")

    code, findings = doctor(tmp_path, PRIVILEGED, cluster(tmp_path, "eks", version=old))
    [finding] = of(findings, "IB702")
    assert finding["severity"] == "error" and "v1.22.17-eks-0a21954" in finding["message"]
    assert code == 1


def test_another_kube_version_than_the_cluster(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, PRIVILEGED, "eks", "--kube-version", "1.34")
    [finding] = of(findings, "IB702")
    assert "--kube-version 1.34" in finding["message"] and "1.31" in finding["message"]
    _, same = doctor(tmp_path, PRIVILEGED, "eks", "--kube-version", "1.31")
    assert not of(same, "IB702")
    _, default = doctor(tmp_path, PRIVILEGED, "eks")
    assert not of(default, "IB702")


# -- IB703 user namespaces -------------------------------------------------------------------------


def test_host_users_on_containerd_17(tmp_path: Path) -> None:
    values = PRIVILEGED + BUILDERS + "    hostUsers: false\n"
    _, findings = doctor(tmp_path, values, "eks")
    [finding] = of(findings, "IB703")
    assert finding["severity"] == "error"
    assert "containerd 1.7.25 does not support user namespaces" in finding["message"]
    assert EKS_BUILDER in finding["message"]
    assert finding["path"] == "$.imageBuilder.buildkit.hostUsers"
    assert finding["line"] == 20


def test_host_users_where_the_runtime_supports_them(tmp_path: Path) -> None:
    values = PRIVILEGED + "    hostUsers: false\n"
    _, findings = doctor(tmp_path, values, "gke-autopilot")
    assert not of(findings, "IB703")


def test_a_runtime_handler_that_reports_no_support(tmp_path: Path) -> None:
    def unsupported(document: dict[str, Any]) -> None:
        for node in items(document):
            node["status"]["runtimeHandlers"][0]["features"]["userNamespaces"] = False

    values = PRIVILEGED + "    hostUsers: false\n"
    _, findings = doctor(tmp_path, values, cluster(tmp_path, "gke-autopilot", nodes=unsupported))
    [finding] = of(findings, "IB703")
    assert "runtime handler reports no user-namespace support" in finding["message"]


def test_an_old_kernel_and_an_old_api_server(tmp_path: Path) -> None:
    values = OPENSHIFT + "    hostUsers: false\n"
    _, findings = doctor(tmp_path, values, "openshift")
    [kernel] = of(findings, "IB703")
    assert kernel["severity"] == "warning" and "Linux 5.14.0 predates idmap" in kernel["message"]

    def old(document: dict[str, Any]) -> None:
        document["serverVersion"].update(minor="24", gitVersion="v1.24.17")

    _, api = doctor(tmp_path, values, cluster(tmp_path, "openshift", version=old))
    assert any("drops the field before 1.25" in f["message"] for f in of(api, "IB703"))


def test_no_user_namespace_check_without_host_users(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, PRIVILEGED + BUILDERS, "eks")
    assert not of(findings, "IB703")


# -- IB704 rootless node OS -------------------------------------------------------------------------


def test_rootless_on_bottlerocket(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, ROOTLESS + BUILDERS, "eks")
    [finding] = of(findings, "IB704")
    assert finding["severity"] == "warning" and EKS_ARM in finding["message"]
    assert "user.max_user_namespaces = 0" in finding["message"]
    assert "settings.kernel.sysctl" in finding["hint"]
    assert finding["path"] == "$.imageBuilder.buildkit.rootless"


def test_rootless_on_eks_auto_mode(tmp_path: Path) -> None:
    def auto(document: dict[str, Any]) -> None:
        node_named(EKS_ARM)(document)["metadata"]["labels"]["eks.amazonaws.com/compute-type"] = \
            "auto"

    _, findings = doctor(tmp_path, ROOTLESS + BUILDERS, cluster(tmp_path, "eks", nodes=auto))
    [finding] = of(findings, "IB704")
    assert finding["severity"] == "error" and "EKS Auto Mode" in finding["message"]


def test_rootless_on_ubuntu_24_04_with_apparmor(tmp_path: Path) -> None:
    values = ROOTLESS + BUILDERS
    _, findings = doctor(tmp_path, values, "aks")
    [finding] = of(findings, "IB704")
    assert "apparmor_restrict_unprivileged_userns" in finding["message"]

    def no_apparmor(document: dict[str, Any]) -> None:
        for node in items(document):
            for condition in node["status"]["conditions"]:
                condition["message"] = condition["message"].replace(". AppArmor enabled", "")

    _, quiet = doctor(tmp_path, values, cluster(tmp_path, "aks", nodes=no_apparmor))
    assert not of(quiet, "IB704")


def test_rootless_on_an_old_kernel(tmp_path: Path) -> None:
    def old(document: dict[str, Any]) -> None:
        node_named(EKS_BUILDER)(document)["status"]["nodeInfo"].update(
            osImage="Amazon Linux 2", kernelVersion="4.14.355-275.570.amzn2.x86_64")

    def only_builder(document: dict[str, Any]) -> None:
        old(document)
        document["items"] = [n for n in items(document) if n["metadata"]["name"] == EKS_BUILDER]

    _, findings = doctor(tmp_path, ROOTLESS + BUILDERS, cluster(tmp_path, "eks",
                                                                nodes=only_builder))
    [finding] = of(findings, "IB704")
    assert finding["severity"] == "info" and "predates rootless overlayfs" in finding["message"]


def test_rootless_where_the_os_allows_it(tmp_path: Path) -> None:
    for name in ("gke-autopilot", "k3d"):
        _, findings = doctor(tmp_path, ROOTLESS, name)
        assert not of(findings, "IB704"), name
    _, privileged = doctor(tmp_path, PRIVILEGED + BUILDERS, "eks")
    assert not of(privileged, "IB704")


# -- IB705 Pod Security Admission --------------------------------------------------------------------


def test_a_baseline_namespace_refuses_privileged_buildkitd(tmp_path: Path) -> None:
    code, findings = doctor(tmp_path, PRIVILEGED + BUILDERS, "aks")
    [enforced] = [f for f in of(findings, "IB705") if f["severity"] == "error"]
    assert "enforces the baseline Pod Security level" in enforced["message"]
    assert "privileged containers (container buildkit)" in enforced["message"]
    assert "pod-security.kubernetes.io/enforce=privileged" in enforced["hint"]
    assert code == 1


def test_a_baseline_namespace_refuses_rootless_buildkitd_too(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, ROOTLESS + BUILDERS, "aks")
    [enforced] = [f for f in of(findings, "IB705") if f["severity"] == "error"]
    assert "seccompProfile Unconfined" in enforced["message"]
    assert "appArmorProfile Unconfined" in enforced["message"]


def test_a_privileged_namespace_admits_it(tmp_path: Path) -> None:
    def privileged(document: dict[str, Any]) -> None:
        for namespace in items(document):
            if namespace["metadata"]["name"] == "union":
                namespace["metadata"]["labels"] = {
                    "kubernetes.io/metadata.name": "union",
                    "pod-security.kubernetes.io/enforce": "privileged"}

    _, findings = doctor(tmp_path, PRIVILEGED + BUILDERS,
                         cluster(tmp_path, "aks", namespaces=privileged))
    assert not of(findings, "IB705")


def test_warn_labels_and_a_missing_namespace_are_information(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, OPENSHIFT, "openshift")
    assert {f["severity"] for f in of(findings, "IB705")} == {"info"}
    _, missing = doctor(tmp_path, PRIVILEGED, "eks", "--namespace", "builds")
    [finding] = of(missing, "IB705")
    assert finding["severity"] == "info" and "does not exist yet" in finding["message"]


# -- IB706 GKE Autopilot -----------------------------------------------------------------------------


@pytest.mark.parametrize("values", [PRIVILEGED, ROOTLESS])
def test_autopilot_refuses_buildkitd(tmp_path: Path, values: str) -> None:
    code, findings = doctor(tmp_path, values, "gke-autopilot")
    [finding] = of(findings, "IB706")
    assert "GKE Autopilot" in finding["message"] and "gk3-union-ap-pool-2" in finding["message"]
    assert code == 1


def test_no_autopilot_finding_elsewhere(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, PRIVILEGED, "k3d")
    assert not of(findings, "IB706")


# -- IB707 cert-manager ----------------------------------------------------------------------------

CERT_MANAGER = PRIVILEGED + BUILDERS + """\
    tls:
      enabled: true
      clientsPresentCertificates: true
      certManager:
        issuerRef:
          name: buildkit-ca
          kind: ClusterIssuer
"""


def test_cert_manager_tls_without_the_crds(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, CERT_MANAGER, "gke-autopilot")
    names = {f["message"].split("CustomResourceDefinition ")[1].split(" ")[0]
             for f in of(findings, "IB707")}
    assert names == {"certificates.cert-manager.io", "clusterissuers.cert-manager.io"}
    assert all(f["path"] == "$.imageBuilder.buildkit.tls.certManager.issuerRef.name"
               for f in of(findings, "IB707"))


def test_cert_manager_tls_with_the_crds(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, CERT_MANAGER, "eks")
    assert not of(findings, "IB707")


def test_a_crd_that_does_not_serve_v1(tmp_path: Path) -> None:
    def alpha(document: dict[str, Any]) -> None:
        for crd in items(document):
            for version in crd["spec"]["versions"]:
                version["served"] = False

    _, findings = doctor(tmp_path, CERT_MANAGER, cluster(tmp_path, "eks", crds=alpha))
    assert any("does not serve v1" in f["message"] for f in of(findings, "IB707"))


# -- IB708 namespaces --------------------------------------------------------------------------------

MULTI = PRIVILEGED + "low_privilege: false\nnamespaces:\n  enabled: true\n"


def test_multi_namespace_mode_without_flyte_namespaces(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, MULTI, "k3d")
    [finding] = of(findings, "IB708")
    assert "no namespace is labelled union.ai/namespace-type=flyte" in finding["message"]
    _, present = doctor(tmp_path, MULTI, "eks")
    assert not of(present, "IB708")


def test_ingress_peers_that_select_nothing(tmp_path: Path) -> None:
    values = PRIVILEGED + """\
    networkPolicy:
      enabled: true
      ingressFrom:
        - namespaceSelector:
            matchLabels:
              team: builds
"""
    _, findings = doctor(tmp_path, values, "eks")
    [finding] = of(findings, "IB708")
    assert finding["severity"] == "error" and "{'matchLabels': {'team': 'builds'}}" in \
        finding["message"]
    assert finding["path"] == "$.imageBuilder.buildkit.networkPolicy.ingressFrom[0]" \
        ".namespaceSelector.matchLabels.team"
    _, defaults = doctor(tmp_path, PRIVILEGED + "    networkPolicy:\n      enabled: true\n", "k3d")
    assert not of(defaults, "IB708")  # single-namespace mode: the release namespace is the peer


# -- IB709 scheduling --------------------------------------------------------------------------------


def test_no_node_has_the_ephemeral_storage(tmp_path: Path) -> None:
    values = PRIVILEGED.replace("ephemeral-storage: 10Gi", "ephemeral-storage: 100Gi") + BUILDERS
    code, findings = doctor(tmp_path, values, "eks")
    [finding] = of(findings, "IB709")
    assert "no node of 3 can run the buildkitd pod" in finding["message"]
    assert "allocatable ephemeral-storage 89Gi < request 100Gi" in finding["message"]
    assert finding["path"] == "$.imageBuilder.buildkit.resources.requests.ephemeral-storage"
    assert code == 1


def test_taints_and_node_selectors(tmp_path: Path) -> None:
    untolerated = PRIVILEGED + "    nodeSelector:\n      union.ai/pool: builders\n"
    _, findings = doctor(tmp_path, untolerated, "eks")
    [finding] = of(findings, "IB709")
    assert "taint union.ai/builders=true:NoSchedule not tolerated" in finding["message"]
    assert finding["path"] == "$.imageBuilder.buildkit.tolerations"
    _, fits = doctor(tmp_path, PRIVILEGED + BUILDERS, "eks")
    assert not of(fits, "IB709")


def test_cordoned_not_ready_and_windows_nodes_do_not_count(tmp_path: Path) -> None:
    def unavailable(document: dict[str, Any]) -> None:
        node_named("aks-builds-27118395-vmss000000")(document)["spec"]["unschedulable"] = True

    _, findings = doctor(tmp_path, PRIVILEGED + BUILDERS,
                            cluster(tmp_path, "aks", nodes=unavailable))
    [finding] = of(findings, "IB709")
    assert "aks-builds-27118395-vmss000000: cordoned (spec.unschedulable)" in finding["message"]
    assert "akswin000000: a windows node" in finding["message"]


def test_replicas_need_their_own_nodes(tmp_path: Path) -> None:
    values = PRIVILEGED + BUILDERS + "    replicaCount: 3\n"
    _, findings = doctor(tmp_path, values, "eks")
    [finding] = of(findings, "IB709")
    assert finding["severity"] == "warning"
    assert "3 replicas need 3 nodes" in finding["message"] and "only 2" in finding["message"]
    _, two = doctor(tmp_path, PRIVILEGED + BUILDERS + "    replicaCount: 2\n", "eks")
    assert not of(two, "IB709")


def test_autopilot_provisions_nodes(tmp_path: Path) -> None:
    values = PRIVILEGED.replace("cpu: 1", "cpu: 64")
    _, findings = doctor(tmp_path, values, "gke-autopilot")
    assert not of(findings, "IB709")


# -- IB710 architecture ------------------------------------------------------------------------------


def test_a_node_architecture_the_image_lacks(tmp_path: Path) -> None:
    def loong(document: dict[str, Any]) -> None:
        node = node_named(EKS_ARM)(document)
        node["metadata"]["labels"]["kubernetes.io/arch"] = "loong64"
        node["status"]["nodeInfo"]["architecture"] = "loong64"

    _, findings = doctor(tmp_path, PRIVILEGED + BUILDERS, cluster(tmp_path, "eks", nodes=loong))
    [finding] = of(findings, "IB710")
    assert finding["severity"] == "warning" and EKS_ARM in finding["message"]
    assert "has no linux/loong64 image" in finding["message"]
    assert "kubernetes.io/arch" in finding["hint"]


def test_arm64_and_amd64_nodes_are_served(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, PRIVILEGED + BUILDERS, "eks")
    assert not of(findings, "IB710")


def test_an_image_of_unknown_architectures_is_said(tmp_path: Path) -> None:
    values = PRIVILEGED + "    image:\n      repository: registry.example.com/mirror/buildkit\n"
    _, findings = doctor(tmp_path, values, "k3d")
    [finding] = [f for f in of(findings, "IB701") if "architectures" in f["message"]]
    assert "registry.example.com/mirror/buildkit" in finding["message"]
    assert not of(findings, "IB710")


# -- IB711 NetworkPolicy enforcement ------------------------------------------------------------------

POLICY = PRIVILEGED + BUILDERS + "    networkPolicy:\n      enabled: true\n"


def test_the_vpc_cni_without_its_policy_agent(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, POLICY, "eks")
    [finding] = of(findings, "IB711")
    assert "Amazon VPC CNI without --enable-network-policy=true" in finding["message"]
    assert finding["path"] == "$.imageBuilder.buildkit.networkPolicy.enabled"


def test_the_vpc_cni_with_its_policy_agent(tmp_path: Path) -> None:
    def enable(document: dict[str, Any]) -> None:
        for daemonset in items(document):
            for container in daemonset["spec"]["template"]["spec"]["containers"]:
                container["args"] = [arg.replace("--enable-network-policy=false",
                                                 "--enable-network-policy=true")
                                     for arg in container.get("args", [])]

    _, findings = doctor(tmp_path, POLICY, cluster(tmp_path, "eks", daemonsets=enable))
    assert not of(findings, "IB711")


@pytest.mark.parametrize("name", ["aks", "gke-autopilot", "openshift", "k3d"])
def test_enforcing_plugins(tmp_path: Path, name: str) -> None:
    values = POLICY if name not in ("openshift",) else OPENSHIFT + \
        "    networkPolicy:\n      enabled: true\n"
    _, findings = doctor(tmp_path, values, name)
    assert not of(findings, "IB711"), name


def test_k3s_without_its_policy_controller(tmp_path: Path) -> None:
    def disabled(document: dict[str, Any]) -> None:
        for node in items(document):
            node["metadata"]["annotations"]["k3s.io/node-args"] = json.dumps(
                ["server", "--disable-network-policy"])

    _, findings = doctor(tmp_path, PRIVILEGED + "    networkPolicy:\n      enabled: true\n",
                         cluster(tmp_path, "k3d", nodes=disabled))
    [finding] = of(findings, "IB711")
    assert "--disable-network-policy" in finding["message"]


def test_an_unknown_plugin_is_unknown(tmp_path: Path) -> None:
    def none(document: dict[str, Any]) -> None:
        document["items"] = [d for d in items(document) if d["metadata"]["name"] == "kube-proxy"]

    _, findings = doctor(tmp_path, POLICY, cluster(tmp_path, "aks", daemonsets=none))
    [finding] = of(findings, "IB711")
    assert finding["severity"] == "info" and "could not tell" in finding["message"]


# -- IB712 / IB713 OpenShift -------------------------------------------------------------------------


def test_openshift_without_its_values(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, PRIVILEGED, "openshift")
    [finding] = of(findings, "IB712")
    assert "the cluster is OpenShift" in finding["message"]
    _, right = doctor(tmp_path, OPENSHIFT, "openshift")
    assert not of(right, "IB712")


def test_openshift_values_off_openshift(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, OPENSHIFT + BUILDERS, "eks")
    [finding] = of(findings, "IB712")
    assert "not OpenShift" in finding["message"]
    _, unknown = doctor(tmp_path, OPENSHIFT, cluster(tmp_path, "eks", crds=None))
    assert not of(unknown, "IB712")  # without the CRDs doctor cannot tell
    assert any("crds" in f["message"] for f in of(unknown, "IB701"))


EXISTING = OPENSHIFT + """\
      securityContextConstraints:
        create: false
        existingName: {name}
"""


def test_an_existing_scc_that_refuses_privileged_buildkitd(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, EXISTING.format(name="restricted-v2"), "openshift")
    [finding] = of(findings, "IB713")
    assert "allowPrivilegedContainer is not true" in finding["message"]
    assert "runAsUser MustRunAsRange does not let privileged buildkitd run as root" in \
        finding["message"]
    assert finding["path"] == ("$.imageBuilder.buildkit.openShift.securityContextConstraints"
                               ".existingName")


def test_an_existing_scc_that_refuses_rootless_buildkitd(tmp_path: Path) -> None:
    values = EXISTING.format(name="restricted-v2") + "    rootless: true\n"
    _, findings = doctor(tmp_path, values, "openshift")
    [finding] = of(findings, "IB713")
    assert "does not allow user 1000" in finding["message"]
    assert "seccompProfiles does not allow unconfined" in finding["message"]


def test_an_existing_scc_that_admits_it(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, EXISTING.format(name="privileged"), "openshift")
    assert not of(findings, "IB713")


def test_a_missing_existing_scc(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, EXISTING.format(name="buildkit"), "openshift")
    [finding] = of(findings, "IB713")
    assert "names no SecurityContextConstraints of the cluster" in finding["message"]


def test_an_scc_of_another_release(tmp_path: Path) -> None:
    def taken(document: dict[str, Any]) -> None:
        scc = json.loads(json.dumps(items(document)[0]))
        scc["metadata"]["name"] = "union-operator-buildkit-rootless"
        scc["metadata"]["annotations"] = {"meta.helm.sh/release-name": "other",
                                          "meta.helm.sh/release-namespace": "union"}
        document["items"].append(scc)

    _, findings = doctor(tmp_path, OPENSHIFT, cluster(tmp_path, "openshift", sccs=taken))
    [finding] = of(findings, "IB713")
    assert "already exists and is not this release's" in finding["message"]

    def ours(document: dict[str, Any]) -> None:
        taken(document)
        document["items"][-1]["metadata"]["annotations"]["meta.helm.sh/release-name"] = "union"

    _, owned = doctor(tmp_path, OPENSHIFT, cluster(tmp_path / "2", "openshift", sccs=ours))
    assert not of(owned, "IB713")


# -- IB714 StorageClasses ------------------------------------------------------------------------------


def ephemeral(storage_class: str | None) -> str:
    named = f"\n              storageClassName: {storage_class}" if storage_class else ""
    return PRIVILEGED + BUILDERS + f"""\
    additionalVolumes:
      - name: cache
        ephemeral:
          volumeClaimTemplate:
            spec:
              accessModes: [ReadWriteOnce]{named}
              resources:
                requests:
                  storage: 200Gi
    additionalVolumeMounts:
      - name: cache
        mountPath: /var/lib/buildkit
"""


def test_a_storage_class_that_does_not_exist(tmp_path: Path) -> None:
    _, findings = doctor(tmp_path, ephemeral("fast-ssd"), "eks")
    [finding] = of(findings, "IB714")
    assert "StorageClass fast-ssd, which the cluster does not have (gp2, gp3)" in \
        finding["message"]
    _, fine = doctor(tmp_path, ephemeral("gp3"), "eks")
    assert not of(fine, "IB714")


def test_no_class_and_no_default(tmp_path: Path) -> None:
    def no_default(document: dict[str, Any]) -> None:
        for storage_class in items(document):
            storage_class["metadata"].get("annotations", {}).pop(
                "storageclass.kubernetes.io/is-default-class", None)

    _, findings = doctor(tmp_path, ephemeral(None),
                         cluster(tmp_path, "k3d", storageclasses=no_default))
    [finding] = of(findings, "IB714")
    assert "no default one" in finding["message"]
    _, default = doctor(tmp_path, ephemeral(None), "k3d")
    assert not of(default, "IB714")


# -- IB701 facts missing -------------------------------------------------------------------------------


def test_missing_facts_are_named_not_passed(tmp_path: Path) -> None:
    code, findings = doctor(tmp_path, PRIVILEGED, cluster(tmp_path, "eks", nodes=None,
                                                          daemonsets=None))
    missing = of(findings, "IB701")
    messages = " ".join(f["message"] for f in missing)
    assert "no nodes given" in messages and "the scheduling check" in messages
    assert any("kubectl get nodes -o json" in f["hint"] for f in missing)
    assert code == 0  # information only
    _, full = doctor(tmp_path, PRIVILEGED, "eks")
    assert not of(full, "IB701")
