"""The PodDisruptionBudget's `minAvailable` leaves no pod free to evict.

chartgen renders a PodDisruptionBudget when more than one replica is configured (as the
reference chart does). If `pdb.minAvailable` is at least the number of pods that actually run —
`replicaCount`, or `autoscaling.minReplicas` when the HPA may scale down to it — or is 100%, no
voluntary eviction is ever allowed, and every node drain and cluster upgrade blocks on buildkitd.
Set `minAvailable` below the running replicas (or a percentage under 100%).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB214"
NAME = "pdb-blocks-drain"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "pdb.minAvailable {minimum} with {running} never allows an eviction, so every node "
        "drain blocks on buildkitd",
        "Set imageBuilder.buildkit.pdb.minAvailable below {replicas} or to a percentage under "
        "100%, or run more replicas.",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.renders_pdb:
        return
    minimum = values.buildkit.pdb.minAvailable
    replicas = values.pod_replicas
    if isinstance(minimum, str):
        blocks = minimum.endswith("%") and minimum[:-1].isdigit() and int(minimum[:-1]) >= 100
    else:
        blocks = minimum >= replicas
    if not blocks:
        return
    running = f"{replicas} running replica" + ("" if replicas == 1 else "s")
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "pdb", "minAvailable"),
        *MESSAGES["default"].format(minimum=minimum, running=running, replicas=replicas),
    )
