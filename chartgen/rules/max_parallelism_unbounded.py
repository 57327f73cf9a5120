"""`buildkit.oci.maxParallelism` is 0: buildkitd runs any number of build steps at once.

Unbounded parallelism lets a few large builds start dozens of steps (compilers, pip installs)
on a pod with a handful of CPUs; the steps starve each other, builds slow down and liveness
probes time out. Set `imageBuilder.buildkit.oci.maxParallelism` to about the CPU request of the
buildkitd container.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._common import cpu_request_cores

ID = "IB219"
NAME = "max-parallelism-unbounded"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.buildkit_deployed or values.buildkit.oci.maxParallelism != 0:
        return
    cores = cpu_request_cores(values)
    suggestion = f"{cores}, the CPU request" if cores else "the number of CPUs buildkitd requests"
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "oci", "maxParallelism"),
        "oci.maxParallelism is 0 (unbounded): concurrent build steps on a few CPUs starve each "
        "other",
        f"Set imageBuilder.buildkit.oci.maxParallelism to about {suggestion}.",
    )
