"""`authenticationType: azure` without a Workload Identity for the build task.

Azure authentication uses Microsoft Entra Workload ID: the build task (`az acr login` in the
build-image task pod) signs in as the *user identity*, the managed identity that holds `AcrPush`
on the registry. The data plane gives task pods that identity through the annotation
`userRoleAnnotationKey: azure.workload.identity/client-id` with `userRoleAnnotationValue: <client
ID of the user identity>` (Union's `values.azure.yaml`), and a federated credential trusts their
ServiceAccount. Without it the build gets no Azure token and every push is refused.

buildkitd itself needs no identity — BuildKit pushes with the credentials the build task
forwards — so the annotation does not belong on buildkitd's ServiceAccount (IB321).
`chartgen iam-policy --cloud azure` prints the role assignments and the federated credential.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.clouds import azure
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._common import AUTHENTICATION_TYPE

AZURE_CLIENT_ID = azure.IDENTITY_ANNOTATION

ID = "IB209"
NAME = "azure-workload-identity"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    builder = values.imageBuilder
    if not builder.enabled or builder.authenticationType != azure.AUTHENTICATION_TYPE:
        return
    if values.userRoleAnnotationKey == AZURE_CLIENT_ID and values.userRoleAnnotationValue:
        return
    yield ctx.finding(
        ID,
        AUTHENTICATION_TYPE,
        "authenticationType is azure but task pods get no Workload Identity (userRoleAnnotationKey "
        f"`{AZURE_CLIENT_ID}` with a client ID in userRoleAnnotationValue), so the build task "
        "gets no Azure token and pushes are refused",
        f"Set userRoleAnnotationKey: {AZURE_CLIENT_ID} and userRoleAnnotationValue: <client ID "
        "of the user identity that holds AcrPush>, and create its federated credential "
        "(`chartgen iam-policy --cloud azure`).",
    )
