"""The cluster facts doctor checks against, read from kubectl output.

Objects are filed by kind (`sources.BY_KIND`); a file named like a `--print-commands` file
marks its fact as given even when it is empty. The `kubectl version -o json` document gives
the API server's version. Anything else is a finding (IB700).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from chartgen.doctor import CLUSTER_INPUT
from chartgen.doctor.sources import BY_FILE, BY_KIND
from chartgen.findings import Finding, Location, Severity
from chartgen.kube_input import KubeObject, read_inputs
from chartgen.record import field, record

_GIT_VERSION = re.compile(r"v?([0-9]{1,4})\.([0-9]{1,4})\.([0-9]{1,6})(.*)", re.DOTALL)


@record(frozen=True)
class ServerVersion:
    major: int
    minor: int
    patch: int
    git_version: str
    location: Location

    @property
    def minor_version(self) -> str:
        return f"{self.major}.{self.minor}"

    def at_least(self, major: int, minor: int) -> bool:
        return (self.major, self.minor) >= (major, minor)


@record
class ClusterFacts:
    objects: dict[str, list[KubeObject]] = field(default_factory=dict)
    version: ServerVersion | None = None
    given: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)

    def of(self, fact: str) -> list[KubeObject]:
        return self.objects.get(fact, [])

    @property
    def nodes(self) -> list[KubeObject]:
        return self.of("nodes")

    @property
    def namespaces(self) -> list[KubeObject]:
        return self.of("namespaces")

    @property
    def crds(self) -> list[KubeObject]:
        return self.of("crds")

    @property
    def storage_classes(self) -> list[KubeObject]:
        return self.of("storageclasses")

    @property
    def daemonsets(self) -> list[KubeObject]:
        return self.of("daemonsets")

    @property
    def sccs(self) -> list[KubeObject]:
        return self.of("sccs")

    def has(self, fact: str) -> bool:
        return fact in self.given

    def namespace(self, name: str) -> KubeObject | None:
        return next((ns for ns in self.namespaces if ns.name == name), None)

    def crd(self, name: str) -> KubeObject | None:
        return next((crd for crd in self.crds if crd.name == name), None)


def parse_server_version(document: Any, location: Location) -> ServerVersion | None:
    """The server version of a `kubectl version -o json` document, or None if it is not one."""
    if not isinstance(document, dict):
        return None
    server = document.get("serverVersion")
    if not isinstance(server, dict) or not isinstance(server.get("gitVersion"), str):
        return None
    match = _GIT_VERSION.fullmatch(server["gitVersion"])
    if match is None:
        return None
    return ServerVersion(int(match[1]), int(match[2]), int(match[3]), server["gitVersion"],
                         location)


def read_facts(names: list[str], stdin: Callable[[], bytes] | None = None,
               ) -> tuple[ClusterFacts, list[Finding]]:
    read = read_inputs(names, input_rule=CLUSTER_INPUT.id, what="cluster facts", stdin=stdin)
    facts = ClusterFacts(sources=read.checked)
    findings = list(read.findings)
    for file in read.files:
        source = BY_FILE.get(os.path.basename(file.name))
        if source is not None:
            facts.given.add(source.fact)
        for item in file.objects:
            fact = BY_KIND.get(item.kind)
            if fact is None:
                continue  # other kinds say nothing doctor checks
            facts.given.add(fact)
            facts.objects.setdefault(fact, []).append(item)
        for other in file.others:
            version = parse_server_version(other.value, other.location)
            if version is not None:
                facts.version = version
                facts.given.add("version")
                continue
            findings.append(Finding(
                CLUSTER_INPUT.id, Severity.ERROR,
                "neither a Kubernetes object, a List, nor `kubectl version -o json` output "
                "with a serverVersion",
                hint="Produce the files with the commands `chartgen doctor --print-commands` "
                "prints.",
                location=other.location,
            ))
    return facts, findings
