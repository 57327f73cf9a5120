"""Versions and user namespaces: the API server, the kubelets, the runtimes, the node OS."""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.doctor import (
    KUBE_VERSION,
    ROOTLESS_NODE_OS,
    USER_NAMESPACES,
)
from chartgen.doctor.context import DoctorContext, bk, names
from chartgen.doctor.platform import (
    apparmor_enabled,
    classify_os,
    is_eks_auto_mode,
    kernel_version,
    kubelet_version,
    runtime,
    runtime_user_namespaces,
)
from chartgen.findings import Finding, Severity
from chartgen.kube import MIN_KUBE_MINOR
from chartgen.kube_input import KubeObject

# Kubernetes: the API server keeps `hostUsers` from 1.25 (alpha gate; KEP-127, "Use a User
# Namespace With a Pod").
USERNS_API_MINOR = 25
# Node requirements for Kubernetes 1.27 and later (Kubernetes docs, "User Namespaces";
# containerd docs/user-namespaces/README.md): idmap mounts on tmpfs arrived in Linux 6.3;
# containerd 2.0 or CRI-O 1.25; containerd 1.7 does not work with 1.27-1.30 and containerd 1.6
# and older ignore the field silently.
USERNS_KERNEL = (6, 3)
USERNS_CONTAINERD = (2, 0)
USERNS_CRIO = (1, 25)
# BuildKit's docs/rootless.md: rootless overlayfs needs Linux 5.11 (or an Ubuntu kernel).
ROOTLESS_OVERLAY_KERNEL = (5, 11)


def kube_version(ctx: DoctorContext) -> Iterator[Finding]:
    if not ctx.need("version", "the Kubernetes version check"):
        return
    server = ctx.facts.version
    assert server is not None
    if server.major != 1 or server.minor < MIN_KUBE_MINOR:
        yield ctx.finding(
            KUBE_VERSION.id, (bk(),),
            f"the cluster runs Kubernetes {server.git_version}; the Image Builder's objects "
            f"need 1.{MIN_KUBE_MINOR} or newer (policy/v1 PodDisruptionBudget, autoscaling/v2 "
            "HorizontalPodAutoscaler)",
            "Upgrade the cluster.", Severity.ERROR)
        return
    rendered = ctx.kube_version
    if ctx.kube_version_given and (rendered.major, rendered.minor) != (server.major,
                                                                       server.minor):
        yield ctx.finding(
            KUBE_VERSION.id, (bk(),),
            f"--kube-version {rendered.minor_version} renders objects for another Kubernetes "
            f"than the cluster's {server.minor_version} ({server.git_version}): fields that "
            "depend on the version (the AppArmor field from 1.30, hostUsers) may be wrong",
            f"Render, validate and check with --kube-version {server.minor_version} (doctor uses "
            "the cluster's version when --kube-version is not given).")


def _runtime_problem(node: KubeObject) -> tuple[Severity, str] | None:
    """Why this node's runtime cannot give the pod a user namespace, if it cannot."""
    reported = runtime_user_namespaces(node)
    if reported is True:
        return None
    if reported is False:
        return Severity.ERROR, "its runtime handler reports no user-namespace support"
    name, version = runtime(node)
    kubelet = kubelet_version(node) or (0, 0)
    if name == "containerd" and version is not None:
        if version[:2] < (1, 7):
            return Severity.ERROR, (f"containerd {'.'.join(map(str, version))} ignores "
                                    "hostUsers silently: the pod runs with the node's users")
        if version[:2] < USERNS_CONTAINERD and kubelet[:2] >= (1, 27):
            return Severity.ERROR, (f"containerd {'.'.join(map(str, version))} does not support "
                                    "user namespaces with Kubernetes 1.27 and later "
                                    "(containerd 2.0 does)")
    elif name == "cri-o" and version is not None and version[:2] < USERNS_CRIO:
        return Severity.ERROR, f"CRI-O {'.'.join(map(str, version))} predates user namespaces"
    elif name == "docker":
        return Severity.ERROR, "cri-dockerd does not support user namespaces"
    kernel = kernel_version(node)
    if kernel is not None and kernel[:2] < USERNS_KERNEL:
        return Severity.WARNING, (f"Linux {'.'.join(map(str, kernel))} predates idmap mounts on "
                                  "tmpfs (6.3), which pods in user namespaces need")
    return None


