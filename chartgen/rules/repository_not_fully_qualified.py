"""The repository names no registry host, so Docker reads it as a Docker Hub name.

`acme/images` is `docker.io/acme/images` to Docker and BuildKit, and a bare `images` is
`docker.io/library/images`, where only Docker publishes. The build task pushes to the
repository as written and the image pull secret is looked up by registry host, so write the
host in front: `docker.io/acme/images` for Docker Hub, `ghcr.io/acme/images`,
`harbor.example.com:8443/project/images`, or your cloud registry.

Docker Hub bites in two more places: every image name is a repository of its own
(`docker.io/NAMESPACE/IMAGE`, and a free account may hold one private repository), and pulls
are rate-limited (unauthenticated: 10 an hour per IPv4 address or IPv6 /64; a free Personal
account: 100 an hour), which nodes behind one NAT address reach quickly. Mount the image pull
secret on task environments so their pulls authenticate (`chartgen iam-policy` prints the
steps).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.registry import parse_repository
from chartgen.rules import RuleContext
from chartgen.rules._common import DEFAULT_REPOSITORY, has_template

ID = "IB241"
NAME = "repository-not-fully-qualified"
SEVERITY = Severity.ERROR


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.imageBuilder.enabled:
        return
    repository = values.default_repository()
    if not repository.value or has_template(repository.value):
        return
    # Only a repository the user wrote: one derived from registryName is the reference chart's
    # own behaviour (and the no-repository rule speaks for it).
    if repository.derived or not ctx.is_set(DEFAULT_REPOSITORY):
        return
    parsed = parse_repository(repository.value)
    if parsed.qualified:
        return
    text = repository.value.strip()
    hub = f"docker.io/{text}" if "/" in text else f"docker.io/YOUR_NAMESPACE/{text}"
    yield ctx.finding(
        ID,
        DEFAULT_REPOSITORY,
        f'defaultRepository "{repository.value}" names no registry host: Docker reads it as '
        f"docker.io/{text if '/' in text else 'library/' + text}",
        f"Write the registry host in front: {hub} for Docker Hub, or HOST[:PORT]/PATH for "
        "another registry.",
    )
