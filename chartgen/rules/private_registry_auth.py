"""A private registry with a cloud `authenticationType`: the build cannot push there.

`aws`, `google` and `azure` make the build task and the operator-proxy sign in with the
cloud's credential helper (`docker-credential-ecr-login`, `docker-credential-gcr`,
`az acr login`), which only speak to that cloud's registry. A repository on GitHub Container
Registry, Quay, Docker Hub or a self-hosted registry (Harbor, a `HOST:PORT` registry) gets no
credential from them, so every build fails at the push.

The Image Builder's documented flow for private registries instead:

1. `authenticationType: noop` (no cloud credential helper);
2. log in locally (`docker login HOST`) and create a Union secret from that login:
   `flyte create secret --type image_pull --from-docker-config --registries HOST NAME`
   (Docker Hub: `--registries https://index.docker.io/v1/`, where `docker login` keeps it);
3. reference it in the image (`flyte.Image...(registry=..., registry_secret=NAME)`) and mount
   it on the task environment (`secrets=[NAME]`).

`chartgen iam-policy` prints these steps filled in from your values (every output format).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen import clouds
from chartgen.findings import Finding, Severity
from chartgen.registry import parse_repository
from chartgen.rules import RuleContext
from chartgen.rules._common import has_template, repository_source

ID = "IB240"
NAME = "private-registry-auth"
SEVERITY = Severity.ERROR

def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    auth = values.imageBuilder.authenticationType
    cloud = clouds.of_authentication(auth)
    if not values.imageBuilder.enabled or cloud is None:
        return
    repository = values.default_repository()
    if not repository.value or has_template(repository.value):
        return
    parsed = parse_repository(repository.value)
    if not parsed.is_private_registry or not parsed.qualified or parsed.problems:
        return
    key = parsed.docker_config_key
    yield ctx.finding(
        ID,
        repository_source(ctx),
        f'the repository "{repository.value}" is on {parsed.label}, but authenticationType '
        f"{auth} only signs in to {cloud.REGISTRY_LABEL}: every build would fail at the push",
        "Set imageBuilder.authenticationType: noop and push with a Union image_pull secret: "
        f"flyte create secret --type image_pull --from-docker-config --registries {key} NAME, "
        "then registry_secret=NAME in the image (chartgen iam-policy prints the steps).",
    )
