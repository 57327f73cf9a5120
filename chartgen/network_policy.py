"""The NetworkPolicy's peers and ports: who reaches buildkitd, and where buildkitd may connect.

Owns the platform facts the policy depends on, as data, so the renderer (`render/context.py`),
the chart's Go template (`templates/networkpolicy.yaml.gotmpl`, which reads them from the data
`chartgen chart` writes) and the rule that warns about blocked DNS
(`rules/network_policy_dns.py`) agree.

DNS is the egress every build needs, and where it is answered differs per platform:

- EKS, AKS, GKE and most clusters: CoreDNS / kube-dns pods labelled `k8s-app: kube-dns` (in
  `kube-system`), on UDP and TCP 53. NetworkPolicies see the pod address after the Service's
  address is translated, so the pods are the peer, not the Service.
- NodeLocal DNSCache (GKE Autopilot and recent GKE Standard by default, an add-on elsewhere):
  a host-network cache on every node at the link-local 169.254.20.10. No pod selector matches a
  host-network endpoint; only an `ipBlock` does.
- GKE Cloud DNS: kubelet points pods at the node's metadata server, 169.254.169.254, on port
  53. Allowing port 53 there keeps DNS working while the metadata *API* (HTTP on 80) stays
  denied: the `except` of the web rule still removes that address from TCP 443/80.
- OpenShift: the DNS operator's pods in namespace `openshift-dns`
  (`dns.operator.openshift.io/daemonset-dns: default`), listening on 5353 behind the Service's
  53.

So the default DNS peers are chosen by platform (OpenShift from `openShift.enabled`), and both
peers and ports can be replaced in `networkPolicy.egress.dns`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chartgen.model import FLYTE_NAMESPACE_LABEL, FLYTE_NAMESPACE_VALUE, Values

if TYPE_CHECKING:
    import ipaddress

# Namespaces carry this label from Kubernetes 1.21 on; it selects the release namespace.
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"

KUBE_DNS_PEER: dict[str, Any] = {
    "namespaceSelector": {},
    "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
}
NODE_LOCAL_DNS_CIDR = "169.254.20.10/32"
GKE_CLOUD_DNS_CIDR = "169.254.169.254/32"
OPENSHIFT_DNS_NAMESPACE = "openshift-dns"
OPENSHIFT_DNS_PEER: dict[str, Any] = {
    "namespaceSelector": {"matchLabels": {NAMESPACE_NAME_LABEL: OPENSHIFT_DNS_NAMESPACE}},
    "podSelector": {"matchLabels": {"dns.operator.openshift.io/daemonset-dns": "default"}},
}

# (peers, ports) per platform.
KUBERNETES_DNS: tuple[list[dict[str, Any]], list[dict[str, Any]]] = (
    [
        KUBE_DNS_PEER,
        {"ipBlock": {"cidr": NODE_LOCAL_DNS_CIDR}},
        {"ipBlock": {"cidr": GKE_CLOUD_DNS_CIDR}},
    ],
    [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
)
OPENSHIFT_DNS: tuple[list[dict[str, Any]], list[dict[str, Any]]] = (
    [OPENSHIFT_DNS_PEER],
    [
        {"protocol": "UDP", "port": 5353},
        {"protocol": "TCP", "port": 5353},
        {"protocol": "UDP", "port": 53},
        {"protocol": "TCP", "port": 53},
    ],
)

# Cloud metadata endpoints kept out of every allowed CIDR that contains them: the IPv4 address
# of AWS, GCP and Azure, AWS's IPv6 IMDS endpoint, and GCE's on IPv6-only VMs.
CLOUD_METADATA_CIDRS = ("169.254.169.254/32", "fd00:ec2::254/128", "fd20:ce::254/128")


def ingress_peers(values: Values, namespace: str) -> list[dict[str, Any]]:
    """Who may reach port 1234: the configured peers, else the release namespace and the
    namespaces where build tasks run (labelled `union.ai/namespace-type: flyte`)."""
    configured = values.buildkit.networkPolicy.ingressFrom
    if configured:
        return [dict(peer) for peer in configured]
    return [
        {"namespaceSelector": {"matchLabels": {NAMESPACE_NAME_LABEL: namespace}}},
        {"namespaceSelector": {"matchLabels": {FLYTE_NAMESPACE_LABEL: FLYTE_NAMESPACE_VALUE}}},
    ]


def platform_dns(values: Values) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The platform's DNS peers and ports (before the user's `egress.dns` replaces them)."""
    return OPENSHIFT_DNS if values.buildkit.openShift.enabled else KUBERNETES_DNS


def dns_peers(values: Values) -> list[dict[str, Any]]:
    configured = values.buildkit.networkPolicy.egress.dns.to
    return [dict(peer) for peer in configured] if configured else platform_dns(values)[0]


def dns_ports(values: Values) -> list[dict[str, Any]]:
    configured = values.buildkit.networkPolicy.egress.dns.ports
    return [dict(port) for port in configured] if configured else platform_dns(values)[1]


def egress_ports(values: Values) -> list[dict[str, Any]]:
    """Ports buildkitd and build steps may use towards `allowedCIDRs` (empty: every port)."""
    return [dict(port) for port in values.buildkit.networkPolicy.egress.ports]


def parse_cidr(cidr: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A CIDR as Kubernetes takes it (ADDRESS/PREFIX-LENGTH), or None.

    Stricter than `ipaddress` where the chart's template cannot follow: no netmask written
    as an address, no IPv4 inside IPv6 (`::ffff:1.2.3.4`), no zone (`%eth0`).
    """
    import ipaddress  # only where there is a CIDR to read, not on every validation's path

    address, slash, prefix = cidr.partition("/")
    if not slash or not (prefix.isascii() and prefix.isdigit()):
        return None
    if ":" in address and ("." in address or "%" in address):
        return None
    try:
        return ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return None


def egress_ip_blocks(values: Values) -> list[dict[str, Any]]:
    """Allowed egress CIDRs, each excluding the cloud metadata endpoints it contains.

    Kubernetes rejects an `except` entry outside its `cidr`, so an endpoint is excluded only
    from the blocks that contain it (the others do not allow it anyway), and never from a
    block that is exactly that endpoint.
    """
    import ipaddress

    egress = values.buildkit.networkPolicy.egress
    metadata = [ipaddress.ip_network(cidr) for cidr in CLOUD_METADATA_CIDRS]
    blocks: list[dict[str, Any]] = []
    for cidr in egress.allowedCIDRs:
        block: dict[str, Any] = {"cidr": cidr}
        network = parse_cidr(cidr)
        if egress.denyCloudMetadata and network is not None:
            excepts = [
                str(endpoint)
                for endpoint in metadata
                if endpoint.version == network.version
                and endpoint.subnet_of(network)  # type: ignore[arg-type]
                and endpoint != network
            ]
            if excepts:
                block["except"] = excepts
        blocks.append(block)
    return blocks
