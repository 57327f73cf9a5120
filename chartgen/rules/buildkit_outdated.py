"""The buildkit image is a BuildKit release older than v0.31.1, which lacks security fixes.

Risk: buildkitd runs whatever the builds send it, so a daemon without the fixes of BuildKit's
published security advisories (the latest in v0.31.1) is exposed to every one of them — and a
privileged daemon is root on the node.
Fix: upgrade `imageBuilder.buildkit.image.tag` to a current release such as v0.32.2.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.buildkit.buildkitd_toml import MIN_BUILDKIT_VERSION
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._common import IMAGE_TAG, deployed_buildkit_version

ID = "IB305"
NAME = "buildkit-outdated"
SEVERITY = Severity.WARNING

LAST_SECURITY_FIX = (0, 31, 1)


def check(ctx: RuleContext) -> Iterator[Finding]:
    version = deployed_buildkit_version(ctx.values)
    # Below v0.17 is IB215's error, which says more.
    if version is None or version.below(*MIN_BUILDKIT_VERSION):
        return
    if not version.below(*LAST_SECURITY_FIX):
        return
    fixed = "v{}.{}.{}".format(*LAST_SECURITY_FIX)
    tag = ctx.values.buildkit.image.tag
    yield ctx.finding(
        ID,
        IMAGE_TAG,
        f'buildkit image tag "{tag}" is BuildKit {version}, older than {fixed}, and misses '
        "its security fixes",
        "Upgrade imageBuilder.buildkit.image.tag to a current release such as v0.32.2.",
    )
