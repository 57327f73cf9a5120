"""`extraConfig` is not valid TOML, or redefines what chartgen writes or the Deployment decides.

`imageBuilder.buildkit.extraConfig` is added verbatim to the generated buildkitd.toml, before
chartgen's tables. It must parse as TOML on its own, and it must not touch what chartgen writes:
`[log]`, `[worker.oci]` and its `[[worker.oci.gcpolicy]]` entries, and `[grpc.tls]` when TLS is
on. TOML allows a table to be defined once, so re-opening one of these makes the whole file
unreadable and buildkitd does not start; an extra GC policy changes what the generated ones
prune. Keys are compared the way BuildKit matches them — case-insensitively (go-toml/v2) — so
`[Log]` or `Worker.OCI.GC` count as `[log]` and `worker.oci.gc`.

Also refused, because the Deployment decides them and buildkitd would silently override or
contradict them: `[grpc] address` (replaced by the `--addr` flags), `[grpc.tls]` (use
`buildkit.tls`), `worker.oci.noProcessSandbox` and `rootless` (use `buildkit.rootless`), and
worker-level GC sizes (`reservedSpace`, `maxUsedSpace`, `minFreeSpace`, `gckeepstorage`), which
BuildKit ignores once GC policies exist.

Set those through their values (`buildkit.log.*`, `buildkit.oci.maxParallelism`,
`buildkit.tls.*`, `buildkit.rootless`) and keep extraConfig for the rest (`[registry."docker.io"]`
mirrors, `[worker.containerd]`, `[history]`, ...). Each finding points at the spot inside
extraConfig, in the values file's lines and columns; the message also counts from the first
line of extraConfig. What BuildKit itself rejects or ignores is rule IB235.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.buildkit.extra_config import CLASH, SYNTAX
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._extra_config import analysis, finding_at

ID = "IB216"
NAME = "extra-config"
SEVERITY = Severity.ERROR


def check(ctx: RuleContext) -> Iterator[Finding]:
    result = analysis(ctx)
    if result is None:
        return
    for problem in result.problems:
        if problem.kind in (SYNTAX, CLASH):
            yield finding_at(ctx, ID, problem.line, problem.column, problem.message, problem.hint)
