"""`chartgen diff`: what a change of values does to the Image Builder's objects, offline.

Two questions, one answer format:

- `chartgen diff OLD.yaml --to NEW.yaml`: the objects two value sets render;
- `chartgen diff values.yaml --deployed live.yaml`: what is in the cluster now (`helm get
  manifest RELEASE`, or `kubectl get ... -o yaml|json`) against what the values render.

Objects are matched by API group, kind, namespace and name, and compared *semantically*: the
fields the API server fills in are not differences (status, `metadata.uid`, `resourceVersion`,
`generation`, `creationTimestamp`, `managedFields`, the `last-applied-configuration` and
`deployment.kubernetes.io/revision` annotations, Helm's `meta.helm.sh/*` annotations, the
defaults Kubernetes writes into every object — `chartgen/diff/defaults.py` lists them with
where each comes from — and the addresses and ports it allocates), and quantities are compared
as numbers (`1000m` is `1`, `4096Mi` is `4Gi`). Each changed object is shown as a unified diff
of its YAML (keys sorted, as kubectl prints them); `-o json` gives machines the same as a
versioned document (`schemas/diff.schema.json`).

Where a change matters, a finding says what will happen and what to do (IB651-IB660): a
pod-template change restarts buildkitd (and drops its cache on an emptyDir), a selector change
cannot be applied in place, a Service type change exposes the daemon, a changed
`build-image-config` redirects the build task, a removed PodDisruptionBudget or NetworkPolicy
drops a protection.

Exit codes follow `diff`: 0 no change, 1 changes (or findings that stopped the comparison:
invalid values, unreadable deployed objects), 2 usage, 3 environment.
"""

from __future__ import annotations

from chartgen.findings import FIXED_UNREADABLE_INPUT, FindingKind, Severity

DEPLOYED_INPUT = FindingKind(
    "IB650",
    "deployed-input",
    Severity.ERROR,
    """The deployed objects given to `chartgen diff --deployed` cannot be read.

The file is not YAML or JSON, a document or `items` entry is not a Kubernetes object
(`apiVersion`, `kind`, `metadata.name`), or it is too large (64 MiB). Pass the output of
`helm get manifest RELEASE -n NAMESPACE` or of `kubectl get KINDS -n NAMESPACE -l
app.kubernetes.io/instance=RELEASE -o yaml` unchanged. Nothing is compared, and chartgen exits
with 1.""",
    fixed=FIXED_UNREADABLE_INPUT,
)

POD_RESTART = FindingKind(
    "IB651",
    "pod-restart",
    Severity.WARNING,
    """The change replaces every buildkitd pod.

A change to the Deployment's pod template (image, arguments, resources, security context,
volumes, scheduling, the `checksum/config` annotation, ...) makes Kubernetes replace the pods:
with the `Recreate` strategy (the default) all at once, so buildkitd is down until a new pod is
ready; with `RollingUpdate` one by one. Builds running on a replaced pod fail. When BuildKit's
state directory is an emptyDir (the rootless default, `/home/user/.local/share/buildkit`) or the
container's own filesystem (privileged, `/var/lib/buildkit`), the build cache goes with the pod
and the next builds start cold. Apply the change when no builds run; keep the cache on a
persistent volume (`additionalVolumes` with a PersistentVolumeClaim mounted at the state
directory) if cold builds hurt.""",
)

CONFIG_RESTART = FindingKind(
    "IB652",
    "config-restart",
    Severity.WARNING,
    """buildkitd.toml changes; buildkitd reads it only when it starts.

The finding lists the TOML keys that change. chartgen's pod template carries the checksum of
buildkitd.toml (`checksum/config`), so the pods restart with the new configuration (IB651).
When the pod template does not change with it (a Deployment that carries no checksum, such as
one installed by another chart), buildkitd keeps the old configuration until it is restarted:
run `kubectl rollout restart deployment/NAME -n NAMESPACE`.""",
)

IMMUTABLE_FIELD = FindingKind(
    "IB653",
    "immutable-field",
    Severity.ERROR,
    """The change touches a field Kubernetes does not allow to change.

A Deployment's `spec.selector` (apps/v1) and a RoleBinding's `roleRef` are immutable: the API
server refuses the update (`field is immutable`, `cannot change roleRef`), so `helm upgrade`
and `kubectl apply` fail and nothing of the release is updated. The selector follows the
release name; the roleRef the SecurityContextConstraints' name. Delete the object first
(`kubectl delete deployment NAME -n NAMESPACE`), then install or upgrade; buildkitd is down in
between and its cache is lost. Or keep the old release name.""",
)

