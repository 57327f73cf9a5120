"""`chartgen doctor`: will these values run on this cluster? Checked offline, from kubectl output.

`chartgen doctor --print-commands` prints the `kubectl` commands whose output doctor reads
(`chartgen/doctor/sources.py`): the API server's version, the nodes, the namespaces, the
cert-manager and OpenShift CRDs, the StorageClasses, the DaemonSets (to tell which network
plugin runs) and OpenShift's SecurityContextConstraints. Save them in a directory and run
`chartgen doctor VALUES --cluster DIR` (files, directories and `-` for stdin are accepted; a
`kubectl ... -o json` List or object per file, several concatenated on stdin).

doctor renders the values for the cluster's Kubernetes version (or `--kube-version`) and checks
what the cluster will do with the objects: whether the API server and the nodes support user
namespaces (`hostUsers: false`) and rootless BuildKit (kernel, container runtime, the node OS's
defaults), whether the release namespace's Pod Security Admission level or GKE Autopilot admits
the pod, whether the CRDs of cert-manager exist when TLS uses it, whether the namespaces the
NetworkPolicy lets in exist, whether any node can take the pod (nodeSelector, taints, CPU,
memory, ephemeral storage, architecture), whether the network plugin enforces NetworkPolicies,
whether the OpenShift settings match the cluster and its SCCs, and whether StorageClasses
exist for generic ephemeral volumes. Every finding points at the values line that decides it
and names the cluster object it concerns; a check that lacks its facts says so (IB701) rather
than passing silently.

The facts are a snapshot: node allocatable resources are capacities less system reservations,
not what is free; a cluster autoscaler can add nodes doctor cannot see; sysctls and feature
gates are not visible through the API, so node-OS findings say what the OS does by default.
"""

from __future__ import annotations

from chartgen.findings import FIXED_UNREADABLE_INPUT, FindingKind, Severity

CLUSTER_INPUT = FindingKind(
    "IB700",
    "cluster-input",
    Severity.ERROR,
    """A cluster facts file cannot be read as kubectl output.

It is not JSON or YAML, a List entry is not a Kubernetes object, a document is neither an
object, a List nor the `kubectl version -o json` document, or it is larger than 64 MiB.
Produce the files with the commands `chartgen doctor --print-commands` prints, unchanged.""",
    fixed=FIXED_UNREADABLE_INPUT,
)

FACTS_MISSING = FindingKind(
    "IB701",
    "cluster-facts-missing",
    Severity.INFO,
    """A check was skipped because the cluster facts it needs were not given.

The finding names the checks and the `kubectl` command whose output they need. doctor never
reports a check as passed when it could not run it.""",
)

KUBE_VERSION = FindingKind(
    "IB702",
    "kube-version",
    Severity.WARNING,
    """The cluster's Kubernetes version does not fit the objects.

Below 1.23 the objects cannot be created at all (policy/v1 PodDisruptionBudget,
autoscaling/v2 HorizontalPodAutoscaler): an error. A `--kube-version` other than the
cluster's renders fields for another version — the AppArmor field from 1.30, `hostUsers`
support from 1.33 — so render with the cluster's version (doctor uses it when
`--kube-version` is not given).""",
)

USER_NAMESPACES = FindingKind(
    "IB703",
    "user-namespaces",
    Severity.ERROR,
    """`hostUsers: false` will not give buildkitd a user namespace on these nodes.

Kubernetes documents the requirements (Use a User Namespace With a Pod; containerd's
docs/user-namespaces): the API server keeps the field from 1.25 with the
`UserNamespacesSupport` gate, on by default from 1.33; the node needs Linux 6.3 or newer
(idmap mounts on tmpfs), containerd 2.0 or newer (1.7 is incompatible with Kubernetes 1.27-1.30
and 1.6 ignores the field silently) or CRI-O 1.25 or newer, and a runtime handler that reports
`userNamespaces` support (`status.runtimeHandlers`, when the node publishes it). Where the
runtime ignores the field the pod runs with the node's users — a privileged buildkitd is then
root on the node. Errors where the facts are certain, warnings where they are likely (a kernel
version, a gate doctor cannot see).""",
)

