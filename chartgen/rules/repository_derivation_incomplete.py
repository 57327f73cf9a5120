"""The default repository cannot be derived: a value the derivation needs is missing.

With an empty `defaultRepository`, chartgen derives one the way the reference chart does:
`ACCOUNT.dkr.ecr.REGION.amazonaws.com/REGISTRYNAME` for AWS (`global.AWS_ACCOUNT_ID`,
`storage.region`), `REGION-docker.pkg.dev/PROJECT/REGISTRYNAME` for Google (`storage.region`,
`storage.gcp.projectId`), `REGISTRYNAME.azurecr.io` for Azure. When an input is missing the
repository stays empty — never a half-filled string like `.dkr.ecr..amazonaws.com/x` — and the
build-image task fails unless every ImageSpec sets `registry`.

Each finding names one missing key. Set it, or set `imageBuilder.defaultRepository` explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen import clouds
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._common import derivation_trigger, on_user_line
from chartgen.values.provenance import dotted

ID = "IB205"
NAME = "repository-derivation-incomplete"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    repository = values.default_repository()
    cloud = clouds.named(repository.cloud)
    if not values.imageBuilder.enabled or not repository.missing or cloud is None:
        return
    form = cloud.REPOSITORY
    trigger = derivation_trigger(values)
    reason = f"{dotted(trigger)} {ctx.value(trigger)}"
    samples = {path: form.samples[placeholder] for placeholder, path in form.inputs}
    for missing in repository.missing:
        key = dotted(missing)
        finding = ctx.finding(
            ID,
            missing,
            f"{key} is not set, so no default repository can be derived for {reason} "
            f"({form.pattern}); the build-image task fails unless every ImageSpec sets `registry`",
            f'Set {key} (e.g. "{samples.get(missing, "...")}") or set '
            "imageBuilder.defaultRepository explicitly.",
        )
        # A key that is absent has no line; point at its section, else at what asked for it.
        yield finding if finding.location else on_user_line(ctx, finding, missing, trigger)
