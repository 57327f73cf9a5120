"""The buildkit image tag is moving (`latest`, `master`, `buildx-stable-1`, ...), not a release.

Risk: the daemon changes whenever a node pulls the image again — a different BuildKit on each
node, upgrades nobody reviewed, and a tag an attacker who controls the upstream repository can
repoint. Fix: pin a released version such as `v0.32.2`, or `v0.32.2@sha256:...` to pin the
exact image (rootless mode appends `-rootless` itself).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._common import IMAGE_TAG, MOVING_TAGS, parse_buildkit_version

ID = "IB304"
NAME = "moving-image-tag"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    tag = values.buildkit.image.tag
    if not values.buildkit_deployed or parse_buildkit_version(tag) is not None:
        return
    base = tag.removesuffix("-rootless")
    if base in MOVING_TAGS or tag in MOVING_TAGS:
        what = "is a moving tag"
    else:
        what = "names no BuildKit release (vMAJOR.MINOR.PATCH)"
    yield ctx.finding(
        ID,
        IMAGE_TAG,
        f'buildkit image tag "{tag}" {what}: the daemon changes on the next pull without any '
        "change to the values",
        "Pin a released version such as v0.32.2.",
    )
