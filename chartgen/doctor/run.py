"""Every doctor check, in report order; each reads the context and yields findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from chartgen.doctor import checks_admission, checks_network, checks_placement, checks_runtime
from chartgen.doctor.context import DoctorContext
from chartgen.findings import Finding

DOCTOR_CHECKS: tuple[Callable[[DoctorContext], Iterator[Finding]], ...] = (
    checks_runtime.kube_version,
    checks_admission.openshift_mismatch,
    checks_admission.autopilot,
    checks_admission.pod_security,
    checks_admission.openshift_scc,
    checks_admission.cert_manager,
    checks_runtime.user_namespaces,
    checks_runtime.rootless_node_os,
    checks_placement.unschedulable,
    checks_placement.architecture,
    checks_placement.storage_class,
    checks_network.namespaces,
    checks_network.network_policy_enforcement,
)


def run_checks(ctx: DoctorContext) -> list[Finding]:
    findings = [finding for check in DOCTOR_CHECKS for finding in check(ctx)]
    return findings + ctx.missing_findings()
