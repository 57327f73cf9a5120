"""Facts about platforms, node operating systems, runtimes, images and network plugins.

Each table says where its facts come from. They describe defaults: what a node OS does unless
its operator changed it, which doctor cannot see through the API.
"""

from __future__ import annotations

import re
from typing import Any

from chartgen.kube_input import KubeObject
from chartgen.record import record

Version = tuple[int, ...]


def parse_version(text: str, parts: int = 3) -> Version | None:
    """The leading dotted number of `text` (`6.1.112-124.amzn2023` → (6, 1, 112))."""
    match = re.match(rf"v?([0-9]{{1,6}}(?:\.[0-9]{{1,6}}){{0,{parts - 1}}})", text.strip())
    if match is None:
        return None
    return tuple(int(part) for part in match[1].split("."))


# -- nodes ----------------------------------------------------------------------------------------


def node_info(node: KubeObject) -> dict[str, Any]:
    info = (node.data.get("status") or {}).get("nodeInfo")
    return info if isinstance(info, dict) else {}


def node_os(node: KubeObject) -> str:
    return node.labels.get("kubernetes.io/os") or str(node_info(node).get("operatingSystem", ""))


def node_arch(node: KubeObject) -> str:
    return node.labels.get("kubernetes.io/arch") or str(node_info(node).get("architecture", ""))


def node_ready(node: KubeObject) -> bool | None:
    conditions = (node.data.get("status") or {}).get("conditions") or []
    for condition in conditions:
        if isinstance(condition, dict) and condition.get("type") == "Ready":
            return condition.get("status") == "True"
    return None


def apparmor_enabled(node: KubeObject) -> bool | None:
    """The kubelet appends "AppArmor enabled" to the Ready condition's message when the host
    has AppArmor on (pkg/kubelet/nodestatus/setters.go, ReadyCondition)."""
    conditions = (node.data.get("status") or {}).get("conditions") or []
    for condition in conditions:
        if isinstance(condition, dict) and condition.get("type") == "Ready":
            return "AppArmor enabled" in str(condition.get("message", ""))
    return None


@record(frozen=True)
class NodeOs:
    family: str  # bottlerocket, ubuntu, cos, al2, al2023, rhcos, rhel, centos, debian, ...
    version: Version | None
    image: str


_OS_PATTERNS: tuple[tuple[str, str], ...] = (
    ("bottlerocket", r"Bottlerocket OS ([0-9.]+)"),
    ("ubuntu", r"Ubuntu ([0-9.]+)"),
    ("cos", r"Container-Optimized OS"),
    ("al2023", r"Amazon Linux 2023"),
    ("al2", r"Amazon Linux 2(?![0-9])"),
    ("rhcos", r"Red Hat Enterprise Linux CoreOS"),
    ("rhel", r"Red Hat Enterprise Linux(?: Server)? ([0-9.]+)"),
    ("centos", r"CentOS(?: Stream| Linux)? ([0-9.]+)"),
    ("debian", r"Debian GNU/Linux ([0-9.]+)"),
    ("azurelinux", r"(?:Azure Linux|CBL-Mariner)"),
    ("k3s", r"K3s"),
    ("windows", r"Windows"),
)


def classify_os(node: KubeObject) -> NodeOs:
    image = str(node_info(node).get("osImage", ""))
    for family, pattern in _OS_PATTERNS:
        match = re.search(pattern, image)
        if match:
            version = parse_version(match[1], 2) if match.groups() else None
            return NodeOs(family, version, image)
    return NodeOs("other", None, image)


def kernel_version(node: KubeObject) -> Version | None:
    return parse_version(str(node_info(node).get("kernelVersion", "")))


def runtime(node: KubeObject) -> tuple[str, Version | None]:
    """`containerd://1.7.22` → ("containerd", (1, 7, 22))."""
    text = str(node_info(node).get("containerRuntimeVersion", ""))
    name, _, version = text.partition("://")
    return name, parse_version(version)


def kubelet_version(node: KubeObject) -> Version | None:
    return parse_version(str(node_info(node).get("kubeletVersion", "")))


def runtime_user_namespaces(node: KubeObject) -> bool | None:
    """What the default runtime handler reports about user namespaces (`status.runtimeHandlers`,
    published by kubelets with the UserNamespacesSupport gate), or None when not published."""
    handlers = (node.data.get("status") or {}).get("runtimeHandlers") or []
    for handler in handlers:
        if isinstance(handler, dict) and handler.get("name", "") == "":
            features = handler.get("features") or {}
            value = features.get("userNamespaces") if isinstance(features, dict) else None
            return value if isinstance(value, bool) else None
    return None


# -- platforms ------------------------------------------------------------------------------------


