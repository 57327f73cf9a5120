"""The Pod Security Standards, evaluated on a pod spec: the lowest level that admits it.

Kubernetes documents the controls (Pod Security Standards, "latest" policy version); this
module implements the ones a pod template can trip, as the PodSecurity admission plugin
applies them. `violations(template)` returns, per control, the level it forbids the pod at;
`required_level` is then `privileged`, `baseline` or `restricted`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chartgen.record import record

LEVELS = ("privileged", "baseline", "restricted")

# Baseline: capabilities beyond these may not be added.
BASELINE_CAPABILITIES = frozenset({
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
})
BASELINE_SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t",
                                    "container_engine_t"})
SAFE_SYSCTLS = frozenset({
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
})
# Restricted: only these volume types.
RESTRICTED_VOLUMES = frozenset({"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                                "persistentVolumeClaim", "projected", "secret"})


@record(frozen=True)
class Violation:
    level: str  # the lowest level that forbids it: baseline or restricted
    control: str
    detail: str

    def __str__(self) -> str:
        return f"{self.control} ({self.detail})"


def _containers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for container in spec.get(key) or []:
            if isinstance(container, dict):
                yield container


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def violations(template: dict[str, Any]) -> list[Violation]:
    """What in a pod template (`metadata` and `spec`) the Baseline and Restricted levels
    forbid."""
    spec = template.get("spec") or {}
    annotations = _get(template, "metadata", "annotations") or {}
    found: list[Violation] = []

    def baseline(control: str, detail: str) -> None:
        found.append(Violation("baseline", control, detail))

    def restricted(control: str, detail: str) -> None:
        found.append(Violation("restricted", control, detail))

    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(field) is True:
            baseline("host namespaces", f"{field}: true")
    for volume in spec.get("volumes") or []:
        if isinstance(volume, dict):
            kinds = [key for key in volume if key != "name"]
            if "hostPath" in kinds:
                baseline("hostPath volumes", f"volume {volume.get('name')}")
            for kind in kinds:
                if kind not in RESTRICTED_VOLUMES:
                    restricted("volume types", f"{kind} volume {volume.get('name')}")
    pod_context = spec.get("securityContext") or {}
    for sysctl in pod_context.get("sysctls") or []:
        name = sysctl.get("name") if isinstance(sysctl, dict) else None
        if name not in SAFE_SYSCTLS:
            baseline("sysctls", f"{name}")
    pod_seccomp = _get(pod_context, "seccompProfile", "type")
    if pod_seccomp == "Unconfined":
        baseline("seccomp", "pod seccompProfile Unconfined")
    if _get(pod_context, "appArmorProfile", "type") == "Unconfined":
        baseline("AppArmor", "pod appArmorProfile Unconfined")
    if _get(pod_context, "windowsOptions", "hostProcess") is True:
        baseline("HostProcess", "pod windowsOptions.hostProcess")
    _selinux(_get(pod_context, "seLinuxOptions"), "pod", baseline)
    pod_non_root = pod_context.get("runAsNonRoot")
    if pod_context.get("runAsUser") == 0:
        restricted("running as non-root user", "pod runAsUser 0")

    for container in _containers(spec):
        name = container.get("name", "?")
        context = container.get("securityContext") or {}
        annotation = annotations.get(f"container.apparmor.security.beta.kubernetes.io/{name}")
        if annotation is not None and annotation != "runtime/default" \
                and not str(annotation).startswith("localhost/"):
            baseline("AppArmor", f"container {name} annotation {annotation}")
        if context.get("privileged") is True:
            baseline("privileged containers", f"container {name}")
        added = set(_get(context, "capabilities", "add") or [])
        beyond = sorted(str(cap) for cap in added - BASELINE_CAPABILITIES)
        if beyond:
            baseline("capabilities", f"container {name} adds {', '.join(beyond)}")
        if added - {"NET_BIND_SERVICE"}:
            restricted("capabilities", f"container {name} adds more than NET_BIND_SERVICE")
        if "ALL" not in (_get(context, "capabilities", "drop") or []):
            restricted("capabilities", f"container {name} does not drop ALL")
        for port in container.get("ports") or []:
            if isinstance(port, dict) and port.get("hostPort"):
                baseline("host ports", f"container {name} hostPort {port['hostPort']}")
        seccomp = _get(context, "seccompProfile", "type")
        if seccomp == "Unconfined":
            baseline("seccomp", f"container {name} seccompProfile Unconfined")
        if (seccomp or pod_seccomp) not in ("RuntimeDefault", "Localhost"):
            restricted("seccomp", f"container {name} sets no RuntimeDefault or Localhost profile")
        if _get(context, "appArmorProfile", "type") == "Unconfined":
            baseline("AppArmor", f"container {name} appArmorProfile Unconfined")
        if context.get("procMount") not in (None, "Default"):
            baseline("/proc mount type", f"container {name} procMount {context['procMount']}")
        if _get(context, "windowsOptions", "hostProcess") is True:
            baseline("HostProcess", f"container {name}")
        _selinux(_get(context, "seLinuxOptions"), f"container {name}", baseline)
        if context.get("allowPrivilegeEscalation") is not False:
            restricted("privilege escalation",
                       f"container {name} does not set allowPrivilegeEscalation: false")
        non_root = context.get("runAsNonRoot", pod_non_root)
        if non_root is not True:
            restricted("running as non-root", f"container {name} does not set runAsNonRoot")
        if context.get("runAsUser") == 0:
            restricted("running as non-root user", f"container {name} runAsUser 0")
    return found


def _selinux(options: Any, where: str, baseline: Any) -> None:
    if not isinstance(options, dict):
        return
    if options.get("type", "") not in BASELINE_SELINUX_TYPES:
        baseline("SELinux", f"{where} seLinuxOptions.type {options.get('type')}")
    for field in ("user", "role"):
        if options.get(field):
            baseline("SELinux", f"{where} seLinuxOptions.{field}")


def required_level(found: list[Violation]) -> str:
    """The strictest level that admits a pod with these violations."""
    if any(v.level == "baseline" for v in found):
        return "privileged"
    if found:
        return "baseline"
    return "restricted"


def admits(level: str, found: list[Violation]) -> bool:
    """Whether a namespace enforcing `level` admits the pod."""
    return LEVELS.index(level) <= LEVELS.index(required_level(found))
