"""`extraConfig` is not valid TOML, or redefines a key chartgen writes.

`imageBuilder.buildkit.extraConfig` is added to the generated buildkitd.toml (after the
top-level keys, before chartgen's tables). It must parse as TOML on its own, and it must not
touch what chartgen writes: `debug`, `[log]`, `[worker.oci]` and its `[[worker.oci.gcpolicy]]`
entries, and `[grpc.tls]` when TLS is on. TOML allows a table to be defined once, so re-opening
one of these makes the whole file unreadable and buildkitd does not start; an extra GC policy
changes what the generated ones prune.

Set those through their values (`buildkit.log.*`, `buildkit.oci.maxParallelism`,
`buildkit.tls.*`) and keep extraConfig for the rest (`[registry."docker.io"]` mirrors,
`[worker.containerd]`, `insecure-entitlements`, ...). Line numbers in the message count from
the first line of extraConfig.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.buildkitd import check_extra_config
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB216"
NAME = "extra-config"
SEVERITY = Severity.ERROR

EXTRA_CONFIG = ("imageBuilder", "buildkit", "extraConfig")


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.buildkit_deployed:
        return
    for problem in check_extra_config(values.buildkit.extraConfig, values):
        yield ctx.finding(ID, EXTRA_CONFIG, problem.message, problem.hint)
