"""`basicAuth.passwordPlainText` puts the registry password in the values.

Risk: a password in values lives on in Helm's release history (readable by anyone who can read
the release Secrets), in the build-image ConfigMap and in whatever repository holds the values
file. Fix: store it as a Union secret and set `basicAuth.passwordSecretName` instead — or use the
flow the Image Builder documents for private registries: `authenticationType: noop` and a Union
image_pull secret (`flyte create secret --type image_pull --from-docker-config --registries
HOST NAME`) referenced as `registry_secret` in the image; `chartgen iam-policy` prints it.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext, private_registry_auth

ID = "IB301"
NAME = "basic-auth-plaintext"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.values.imageBuilder.basicAuth.passwordPlainText:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "basicAuth", "passwordPlainText"),
        "basicAuth.passwordPlainText puts the registry password in the values, where Helm's "
        "release history and the build-image ConfigMap keep it readable",
        "Store the password as a Union secret, set basicAuth.passwordSecretName to its name and "
        "remove passwordPlainText; or push with a Union image_pull secret (flyte create secret "
        "--type image_pull --from-docker-config --registries HOST NAME, see chartgen explain "
        f"{private_registry_auth.ID}).",
    )
