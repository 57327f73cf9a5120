"""`extraConfig` holds something BuildKit rejects, ignores, refuses at start or has deprecated.

buildkitd reads buildkitd.toml with go-toml/v2 into its configuration structure, strictly
typed, and refuses some values after loading. chartgen checks `extraConfig` against that
structure as it is in the BuildKit version chartgen deploys (v0.32.2), so what reaches the
cluster is what buildkitd accepts:

- an unknown key — BuildKit silently ignores it (`mirror` for `mirrors`, `max-age` for
  `maxAge`); the finding suggests the key you probably meant;
- a wrong type — buildkitd does not start: `[history] maxEntries = "100"`, `mirrors = "x"`,
  `maxRegistryConcurrency = 1.5`, an integer beyond 64 bits;
- a value that does not parse — `maxAge = "two days"`, `reservedSpace = "ten"`;
- a value buildkitd refuses at start — `log.level = "loud"`, `maxRegistryConcurrency = 0`,
  an unknown snapshotter or network mode, an unusable `debugAddress`;
- a deprecated key — the top-level `debug` and `trace`, `gckeepstorage`, `keepBytes`:
  chartgen never writes deprecated keys.

Keys match as BuildKit matches them: case-insensitively, so `Insecure-Entitlements` or `Debug`
are those keys for every rule. Each finding points at the spot inside extraConfig.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.buildkit.extra_config import BUILDKIT
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._extra_config import analysis, finding_at

ID = "IB235"
NAME = "extra-config-buildkit"
SEVERITY = Severity.ERROR


def check(ctx: RuleContext) -> Iterator[Finding]:
    result = analysis(ctx)
    if result is None:
        return
    for problem in result.of(BUILDKIT):
        yield finding_at(ctx, ID, problem.line, problem.column, problem.message, problem.hint)
