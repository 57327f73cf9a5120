"""The buildkit image is a BuildKit release older than v0.17, which cannot read this config.

chartgen's buildkitd.toml uses the garbage-collection keys BuildKit introduced in v0.17
(`reservedSpace`, `maxUsedSpace`, `minFreeSpace`). Older daemons ignore them and keep no cache
limit at all, so the disk fills until builds fail. Use a current release such as v0.32.2.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.buildkit.buildkitd_toml import MIN_BUILDKIT_VERSION
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._common import IMAGE_TAG, deployed_buildkit_version

ID = "IB215"
NAME = "buildkit-version-unsupported"
SEVERITY = Severity.ERROR


def check(ctx: RuleContext) -> Iterator[Finding]:
    version = deployed_buildkit_version(ctx.values)
    if version is None or not version.below(*MIN_BUILDKIT_VERSION):
        return
    minimum = "v{}.{}.{}".format(*MIN_BUILDKIT_VERSION)
    tag = ctx.values.buildkit.image.tag
    yield ctx.finding(
        ID,
        IMAGE_TAG,
        f'buildkit image tag "{tag}" is BuildKit {version}, older than {minimum}: it cannot '
        "read the garbage-collection settings of the generated buildkitd.toml",
        "Set imageBuilder.buildkit.image.tag to a current release such as v0.32.2.",
    )
