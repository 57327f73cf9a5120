"""`authenticationType: basic` without any password source.

Basic authentication sends `basicAuth.username` with a password taken from the Union secret
named by `basicAuth.passwordSecretName` (default `DEPOT_TOKEN`) or, discouraged, from
`basicAuth.passwordPlainText`. With both empty the registry receives no password and refuses
every push. Create the secret and set `passwordSecretName` to its name.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.clouds import private
from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB210"
NAME = "basic-auth-no-password"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "authenticationType is basic but neither basicAuth.passwordSecretName nor "
        "basicAuth.passwordPlainText is set, so the registry gets no password",
        "Store the password as a Union secret and set imageBuilder.basicAuth.passwordSecretName "
        "to its name (e.g. DEPOT_TOKEN).",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    builder = ctx.values.imageBuilder
    if not builder.enabled or builder.authenticationType != private.BASIC:
        return
    if builder.basicAuth.passwordSecretName or builder.basicAuth.passwordPlainText:
        return
    yield ctx.finding(
        ID, ("imageBuilder", "basicAuth", "passwordSecretName"), *MESSAGES["default"].format()
    )