def user_namespaces(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.pod_spec.get("hostUsers") is not False:
        return
    keys = (bk("hostUsers"),)
    # Between 1.25 and 1.32 the gate is off by default: IB232 says so, from the version doctor
    # renders for (the cluster's). Before 1.25 the API server does not know the field at all.
    server = ctx.facts.version
    if server is not None and not server.at_least(1, USERNS_API_MINOR):
        yield ctx.finding(
            USER_NAMESPACES.id, keys,
            f"hostUsers: false on Kubernetes {server.git_version}: the API server drops the "
            f"field before 1.{USERNS_API_MINOR}, so buildkitd runs with the node's users",
            "Remove hostUsers, or upgrade the cluster.")
    if not ctx.need("nodes", "the user-namespace check (nodes)"):
        return
    problems: dict[tuple[Severity, str], list[KubeObject]] = {}
    for node in ctx.candidate_nodes():
        problem = _runtime_problem(node)
        if problem is not None:
            problems.setdefault(problem, []).append(node)
    for (severity, why), nodes in sorted(problems.items(), key=lambda item: item[0][0].rank):
        yield ctx.finding(
            USER_NAMESPACES.id, keys,
            f"hostUsers: false on Node {names(nodes)}: {why}",
            "Run buildkitd on nodes with Linux 6.3+, containerd 2.0+ or CRI-O 1.25+ (a "
            "nodeSelector), or remove hostUsers.",
            severity)


# (OS family, minimum version or None) → (severity, what the OS does, what to do). BuildKit's
# docs/rootless.md ("Distribution-specific hint") for Ubuntu, Bottlerocket, RHEL/CentOS 7 and
# Debian 10; aws/containers-roadmap#2797 for EKS Auto Mode's fixed sysctl.
ROOTLESS_OS: tuple[tuple[str, tuple[int, ...] | None, tuple[int, ...] | None, Severity, str, str],
                    ...] = (
    ("bottlerocket", None, None, Severity.WARNING,
     "Bottlerocket sets user.max_user_namespaces = 0 by default, so rootlesskit cannot start",
     'Raise it in the node settings: [settings.kernel.sysctl] "user.max_user_namespaces" = '
     '"16384" (user data or the Bottlerocket API).'),
    ("ubuntu", (23, 10), None, Severity.WARNING,
     "Ubuntu 23.10 and later restrict unprivileged user namespaces through AppArmor "
     "(kernel.apparmor_restrict_unprivileged_userns = 1), so rootlesskit fails with "
     "'permission denied'",
     "Set kernel.apparmor_restrict_unprivileged_userns = 0 on these nodes (sysctl.d), or run "
     "privileged."),
    ("rhel", None, (8,), Severity.WARNING,
     "RHEL 7 sets user.max_user_namespaces = 0, so rootlesskit cannot start",
     "Set user.max_user_namespaces = 28633 (sysctl.d), or use RHEL 8 or later."),
    ("centos", None, (8,), Severity.WARNING,
     "CentOS 7 sets user.max_user_namespaces = 0, so rootlesskit cannot start",
     "Set user.max_user_namespaces = 28633 (sysctl.d), or use a newer OS."),
    ("debian", None, (11,), Severity.WARNING,
     "Debian 10 disables unprivileged user namespaces (kernel.unprivileged_userns_clone = 0)",
     "Set kernel.unprivileged_userns_clone = 1 (sysctl.d), or use Debian 11 or later."),
)


def rootless_node_os(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.value(bk("rootless")) is not True or ctx.deployment is None:
        return
    if not ctx.need("nodes", "the rootless node-OS check"):
        return
    keys = (bk("rootless"),)
    problems: dict[tuple[Severity, str, str], list[KubeObject]] = {}
    for node in ctx.candidate_nodes():
        system = classify_os(node)
        if system.family == "bottlerocket" and is_eks_auto_mode(node):
            problems.setdefault((
                Severity.ERROR,
                "EKS Auto Mode nodes (Bottlerocket) have user.max_user_namespaces = 0 and do not "
                "let it be changed, so rootlesskit cannot start",
                "Run rootless buildkitd on a managed or self-managed node group (a nodeSelector), "
                "or run it privileged."), []).append(node)
            continue
        for family, since, before, severity, what, hint in ROOTLESS_OS:
            if family != system.family:
                continue
            version = system.version or ()
            if since is not None and (not version or version < since):
                continue
            if before is not None and (not version or version >= before):
                continue
            if family == "ubuntu" and apparmor_enabled(node) is False:
                continue  # the restriction is an AppArmor feature
            problems.setdefault((severity, what, hint), []).append(node)
        kernel = kernel_version(node)
        if kernel is not None and kernel[:2] < ROOTLESS_OVERLAY_KERNEL \
                and system.family != "ubuntu":
            problems.setdefault((
                Severity.INFO,
                f"Linux {'.'.join(map(str, kernel))} predates rootless overlayfs (5.11), so "
                "BuildKit uses fuse-overlayfs or the native snapshotter: slower builds, more disk",
                "Prefer nodes with Linux 5.11 or later for rootless builds."), []).append(node)
    for (severity, what, hint), nodes in sorted(problems.items(),
                                                key=lambda item: item[0][0].rank):
        yield ctx.finding(
            ROOTLESS_NODE_OS.id, keys,
            f"rootless buildkitd on Node {names(nodes)} ({classify_os(nodes[0]).image}): {what}",
            hint, severity)
