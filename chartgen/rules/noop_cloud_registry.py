"""`authenticationType: noop` with a cloud registry: pushes fail unless the nodes may push.

With `noop` the build task sends no registry credentials, so a push to Amazon ECR, Artifact
Registry, gcr.io or Azure Container Registry succeeds only when the node's own identity (the
instance profile, node service account or kubelet identity) has push rights, which is rarely
intended. Set `authenticationType` to the registry's cloud (`aws`, `google`, `azure`) and grant
the push permission to the build identity (`chartgen iam-policy`), or grant it to the nodes
knowingly.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen import clouds
from chartgen.clouds import private
from chartgen.findings import Finding, Severity
from chartgen.registry import parse_repository
from chartgen.rules import RuleContext
from chartgen.rules._common import has_template, repository_source

ID = "IB203"
NAME = "noop-cloud-registry"
SEVERITY = Severity.WARNING

def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.imageBuilder.enabled or values.imageBuilder.authenticationType != private.NOOP:
        return
    repository = values.default_repository()
    if not repository.value or has_template(repository.value):
        return
    parsed = parse_repository(repository.value)
    cloud = clouds.of_registry(parsed.kind)
    if cloud is None:
        return
    product, auth = parsed.label, cloud.AUTHENTICATION_TYPE
    yield ctx.finding(
        ID,
        repository_source(ctx),
        f'authenticationType is noop but the repository "{repository.value}" is on {product}: '
        "the build sends no credentials, so pushes fail unless the nodes' identity may push",
        f"Set imageBuilder.authenticationType: {auth} and grant the build identity push rights "
        f"(`chartgen iam-policy`), or make sure the node identity can push there.",
    )
