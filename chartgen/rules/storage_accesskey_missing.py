"""`storage.provider: aws` with `authType: accesskey` but no access key.

With `accesskey` authentication the data plane reads S3 with `storage.accessKey` and
`storage.secretKey` (or the Secret named by `storage.credentialsSecretRef.name`). Without them
every read and write of the metadata bucket fails. Set `credentialsSecretRef.name` to a Secret
holding the keys, or use `authType: iam` with an IAM role for the service accounts.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB217"
NAME = "storage-accesskey-missing"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "storage.authType is accesskey but {missing} {verb} not set (nor "
        "storage.credentialsSecretRef.name), so the data plane cannot reach its bucket",
        "Set storage.credentialsSecretRef.name to a Secret holding the keys, or use "
        "storage.authType: iam with an IAM role.",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    storage = ctx.values.storage
    if storage is None or storage.provider != "aws" or storage.authType != "accesskey":
        return
    if storage.credentialsSecretRef is not None and storage.credentialsSecretRef.name:
        return
    missing = [
        f"storage.{key}" for key in ("accessKey", "secretKey") if not getattr(storage, key)
    ]
    if not missing:
        return
    verb = "is" if len(missing) == 1 else "are"
    yield ctx.finding(
        ID,
        ("storage", "authType"),
        *MESSAGES["default"].format(missing=" and ".join(missing), verb=verb),
    )
