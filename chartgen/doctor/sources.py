"""The kubectl commands whose output doctor reads, and how their files are recognised.

One table serves `chartgen doctor --print-commands` and the reader: each entry is a fact
(`nodes`, `crds`, ...), the file `--print-commands` writes it to, the command, and the kinds
the reader files under it. A file named like an entry counts as that fact even when it is
empty (`kubectl get ... --ignore-not-found` prints nothing when nothing exists, and the
SecurityContextConstraints command fails off OpenShift); objects are filed by their kind
whatever the file is called.
"""

from __future__ import annotations

from chartgen.record import record

# The CRDs doctor looks for, fetched by name so that the file stays small on clusters with
# hundreds of CRDs (`kubectl get crd -o json` carries every schema).
CERT_MANAGER_CRDS = (
    "certificates.cert-manager.io",
    "issuers.cert-manager.io",
    "clusterissuers.cert-manager.io",
)
SCC_CRD = "securitycontextconstraints.security.openshift.io"


@record(frozen=True)
class FactSource:
    fact: str
    file: str
    command: str
    kinds: tuple[str, ...]
    purpose: str


SOURCES: tuple[FactSource, ...] = (
    FactSource("version", "version.json", "kubectl version -o json", (),
               "the API server's Kubernetes version"),
    FactSource("nodes", "nodes.json", "kubectl get nodes -o json", ("Node",),
               "OS, kernel, runtime, architecture, labels, taints, allocatable resources"),
    FactSource("namespaces", "namespaces.json", "kubectl get namespaces -o json", ("Namespace",),
               "Pod Security Admission labels, the namespaces build tasks run in"),
    FactSource("crds", "crds.json",
               "kubectl get customresourcedefinitions " + " ".join((*CERT_MANAGER_CRDS, SCC_CRD))
               + " --ignore-not-found -o json",
               ("CustomResourceDefinition",),
               "cert-manager and OpenShift CRDs (nothing is printed when none exists)"),
    FactSource("storageclasses", "storageclasses.json", "kubectl get storageclasses -o json",
               ("StorageClass",), "StorageClasses for generic ephemeral volumes"),
    FactSource("daemonsets", "daemonsets.json",
               "kubectl get daemonsets --all-namespaces -o json", ("DaemonSet",),
               "which network plugin runs, and whether it enforces NetworkPolicies"),
    FactSource("sccs", "sccs.json", "kubectl get securitycontextconstraints -o json",
               ("SecurityContextConstraints",),
               "OpenShift's SCCs (the command fails elsewhere; an empty file is fine)"),
)

BY_FILE = {source.file: source for source in SOURCES}
BY_FACT = {source.fact: source for source in SOURCES}
BY_KIND = {kind: source.fact for source in SOURCES for kind in source.kinds}


def print_commands(directory: str = "cluster") -> str:
    """The shell lines that write every fact file into `directory`."""
    from chartgen.iam.quoting import comment, shell_word

    target = shell_word(directory)
    lines = [
        "# chartgen doctor reads what these kubectl commands print. Run them with the kubeconfig",
        "# " + comment(f"and context of the cluster, then: chartgen doctor VALUES... --cluster "
                       f"{target}"),
        "# A command that finds nothing leaves its file empty; that is a fact too.",
        f"mkdir -p {target}",
    ]
    for source in SOURCES:
        suffix = " || true" if source.fact == "sccs" else ""
        lines.append(f"# {source.purpose}")
        lines.append(f"{source.command} > {target}/{source.file}{suffix}")
    return "\n".join(lines) + "\n"
