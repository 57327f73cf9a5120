"""The pieces of `chartgen diff` on their own: quantities, reading kubectl/helm output,
normalisation (server fields, defaults, allocation) and matching."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.diff.compare import ObjectKey, SideObject, compare, field_changes, object_key
from chartgen.diff.defaults import DEFAULTS, POD_SPEC_PATHS
from chartgen.diff.normalize import is_quantity, normalize, reconcile
from chartgen.findings import Location
from chartgen.kube_input import read_inputs
from chartgen.quantity import parse_quantity, round_up_milli, same_quantity

# -- quantities ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("left", "right"), [
    ("1000m", "1"), ("1000m", 1), ("4Gi", "4096Mi"), ("0.5", "500m"), ("1e3", "1k"),
    ("1E3", 1000), ("1.5Gi", "1536Mi"), (".5", "500m"), ("5.", 5), ("+2", 2), ("1Ki", 1024),
    ("2E", "2000P"), (0.25, "250m"),
])
def test_equal_quantities(left: Any, right: Any) -> None:
    assert same_quantity(left, right)


@pytest.mark.parametrize(("left", "right"), [
    ("1", "1001m"), ("4G", "4Gi"), ("1k", "1Ki"), ("1Mi", "1M"),
])
def test_different_quantities(left: str, right: str) -> None:
    assert not same_quantity(left, right)


@pytest.mark.parametrize("text", [
    "", "Gi", "1.2.3", "1GiB", "one", "1e", "1e1000", "0x10", "1 Gi", "٣", True, None, [], {},
    "1" * 41, float("inf"),
])
def test_not_quantities(text: Any) -> None:
    assert parse_quantity(text) is None


def test_requests_compare_as_the_api_server_stores_them() -> None:
    assert round_up_milli(Fraction(1, 10000)) == Fraction(1, 1000)
    assert same_quantity("0.0001", "1m", resource=True)
    assert not same_quantity("0.0001", "1m")


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(
    [("Ki", 1024), ("Mi", 1024**2), ("Gi", 1024**3), ("k", 1000), ("M", 10**6), ("m", None)]))
def test_quantity_scales(number: int, unit: tuple[str, int | None]) -> None:
    suffix, factor = unit
    value = parse_quantity(f"{number}{suffix}")
    expected = Fraction(number, 1000) if factor is None else Fraction(number * factor)
    assert value == expected


# -- reading kubectl and helm output -------------------------------------------------------------


def read(text: str | bytes) -> Any:
    raw = text.encode() if isinstance(text, str) else text
    return read_inputs(["-"], input_rule="IB650", what="objects", stdin=lambda: raw)


def test_a_helm_manifest_stream_with_comments_and_empty_documents() -> None:
    text = ("---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\n"
            "metadata:\n  name: a\ndata:\n  k: yes\n---\n# Source: chart/templates/empty.yaml\n"
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n")
    result = read(text)
    assert not result.findings
    assert [(o.kind, o.name, o.location.line) for o in result.objects] == [
        ("ConfigMap", "a", 3), ("Service", "s", 12)]
    assert result.objects[0].data["data"]["k"] is True  # go-yaml reads manifests as YAML 1.1


def test_lists_in_json_and_yaml_keep_item_positions() -> None:
    items = [{"apiVersion": "v1", "kind": "Node", "metadata": {"name": f"n{i}"}} for i in range(3)]
    text = json.dumps({"apiVersion": "v1", "kind": "List", "items": items}, indent=2)
    result = read(text)
    assert [o.path for o in result.objects] == ["$.items[0]", "$.items[1]", "$.items[2]"]
    assert [o.location.line for o in result.objects] == [5, 12, 19]
    yaml_text = "apiVersion: v1\nkind: NodeList\nitems:\n" + "".join(
        f"- apiVersion: v1\n  kind: Node\n  metadata:\n    name: n{i}\n" for i in range(2))
    assert [o.location.line for o in read(yaml_text).objects] == [4, 8]


def test_concatenated_json_documents_and_other_documents() -> None:
    text = ('{"apiVersion": "v1", "kind": "List", "items": []}\n'
            '{"serverVersion": {"gitVersion": "v1.31.2"}}\n'
            '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "union"}}')
    result = read(text)
    assert [o.name for o in result.objects] == ["union"]
    assert [d.value for d in result.others] == [{"serverVersion": {"gitVersion": "v1.31.2"}}]
    assert [d.location.line for d in result.others] == [2]
    assert result.files[0].lists == 1


def test_empty_input_is_no_objects() -> None:
    result = read("")
    assert not result.objects and not result.findings and result.checked == ["<stdin>"]


@pytest.mark.parametrize(("text", "message", "line"), [
    ('{"a": 1, "a": 2}', "key 'a' appears twice", 1),
    ('{"apiVersion": "v1", "kind": "List", "items": [1]}', "$.items[0]: not a Kubernetes object", 1),
    ("apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: 3\n  name: p\n",
     "metadata.namespace is not a string", 1),
    ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: !!python/object:x {}\n",
     "unsupported YAML tag", 4),
    ("a: *nothing\n", "unknown alias", 1),
    ("x:\n  ? [a]\n  : c\n", "a mapping key is a collection", 2),
    (b"\xff\xfe\xfd", "not UTF-8", 1),
    ("x: .inf\n", "infinity or NaN", 1),
])
def test_bad_input_is_a_located_finding(text: str | bytes, message: str, line: int) -> None:
    result = read(text)
    [finding] = result.findings
    assert finding.rule == "IB650" and message in finding.message
    assert finding.line == line


def test_a_directory_without_input_files(tmp_path: Any) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = read_inputs([str(tmp_path)], input_rule="IB700", what="cluster facts")
    [finding] = result.findings
    assert finding.rule == "IB700" and "holds no .json, .yaml or .yml file" in finding.message


# -- normalisation ------------------------------------------------------------------------------


def deployment(**spec: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "d", "namespace": "n"},
        "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {
            "metadata": {"labels": {"a": "b"}},
            "spec": {"containers": [{"name": "c", "image": "busybox:1.36"}]}}},
    }
    base["spec"].update(spec)
    return base


def test_server_fields_go() -> None:
    live = deployment()
    live["metadata"].update({"uid": "u", "resourceVersion": "1", "generation": 3,
                             "creationTimestamp": "t", "managedFields": [{}],
                             "annotations": {"deployment.kubernetes.io/revision": "4",
                                             "meta.helm.sh/release-name": "union",
                                             "kubectl.kubernetes.io/last-applied-configuration":
                                                 "{}", "team": "builds"}})
    live["status"] = {"replicas": 1}
    live["spec"]["template"]["metadata"]["creationTimestamp"] = None
    live["spec"]["template"]["metadata"]["annotations"] = {
        "kubectl.kubernetes.io/restartedAt": "t"}
    result = normalize(live)
    assert result["metadata"] == {"name": "d", "namespace": "n", "annotations": {"team": "builds"}}
    assert "status" not in result and result["spec"]["template"]["metadata"] == {
        "labels": {"a": "b"}}


def test_defaults_go_and_other_values_stay() -> None:
    live = deployment(replicas=1, revisionHistoryLimit=10, progressDeadlineSeconds=300,
                      strategy={"type": "RollingUpdate",
                                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}})
    pod = live["spec"]["template"]["spec"]
    pod.update({"dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "securityContext": {},
                "schedulerName": "default-scheduler", "terminationGracePeriodSeconds": 60})
    pod["containers"][0].update({"imagePullPolicy": "IfNotPresent", "resources": {},
                                 "terminationMessagePath": "/dev/termination-log",
                                 "terminationMessagePolicy": "File"})
    result = normalize(live)
    assert result["spec"] == {
        "progressDeadlineSeconds": 300, "selector": {"matchLabels": {"a": "b"}},
        "strategy": {"rollingUpdate": {"maxUnavailable": 1}},
        "template": {"metadata": {"labels": {"a": "b"}}, "spec": {
            "containers": [{"name": "c", "image": "busybox:1.36"}],
            "terminationGracePeriodSeconds": 60}}}


@pytest.mark.parametrize(("image", "policy", "default"), [
    ("busybox", "Always", True), ("busybox:latest", "Always", True),
    ("busybox:1.36", "Always", False), ("busybox:1.36", "IfNotPresent", True),
    ("registry:5000/busybox", "Always", True), ("busybox@sha256:" + "a" * 64, "IfNotPresent", True),
])
def test_image_pull_policy_default_follows_the_tag(image: str, policy: str, default: bool) -> None:
    live = deployment()
    live["spec"]["template"]["spec"]["containers"][0].update(
        {"image": image, "imagePullPolicy": policy})
    kept = normalize(live)["spec"]["template"]["spec"]["containers"][0]
    assert ("imagePullPolicy" not in kept) is default


def test_a_recreate_strategy_has_no_rolling_defaults() -> None:
    live = deployment(strategy={"type": "Recreate", "rollingUpdate": {"maxSurge": "25%"}})
    assert normalize(live)["spec"]["strategy"] == {"type": "Recreate",
                                                  "rollingUpdate": {"maxSurge": "25%"}}


def test_service_defaults_and_allocation() -> None:
    rendered = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
                "spec": {"ports": [{"name": "tcp", "port": 1234, "targetPort": "tcp"}],
                         "selector": {"a": "b"}}}
    live = copy.deepcopy(rendered)
    live["spec"].update({"type": "ClusterIP", "sessionAffinity": "None", "clusterIP": "10.0.0.1",
                         "clusterIPs": ["10.0.0.1"], "ipFamilies": ["IPv4"],
                         "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"})
    live["spec"]["ports"][0]["protocol"] = "TCP"
    old, new = reconcile(normalize(live), normalize(rendered))
    assert old == new
    # Both sides with an address: compared.
    moved = copy.deepcopy(rendered)
    moved["spec"]["clusterIP"] = "10.0.0.2"
    old, new = reconcile(normalize(live), normalize(moved))
    assert [c.path for c in field_changes(old, new)] == [("spec", "clusterIP")]


def test_a_target_port_defaults_to_the_port() -> None:
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
               "spec": {"ports": [{"port": 80, "targetPort": 80}, {"port": 81, "targetPort": 82}]}}
    assert normalize(service)["spec"]["ports"] == [{"port": 80}, {"port": 81, "targetPort": 82}]


def test_a_default_on_one_side_reads_as_the_default() -> None:
    """`replicas: 2` against a manifest without replicas is 2 → 1 (what applying it does)."""
    old, new = reconcile(normalize(deployment(replicas=2)), normalize(deployment()))
    assert field_changes(old, new)[0].path == ("spec", "replicas")
    assert (field_changes(old, new)[0].old, field_changes(old, new)[0].new) == (2, 1)


def test_quantities_written_alike() -> None:
    live, rendered = deployment(), deployment()
    live["spec"]["template"]["spec"]["containers"][0]["resources"] = {
        "requests": {"cpu": "4", "memory": "4Gi"}, "limits": {"memory": "8Gi"}}
    rendered["spec"]["template"]["spec"]["containers"][0]["resources"] = {
        "requests": {"cpu": "4000m", "memory": "4096Mi"}, "limits": {"memory": "8193Mi"}}
    old, new = reconcile(normalize(live), normalize(rendered))
    changes = field_changes(old, new)
    assert [c.path[-1] for c in changes] == ["memory"] and changes[0].new == "8193Mi"


def test_hpa_owned_replicas_are_not_compared() -> None:
    old, new = reconcile(normalize(deployment(replicas=5)), normalize(deployment()),
                         hpa_managed=True)
    assert old == new


def test_service_account_controller_secrets_go() -> None:
    live = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa"},
            "secrets": [{"name": "sa-token-abcde"}],
            "imagePullSecrets": [{"name": "pull"}, {"name": "sa-dockercfg-xyz12"}]}
    assert normalize(live) == {"apiVersion": "v1", "kind": "ServiceAccount",
                               "metadata": {"name": "sa"}, "imagePullSecrets": [{"name": "pull"}]}


def test_every_pod_spec_default_applies_to_every_pod_kind() -> None:
    pod_defaults = [d for d in DEFAULTS if d.path[:3] == ("spec", "template", "spec")]
    kinds = {kind for d in pod_defaults for kind in d.kinds}
    assert kinds == {k for k, path in POD_SPEC_PATHS.items() if len(path) == 3}


@pytest.mark.parametrize(("path", "expected"), [
    (("spec", "containers", 0, "resources", "requests", "cpu"), True),
    (("status", "allocatable", "memory"), True),
    (("spec", "volumes", 0, "emptyDir", "sizeLimit"), True),
    (("spec", "metrics", 0, "resource", "target", "value"), True),
    (("data", "value"), False),
    (("spec", "replicas"), False),
])
def test_quantity_fields(path: tuple[str | int, ...], expected: bool) -> None:
    assert is_quantity(path) is expected


# -- matching -----------------------------------------------------------------------------------


def test_objects_match_by_group_not_version() -> None:
    v1 = {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
          "metadata": {"name": "h"}}
    v2 = {**v1, "apiVersion": "autoscaling/v2"}
    assert object_key(v1, "union") == object_key(v2, "union") == ObjectKey(
        "autoscaling", "HorizontalPodAutoscaler", "union", "h")


def test_cluster_scoped_objects_have_no_namespace() -> None:
    scc = {"apiVersion": "security.openshift.io/v1", "kind": "SecurityContextConstraints",
           "metadata": {"name": "s", "namespace": "ignored"}}
    assert object_key(scc, "union").namespace == ""


def test_compare_reports_every_kind_of_change() -> None:
    def side(*objects: dict[str, Any]) -> list[SideObject]:
        return [SideObject(object_key(o, "n"), o, Location("x")) for o in objects]

    gone = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "gone"}}
    new = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "new"}}
    comparison = compare(side(deployment(), gone), side(deployment(replicas=3), new),
                         old_label="old", new_label="new")
    assert [(c.key.name, c.change) for c in comparison.changes] == [
        ("gone", "removed"), ("new", "added"), ("d", "changed")]
    assert "--- old/ConfigMap/n/gone\n+++ /dev/null" in comparison.changes[0].diff
    assert "+  replicas: 3" in comparison.changes[2].diff


def test_a_manifest_without_namespaces_lands_in_the_release_namespace() -> None:
    """`helm get manifest` of a chart that writes no namespace against objects that name it."""
    written = deployment()
    bare = copy.deepcopy(written)
    del bare["metadata"]["namespace"]
    comparison = compare([SideObject(object_key(bare, "n"), bare, Location("x"))],
                         [SideObject(object_key(written, "n"), written, Location("y"))],
                         old_label="old", new_label="new")
    assert comparison.changes == [] and len(comparison.unchanged) == 1
    other = compare([SideObject(object_key(bare, "m"), bare, Location("x"))],
                    [SideObject(object_key(written, "n"), written, Location("y"))],
                    old_label="old", new_label="new")
    assert [c.change for c in other.changes] == ["removed", "added"]
