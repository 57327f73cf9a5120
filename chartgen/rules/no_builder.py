"""The Image Builder is enabled but has no buildkitd to build with.

`buildkit.enabled: false` deploys no daemon and an empty `buildkitUri` names no external one,
so the build-image ConfigMap carries an empty `buildkit-uri` and every image build fails.
Set `imageBuilder.buildkit.enabled: true`, or point `buildkitUri` at an existing buildkitd
(`tcp://HOST:1234`).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB207"
NAME = "no-builder"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "nothing to build with: buildkit.enabled is false and buildkitUri is empty",
        "Set imageBuilder.buildkit.enabled: true to deploy buildkitd, or set "
        "imageBuilder.buildkitUri to an existing one (tcp://HOST:1234).",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    builder = ctx.values.imageBuilder
    if not builder.enabled or builder.buildkitUri or builder.buildkit.enabled:
        return
    yield ctx.finding(ID, ("imageBuilder", "buildkit", "enabled"), *MESSAGES["default"].format())
