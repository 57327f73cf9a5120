"""What a doctor check sees: the validated values, the objects they render for the cluster's
version, and the cluster facts; and how it builds a finding that points at the values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chartgen.doctor import FACTS_MISSING, KINDS
from chartgen.doctor.facts import ClusterFacts
from chartgen.doctor.platform import node_os
from chartgen.doctor.sources import BY_FACT
from chartgen.findings import Finding, Location, Severity
from chartgen.kube import KubeVersion
from chartgen.kube_input import KubeObject
from chartgen.record import field, record
from chartgen.values.provenance import format_path, lookup

if TYPE_CHECKING:
    from chartgen.render import Rendered
    from chartgen.validate import Validation

ValuesPath = tuple[str | int, ...]
_SEVERITY = {check.id: check.severity for check in KINDS}
_MISSING = object()

BUILDKIT: ValuesPath = ("imageBuilder", "buildkit")


def bk(*keys: str) -> ValuesPath:
    return BUILDKIT + keys


@record
class DoctorContext:
    validation: Validation
    rendered: Rendered
    facts: ClusterFacts
    namespace: str
    release_name: str
    kube_version: KubeVersion
    kube_version_given: bool = False
    needs: dict[str, list[str]] = field(default_factory=dict)

    # -- values ------------------------------------------------------------------------------

    def value(self, path: ValuesPath, default: Any = None) -> Any:
        return lookup(self.validation.loaded.data, path, default)

    @property
    def values(self) -> Any:
        return self.validation.values

    def written(self, path: ValuesPath) -> bool:
        provenance = self.validation.loaded.provenance
        if lookup(self.validation.loaded.data, path, _MISSING) is _MISSING:
            return path in provenance.deleted
        return any(not provenance.is_default(known) for known, _ in provenance.items_under(path))

    def locate(self, keys: tuple[ValuesPath, ...]) -> tuple[ValuesPath, Location | None]:
        """The first of `keys` the user wrote (its first written value), else the first key's
        nearest written ancestor — usually the `buildkit:` or `imageBuilder:` line."""
        provenance = self.validation.loaded.provenance
        for key in keys:
            if not self.written(key):
                continue
            for known, origin in sorted(provenance.items_under(key),
                                        key=lambda item: _order(item[1].value)):
                if not provenance.is_default(known) and not isinstance(
                        lookup(self.validation.loaded.data, known), (dict, list)):
                    return known, origin.value
            return key, provenance.locate(key)
        first = keys[0] if keys else BUILDKIT
        return first, provenance.locate(first)

    def finding(self, rule: str, keys: tuple[ValuesPath, ...], message: str, hint: str,
                severity: Severity | None = None) -> Finding:
        path, location = self.locate(keys)
        return Finding(rule, severity or _SEVERITY[rule], message, format_path(path), hint,
                       location)

    def need(self, fact: str, check: str) -> bool:
        """Whether `fact` was given; if not, remember that `check` could not run."""
        if self.facts.has(fact):
            return True
        checks = self.needs.setdefault(fact, [])
        if check not in checks:
            checks.append(check)
        return False

    def missing_findings(self) -> list[Finding]:
        findings = []
        for fact, checks in sorted(self.needs.items()):
            source = BY_FACT[fact]
            findings.append(Finding(
                FACTS_MISSING.id, Severity.INFO,
                f"no {fact} given ({source.purpose}): {', '.join(checks)} not checked",
                hint=f"Add the output of `{source.command}` (as {source.file}) to --cluster.",
                location=Location("<cluster>"),
            ))
        return findings

    # -- rendered objects -----------------------------------------------------------------------

    def objects(self, kind: str) -> list[dict[str, Any]]:
        return [obj for obj in self.rendered.objects if obj.get("kind") == kind]

    @property
    def deployment(self) -> dict[str, Any] | None:
        found = self.objects("Deployment")
        return found[0] if found else None

    @property
    def pod_template(self) -> dict[str, Any]:
        template = ((self.deployment or {}).get("spec") or {}).get("template")
        return template if isinstance(template, dict) else {}

    @property
    def pod_spec(self) -> dict[str, Any]:
        spec = self.pod_template.get("spec")
        return spec if isinstance(spec, dict) else {}

    @property
    def container(self) -> dict[str, Any]:
        containers = self.pod_spec.get("containers") or [{}]
        first = containers[0]
        return first if isinstance(first, dict) else {}

    @property
    def replicas(self) -> int:
        spec = (self.deployment or {}).get("spec") or {}
        if "replicas" in spec:
            return int(spec["replicas"])
        hpa = self.objects("HorizontalPodAutoscaler")
        return int((hpa[0].get("spec") or {}).get("minReplicas") or 1) if hpa else 1

    @property
    def linux_nodes(self) -> list[KubeObject]:
        return [node for node in self.facts.nodes if node_os(node) in ("linux", "")]

    def candidate_nodes(self) -> list[KubeObject]:
        """The nodes the pod can be scheduled on; all Linux nodes when none can (so that a
        node problem is still reported next to the scheduling one)."""
        from chartgen.doctor.scheduling import fit, pod_requests

        requests = pod_requests(self.pod_spec)
        fitting = [node for node in self.linux_nodes if fit(node, self.pod_spec, requests).fits]
        return fitting or self.linux_nodes


def _order(location: Location | None) -> tuple[str, int, int]:
    if location is None:
        return ("", 0, 0)
    return (location.file, location.line or 0, location.column or 0)


def names(nodes: list[KubeObject], limit: int = 3) -> str:
    """`a, b, c and 4 more`."""
    shown = ", ".join(node.name for node in nodes[:limit])
    more = len(nodes) - limit
    return shown + (f" and {more} more" if more > 0 else "")