ROOTLESS_NODE_OS = FindingKind(
    "IB704",
    "rootless-node-os",
    Severity.WARNING,
    """The node OS keeps rootless BuildKit from starting unless it is configured.

Rootless BuildKit needs unprivileged user namespaces (BuildKit's docs/rootless.md):
Bottlerocket sets `user.max_user_namespaces = 0` by default (settings
`kernel.sysctl."user.max_user_namespaces"` raise it; EKS Auto Mode nodes cannot be changed);
Ubuntu 23.10 and later restrict unprivileged user namespaces through AppArmor
(`kernel.apparmor_restrict_unprivileged_userns = 1`; set it to 0); RHEL/CentOS 7 set
`user.max_user_namespaces = 0`; Debian 10 needs `kernel.unprivileged_userns_clone = 1`. Kernels
before 5.11 (other than Ubuntu's) cannot use overlayfs rootless, so BuildKit falls back to a
slower snapshotter. doctor cannot read sysctls, so these say what the OS does by default;
Container-Optimized OS, Amazon Linux 2 and 2023, RHCOS and recent RHEL, Debian and Azure Linux
need nothing.""",
)

POD_SECURITY = FindingKind(
    "IB705",
    "pod-security-admission",
    Severity.ERROR,
    """The release namespace's Pod Security Admission level refuses the buildkitd pod.

doctor evaluates the rendered pod against the Pod Security Standards: a privileged container
needs `privileged`, and so does rootless BuildKit, whose seccomp and AppArmor profiles are
`Unconfined`. A namespace labelled `pod-security.kubernetes.io/enforce: baseline` or
`restricted` makes the ReplicaSet fail to create pods (`violates PodSecurity`); a `warn` or
`audit` label only reports. Label the namespace `pod-security.kubernetes.io/enforce:
privileged`, or install into a namespace that allows it. A namespace that does not exist yet
is created without labels, so the cluster-wide default applies.""",
)

AUTOPILOT = FindingKind(
    "IB706",
    "gke-autopilot",
    Severity.ERROR,
    """GKE Autopilot refuses the buildkitd pod.

Autopilot enforces its own admission policy (GKE Warden) with the Baseline Pod Security
Standard at its core: privileged containers, and `Unconfined` seccomp or AppArmor profiles, are
refused whatever the namespace labels say. Neither privileged nor rootless BuildKit runs on
Autopilot; use a GKE Standard node pool (or a Standard cluster) for buildkitd, or an external
buildkitd (`imageBuilder.buildkitUri`).""",
)

CERT_MANAGER = FindingKind(
    "IB707",
    "cert-manager-missing",
    Severity.ERROR,
    """TLS uses cert-manager, but the cluster has no cert-manager CRDs.

The values render cert-manager `Certificate` objects (`buildkit.tls.certManager`); without the
CustomResourceDefinitions `certificates.cert-manager.io` (serving v1) and the issuer kind named
in `issuerRef`, `helm install` fails (`no matches for kind "Certificate"`). Install cert-manager
first, or give the certificates as `buildkit.tls.existingSecret`.""",
)

NAMESPACES = FindingKind(
    "IB708",
    "flyte-namespaces",
    Severity.WARNING,
    """The namespaces the Image Builder serves do not exist, or the NetworkPolicy admits none.

In multi-namespace mode build tasks run in the namespaces labelled
`union.ai/namespace-type: flyte` (the operator creates them per project and domain), and the
NetworkPolicy lets them reach buildkitd. When no such namespace exists, or an ingress peer's
namespaceSelector matches no namespace, nothing is let in through it: check the labels, or list
the right peers in `buildkit.networkPolicy.ingressFrom`.""",
)

