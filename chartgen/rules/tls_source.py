"""TLS is enabled without exactly one certificate source.

Risk: with `buildkit.tls.enabled` and no certificate, buildkitd cannot start; with two sources
(`tls.existingSecret` and cert-manager's `tls.certManager.issuerRef.name`) it is unclear which
certificate the daemon serves and which CA the clients trust, so mutual TLS may silently check
against the wrong CA.
Fix: set exactly one — an existing Secret with `ca.crt`, `tls.crt` and `tls.key`, or a
cert-manager issuer.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB308"
NAME = "tls-source"
SEVERITY = Severity.ERROR
MESSAGES = {
    "both": Message(
        'tls.existingSecret "{secret}" and tls.certManager.issuerRef.name "{issuer}" are both '
        "set; the daemon's certificate must come from exactly one",
        "Keep existingSecret for certificates you manage, or the issuer for cert-manager, and "
        "empty the other.",
    ),
    "neither": Message(
        "tls.enabled is true but neither tls.existingSecret nor tls.certManager.issuerRef.name "
        "is set, so buildkitd has no certificate",
        "Set tls.existingSecret to a Secret with ca.crt, tls.crt and tls.key, or "
        "tls.certManager.issuerRef.name to a cert-manager issuer.",
    ),
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    tls = values.buildkit.tls
    if not values.buildkit_deployed or not tls.enabled:
        return
    secret = tls.existingSecret
    issuer = tls.certManager.issuerRef.name
    if secret and issuer:
        yield ctx.finding(
            ID,
            ("imageBuilder", "buildkit", "tls", "existingSecret"),
            *MESSAGES["both"].format(secret=secret, issuer=issuer),
        )
    elif not secret and not issuer:
        yield ctx.finding(
            ID, ("imageBuilder", "buildkit", "tls", "enabled"), *MESSAGES["neither"].format()
        )