def is_gke_autopilot(nodes: list[KubeObject]) -> bool:
    """Autopilot nodes are named `gk3-CLUSTER-...`, and carry the `cloud.google.com/gke-autopilot`
    label where GKE sets it (a heuristic: Google documents neither as an interface)."""
    return any(node.name.startswith("gk3-") or "cloud.google.com/gke-autopilot" in node.labels
               for node in nodes)


def is_eks_auto_mode(node: KubeObject) -> bool:
    """EKS Auto Mode nodes carry `eks.amazonaws.com/compute-type: auto`."""
    return node.labels.get("eks.amazonaws.com/compute-type") == "auto"


def is_openshift_node(node: KubeObject) -> bool:
    return "node.openshift.io/os_id" in node.labels or classify_os(node).family == "rhcos"


def is_k3s(node: KubeObject) -> bool:
    return "+k3s" in str(node_info(node).get("kubeletVersion", ""))


# -- the image ------------------------------------------------------------------------------------

# The platforms of docker.io/moby/buildkit, both the default and the `-rootless` images: both are
# built by the `image-cross` target of BuildKit's docker-bake.hcl (v0.32.2; the release workflow
# .github/workflows/buildkit.yml builds it for the default and the rootless target alike).
MOBY_BUILDKIT_PLATFORMS: dict[str, str] = {
    "amd64": "linux/amd64",
    "arm": "linux/arm/v7",
    "arm64": "linux/arm64",
    "s390x": "linux/s390x",
    "ppc64le": "linux/ppc64le",
    "riscv64": "linux/riscv64",
}
MOBY_BUILDKIT_REPOSITORIES = frozenset({
    "docker.io/moby/buildkit", "moby/buildkit", "index.docker.io/moby/buildkit",
    "registry-1.docker.io/moby/buildkit",
})


def image_repository(image: str) -> str:
    """`docker.io/moby/buildkit:v0.32.2@sha256:...` → `docker.io/moby/buildkit`."""
    reference = image.partition("@")[0]
    last_slash = reference.rfind("/")
    colon = reference.rfind(":")
    return reference[:colon] if colon > last_slash else reference


def image_architectures(image: str) -> dict[str, str] | None:
    """Node architecture → platform the image is published for; None when unknown."""
    if image_repository(image) in MOBY_BUILDKIT_REPOSITORIES:
        return MOBY_BUILDKIT_PLATFORMS
    return None


# -- network plugins ------------------------------------------------------------------------------


@record(frozen=True)
class Plugin:
    name: str
    enforces: bool | None  # None: depends on its configuration (decided from the DaemonSet)
    pattern: str  # the DaemonSet name, full match


# DaemonSet names the plugins install (their own manifests and the managed platforms' add-ons).
NETWORK_PLUGINS: tuple[Plugin, ...] = (
    Plugin("Calico", True, r"calico-node"),
    Plugin("Canal (Calico policy on flannel)", True, r"canal"),
    Plugin("Cilium", True, r"cilium"),
    Plugin("GKE Dataplane V2 (Cilium)", True, r"anetd"),
    Plugin("Antrea", True, r"antrea-agent"),
    Plugin("Weave Net", True, r"weave-net"),
    Plugin("kube-router", True, r"kube-router"),
    Plugin("Azure Network Policy Manager", True, r"azure-npm(-win)?"),
    Plugin("OVN-Kubernetes (OpenShift)", True, r"ovnkube-node"),
    Plugin("OpenShift SDN", True, r"sdn"),
    Plugin("Amazon VPC CNI", None, r"aws-node"),
    Plugin("flannel", False, r"kube-flannel-ds|kube-flannel|flannel"),
    Plugin("Azure CNI (without a policy engine)", False, r"azure-cns"),
)

# The container of the Amazon VPC CNI's DaemonSet that enforces NetworkPolicies, and the flag
# that turns it on (aws-network-policy-agent; the EKS add-on's `enableNetworkPolicy`).
AWS_POLICY_AGENTS = frozenset({"aws-eks-nodeagent", "aws-network-policy-agent"})
AWS_POLICY_FLAG = "--enable-network-policy=true"


def aws_policy_agent_enabled(daemonset: KubeObject) -> bool:
    template = ((daemonset.data.get("spec") or {}).get("template") or {}).get("spec") or {}
    for container in template.get("containers") or []:
        if isinstance(container, dict) and container.get("name") in AWS_POLICY_AGENTS:
            return AWS_POLICY_FLAG in [str(arg) for arg in container.get("args") or []]
    return False


def plugin_of(daemonset: KubeObject) -> Plugin | None:
    for plugin in NETWORK_PLUGINS:
        if re.fullmatch(plugin.pattern, daemonset.name):
            return plugin
    return None


def k3s_network_policy(node: KubeObject) -> bool:
    """k3s runs its own network policy controller (kube-router's) unless started with
    `--disable-network-policy`; the server's arguments are in the `k3s.io/node-args`
    annotation."""
    return "--disable-network-policy" not in node.annotations.get("k3s.io/node-args", "")
