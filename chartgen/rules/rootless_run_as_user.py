"""Rootless buildkitd with a `runAsUser` other than 1000.

The rootless BuildKit image runs as its user `user` (UID 1000): its home, its sub-UID range for
the user namespace and the socket path `/run/user/1000/buildkit` all belong to that UID. Started
as another user, rootlesskit cannot set up the user namespace and buildkitd exits. Remove
`runAsUser` from `imageBuilder.buildkit.securityContext` or set it to 1000.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.buildkit import ROOTLESS_UID
from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB211"
NAME = "rootless-run-as-user"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "rootless buildkitd must run as user {uid}, the user its image prepares the user "
        "namespace for; as user {user} it fails to start",
        "Remove runAsUser from imageBuilder.buildkit.securityContext or set it to {uid}.",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.buildkit_deployed or not values.buildkit.rootless:
        return
    user = values.buildkit.securityContext.get("runAsUser")
    if user is None or user == ROOTLESS_UID:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "securityContext", "runAsUser"),
        *MESSAGES["default"].format(uid=ROOTLESS_UID, user=user),
    )