UNSCHEDULABLE = FindingKind(
    "IB709",
    "unschedulable",
    Severity.ERROR,
    """No node can run the buildkitd pod, or not as many as the replicas need.

doctor applies the scheduler's filters to every node: Linux, Ready and not cordoned,
`nodeSelector` labels, taints (NoSchedule/NoExecute) against `tolerations`, and allocatable
CPU, memory and ephemeral storage against the requests. Allocatable is a node's capacity less
system reservations, not what is free, so a node that passes may still be full; one that fails
never fits. With the required pod anti-affinity on hostname, each replica needs its own node.
A cluster autoscaler may add a node doctor cannot see; the finding says which filter excluded
which nodes.""",
)

ARCHITECTURE = FindingKind(
    "IB710",
    "architecture",
    Severity.ERROR,
    """The buildkitd image has no build for the architecture of nodes that can run the pod.

The scheduler does not look at image architectures: a pod placed on such a node fails with an
image pull error (`no match for platform in manifest`). `docker.io/moby/buildkit` (and its
`-rootless` images) are published for linux/amd64, arm/v7, arm64, s390x, ppc64le and riscv64
(BuildKit's docker-bake.hcl, target `image-cross`). Add `kubernetes.io/arch` to
`buildkit.nodeSelector`, or use an image built for the nodes. For other image repositories the
architectures are unknown to doctor (IB701).""",
)

NETWORK_POLICY_ENFORCEMENT = FindingKind(
    "IB711",
    "network-policy-enforcement",
    Severity.WARNING,
    """The network plugin likely does not enforce the NetworkPolicy.

A NetworkPolicy is enforced only by a network plugin that implements it; otherwise it is
accepted and ignored. doctor recognises the plugins by their DaemonSets (and k3s by its node
annotations): Calico, Cilium (AKS Azure CNI powered by Cilium), GKE Dataplane V2 (`anetd`),
Antrea, Weave Net, kube-router, Azure Network Policy Manager, OpenShift's OVN-Kubernetes and
SDN, and the Amazon VPC CNI with its network policy agent enabled
(`--enable-network-policy=true`) enforce; flannel alone and the VPC CNI without the agent do
not. The confidence is stated in the message; an unrecognised plugin is reported as unknown
(info).""",
)

OPENSHIFT_MISMATCH = FindingKind(
    "IB712",
    "openshift-mismatch",
    Severity.ERROR,
    """`buildkit.openShift.enabled` does not match the cluster.

On OpenShift (SecurityContextConstraints exist; RHCOS nodes) without it, the pod is admitted
under `restricted-v2`, which refuses a privileged container and user 1000 outside the
namespace's range: buildkitd never starts. Off OpenShift with it, the chart renders a
SecurityContextConstraints object the API server does not know, and `helm install` fails.""",
)

OPENSHIFT_SCC = FindingKind(
    "IB713",
    "openshift-scc",
    Severity.ERROR,
    """The SecurityContextConstraints the values name or create conflict with the cluster.

An SCC the chart creates that already exists and is not this release's makes `helm install`
fail (invalid ownership metadata); an `existingName` that does not exist leaves the pod without
one; an existing SCC that does not allow what the pod asks for (a privileged container, user
1000, `Unconfined` seccomp, its volume types) keeps it from being admitted.""",
)

STORAGE_CLASS = FindingKind(
    "IB714",
    "storage-class",
    Severity.ERROR,
    """A generic ephemeral volume names a StorageClass the cluster does not have.

A `volumeClaimTemplate` in `buildkit.additionalVolumes` with a `storageClassName` that does not
exist, or with none while the cluster has no default StorageClass (annotation
`storageclass.kubernetes.io/is-default-class: "true"`), leaves its claim Pending and the pod
with it.""",
)

KINDS: tuple[FindingKind, ...] = (
    CLUSTER_INPUT,
    FACTS_MISSING,
    KUBE_VERSION,
    USER_NAMESPACES,
    ROOTLESS_NODE_OS,
    POD_SECURITY,
    AUTOPILOT,
    CERT_MANAGER,
    NAMESPACES,
    UNSCHEDULABLE,
    ARCHITECTURE,
    NETWORK_POLICY_ENFORCEMENT,
    OPENSHIFT_MISMATCH,
    OPENSHIFT_SCC,
    STORAGE_CLASS,
)
