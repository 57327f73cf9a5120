"""`authenticationType: azure` without a Workload Identity client ID on the ServiceAccount.

Azure authentication uses Microsoft Entra Workload ID: the pod's ServiceAccount carries the
annotation `azure.workload.identity/client-id` naming the managed identity that holds `AcrPush`,
and a federated credential trusts that ServiceAccount. Without the annotation the build gets no
Azure token and every push is refused.

Add the annotation to `imageBuilder.buildkit.serviceAccount.annotations`,
`commonServiceAccount.annotations` or `additionalServiceAccountAnnotations`, and create the
federated credential (`chartgen iam-policy --cloud azure` prints the commands).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._common import (
    AUTHENTICATION_TYPE,
    AZURE_CLIENT_ID,
    service_account_annotation_sources,
)

ID = "IB209"
NAME = "azure-workload-identity"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.imageBuilder.enabled or values.imageBuilder.authenticationType != "azure":
        return
    sources = service_account_annotation_sources(values)
    if any(annotations.get(AZURE_CLIENT_ID) for _, annotations in sources):
        return
    yield ctx.finding(
        ID,
        AUTHENTICATION_TYPE,
        f"authenticationType is azure but no ServiceAccount annotation `{AZURE_CLIENT_ID}` is "
        "configured, so builds get no Azure identity and pushes are refused",
        f"Add `{AZURE_CLIENT_ID}: <client ID of the managed identity>` to "
        "imageBuilder.buildkit.serviceAccount.annotations and create its federated credential "
        "(`chartgen iam-policy --cloud azure`).",
    )