SERVICE_EXPOSURE = FindingKind(
    "IB654",
    "service-exposure",
    Severity.WARNING,
    """The buildkitd Service changes who can reach the daemon.

`NodePort` opens buildkitd's port on every node's address; `LoadBalancer` asks the cloud for a
load balancer in front of it (internet-facing unless an annotation makes it internal). Anyone
who reaches an unauthenticated buildkitd runs builds on it (IB302). The other way round,
going back to `ClusterIP` releases the load balancer and node ports: clients outside the
cluster lose access. Keep `ClusterIP` for Union's build task, which runs in the cluster.""",
)

SERVICE_ACCOUNT = FindingKind(
    "IB655",
    "service-account-change",
    Severity.WARNING,
    """buildkitd runs with another identity.

The pod's ServiceAccount changes, or the cloud identity annotations of its ServiceAccount
(IRSA `eks.amazonaws.com/role-arn`, GKE `iam.gke.io/gcp-service-account`, Azure
`azure.workload.identity/client-id`) or its token mount change. Every build step runs with what
that account can do (IB321): check that the new account carries no cloud role, and on OpenShift
that the SecurityContextConstraints' RoleBinding names it. The pods restart.""",
)

BUILD_CONFIG = FindingKind(
    "IB656",
    "build-config-change",
    Severity.WARNING,
    """`build-image-config`, what Union's build task reads, changes or goes away.

`buildkit-uri` sends builds to another buildkitd; `default-repository` pushes images without a
registry of their own elsewhere (the build task's identity needs push rights there:
`chartgen iam-policy`); `authentication-type` changes how the task logs in; `storage.yaml` where
it reads and writes. A removed ConfigMap stops every image build in that namespace. Tasks that
already started keep what they read; new ones use the new values.""",
)

PDB_REMOVED = FindingKind(
    "IB657",
    "pdb-removed",
    Severity.WARNING,
    """The PodDisruptionBudget of buildkitd is removed.

Without it, a node drain or a cluster upgrade may evict every buildkitd pod at once, failing
the builds on them. chartgen renders it when more than one replica runs
(`buildkit.replicaCount > 1`); keep it when you run several.""",
)

NETWORK_POLICY_REMOVED = FindingKind(
    "IB658",
    "network-policy-removed",
    Severity.WARNING,
    """The NetworkPolicy in front of buildkitd is removed, or lets every source in.

Without it (or with an ingress rule that names no source) every pod in the cluster that can
reach port 1234 can run builds on buildkitd, and with privileged buildkitd that is root on
the node (IB303). Keep `buildkit.networkPolicy.enabled: true`.""",
)

SCC_CHANGE = FindingKind(
    "IB659",
    "scc-change",
    Severity.WARNING,
    """The OpenShift SecurityContextConstraints for buildkitd change.

OpenShift checks a pod against SCCs only when the pod is admitted: running pods keep what they
were admitted with. The new constraints apply once the pods are replaced — by the same change
when it also changes the pod template (IB651), otherwise only after
`oc rollout restart deployment/NAME`. A constraint that no longer allows what the pod asks for
(privileged, user 1000, Unconfined seccomp) keeps the new pods from starting.""",
)

REPLICAS_RESET = FindingKind(
    "IB660",
    "replicas-reset",
    Severity.WARNING,
    """`spec.replicas` disappears from the Deployment (autoscaling is turned on).

Helm's three-way merge (and `kubectl apply`) removes a field the previous manifest set and the
new one leaves out; the API server then applies its default, one replica, and the
HorizontalPodAutoscaler scales up again from there. Pods above one are stopped in between, with
the builds on them. Turn autoscaling on when no builds run, or scale the Deployment to
`autoscaling.minReplicas` first.""",
)

NOTHING_DEPLOYED = FindingKind(
    "IB661",
    "nothing-deployed",
    Severity.INFO,
    """The deployed objects hold no Image Builder object.

Every object the values render shows as added. Either the Image Builder is not installed yet,
or the deployed objects come from another namespace or release: check `-n` and the label
selector of the kubectl command, or the release name given to `helm get manifest`.""",
)

KINDS: tuple[FindingKind, ...] = (
    DEPLOYED_INPUT,
    POD_RESTART,
    CONFIG_RESTART,
    IMMUTABLE_FIELD,
    SERVICE_EXPOSURE,
    SERVICE_ACCOUNT,
    BUILD_CONFIG,
    PDB_REMOVED,
    NETWORK_POLICY_REMOVED,
    SCC_CHANGE,
    REPLICAS_RESET,
    NOTHING_DEPLOYED,
)
