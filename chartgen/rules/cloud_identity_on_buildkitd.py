"""A cloud identity (IRSA, GKE or Azure Workload Identity) on buildkitd's ServiceAccount.

Risk: buildkitd runs every build step, i.e. the code of whoever may start a build. A cloud
identity on its ServiceAccount — `eks.amazonaws.com/role-arn` (or another `PREFIX/role-arn` of
the pod identity webhook), `iam.gke.io/gcp-service-account`, `azure.workload.identity/client-id`
— is readable by every build step: the projected token file, or the metadata server for GKE.
buildkitd needs none: BuildKit pushes and pulls with the registry credentials the build task
forwards over its session.

Fix: put the identity where it belongs, on the ServiceAccount build tasks run as — the *user
role* (AWS), *user GSA* (GCP) or *user identity* (Azure), which the data plane attaches to task
pods through `userRoleAnnotationKey` / `userRoleAnnotationValue` and which needs the grants
`chartgen iam-policy` prints.

Found on: `imageBuilder.buildkit.serviceAccount.annotations` of the dedicated ServiceAccount; or,
when buildkitd runs as the data plane's common ServiceAccount (single-namespace mode or
`commonServiceAccount.enabled`, without `serviceAccount.forceDedicated`), the annotations the
data plane puts on that account (`additionalServiceAccountAnnotations`,
`commonServiceAccount.annotations`) — usually the backend role. chartgen's dedicated
ServiceAccount leaves the cloud identities of `additionalServiceAccountAnnotations` off (the
reference chart copies them), so `forceDedicated: true` fixes the second case.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen import clouds
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.values.provenance import Path

ID = "IB321"
NAME = "cloud-identity-on-buildkitd"
SEVERITY = Severity.WARNING

def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.buildkit_deployed:
        return
    sources: list[tuple[Path, dict[str, str]]] = []
    if values.uses_common_service_account:
        sources.append((("additionalServiceAccountAnnotations",),
                        values.additionalServiceAccountAnnotations))
        sources.append((("commonServiceAccount", "annotations"),
                        values.commonServiceAccount.annotations or {}))
    elif values.creates_service_account:
        sources.append((("imageBuilder", "buildkit", "serviceAccount", "annotations"),
                        values.buildkit.serviceAccount.annotations))
    for root, configured in sources:
        for key in configured:
            cloud = clouds.of_identity_annotation(key)
            if cloud is None:
                continue
            kind, owner = cloud.IDENTITY_SYSTEM, cloud.BUILD_IDENTITY
            if values.uses_common_service_account:
                where = (f"buildkitd runs as the common ServiceAccount "
                         f"{values.common_service_account_name!r}, which carries")
                hint = (
                    "Set imageBuilder.buildkit.serviceAccount.forceDedicated: true: chartgen's "
                    f"dedicated ServiceAccount carries no cloud identity. The build identity is "
                    f"{owner} on the task pods (userRoleAnnotationKey/Value); `chartgen "
                    "iam-policy` prints its grants."
                )
            else:
                where = "buildkitd's ServiceAccount carries"
                hint = (
                    f"Remove {key} from imageBuilder.buildkit.serviceAccount.annotations; give "
                    f"{owner} to the task pods instead (userRoleAnnotationKey/Value) — `chartgen "
                    "iam-policy` prints its grants."
                )
            path = (*root, key)
            finding = ctx.finding(
                ID,
                path,
                f"{where} the {kind} annotation {key}: every build step can use that cloud "
                "identity, and buildkitd needs none (BuildKit pushes with the credentials the "
                f"build task forwards; the build identity is {owner})",
                hint,
            )
            # The key is what is wrong: point at it.
            yield finding.with_location(ctx.provenance.locate(path, key=True) or finding.location)
