"""`storage.accessKey` / `storage.secretKey` put storage credentials in the values.

Risk: the keys are copied into the build-image ConfigMap's `storage.yaml`, readable by anyone
who may read ConfigMaps in the namespace, and they live on in Helm's release history.
Fix: put them in a Secret and set `storage.credentialsSecretRef.name`, or better use
`storage.authType: iam` with a role for the service accounts.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB306"
NAME = "storage-plaintext-credentials"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    storage = ctx.values.storage
    if storage is None:
        return
    for key in ("accessKey", "secretKey"):
        if not getattr(storage, key):
            continue
        yield ctx.finding(
            ID,
            ("storage", key),
            f"storage.{key} puts a storage credential in the values; it lands in the "
            "build-image ConfigMap and Helm's release history",
            "Move the keys to a Secret named by storage.credentialsSecretRef.name, or use "
            "storage.authType: iam.",
        )
