"""`buildkitUri` points at an external buildkitd, yet this release also deploys one.

When `buildkitUri` is set, the build task connects there and the in-cluster buildkitd that
`buildkit.enabled` deploys is never used — a privileged pod with 4 CPUs and 4Gi requested for
nothing. Set `imageBuilder.buildkit.enabled: false`, or empty `buildkitUri` to use the
in-cluster daemon.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB206"
NAME = "buildkit-unused"
SEVERITY = Severity.WARNING

BUILDKIT_ENABLED = ("imageBuilder", "buildkit", "enabled")
BUILDKIT_URI = ("imageBuilder", "buildkitUri")


def check(ctx: RuleContext) -> Iterator[Finding]:
    builder = ctx.values.imageBuilder
    if not (builder.enabled and builder.buildkitUri and builder.buildkit.enabled):
        return
    yield ctx.finding(
        ID,
        BUILDKIT_ENABLED if ctx.is_set(BUILDKIT_ENABLED) else BUILDKIT_URI,
        f'buildkitUri points at an external buildkitd ("{builder.buildkitUri}"), yet '
        "buildkit.enabled deploys one in this release that nothing uses",
        "Set imageBuilder.buildkit.enabled: false, or empty buildkitUri to use the in-cluster "
        "buildkitd.",
    )
