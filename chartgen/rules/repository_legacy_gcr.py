"""The repository is on Google Container Registry (gcr.io), which Google has shut down.

Container Registry stopped accepting pushes in March 2025; a `gcr.io` name works only in
projects whose gcr.io traffic has been redirected to Artifact Registry. Artifact Registry names
repositories `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY`: create one and set
`imageBuilder.defaultRepository` to it, so the values say where images really go.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.clouds import gcp
from chartgen.findings import Finding, Severity
from chartgen.registry import parse_repository
from chartgen.rules import RuleContext
from chartgen.rules._common import example_repository, repository_source

ID = "IB202"
NAME = "repository-legacy-gcr"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    builder = values.imageBuilder
    if not builder.enabled or builder.authenticationType != gcp.AUTHENTICATION_TYPE:
        return
    repository = values.default_repository()
    parsed = parse_repository(repository.value)
    if not repository.value or parsed.kind != "gcr":
        return
    form = gcp.REPOSITORY
    example, _ = example_repository(values, form, prefer={"PROJECT": parsed.project})
    yield ctx.finding(
        ID,
        repository_source(ctx),
        f'defaultRepository "{repository.value}" is on Container Registry (gcr.io), which '
        "Google has shut down; pushes fail unless the project redirects gcr.io to Artifact "
        "Registry",
        f"Move to Artifact Registry: {form.pattern}, e.g. {example}.",
    )
