"""There is no default repository at all: `defaultRepository` is empty and none can be derived.

Images go to the default repository unless an ImageSpec names its own `registry`. Without one,
the build-image task fails for every ImageSpec that does not. chartgen derives a repository only
for a cloud (`authenticationType` aws/google/azure, or `storage.provider` aws/gcs) and otherwise
uses `registryName` as is — so this happens when both `defaultRepository` and `registryName`
are empty. (A cloud derivation that lacks inputs is rule IB205.)

Set `imageBuilder.defaultRepository` to the repository images should go to.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._common import DEFAULT_REPOSITORY, REGISTRY_NAME

ID = "IB204"
NAME = "no-repository"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    repository = values.default_repository()
    if not values.imageBuilder.enabled or repository.value or repository.missing:
        return
    path = REGISTRY_NAME if ctx.is_set(REGISTRY_NAME) else DEFAULT_REPOSITORY
    yield ctx.finding(
        ID,
        path,
        "no default repository: defaultRepository and registryName are both empty, so the "
        "build-image task fails for every ImageSpec that does not set `registry`",
        "Set imageBuilder.defaultRepository to the repository images should go to "
        "(e.g. registry.example.com/union/images).",
    )
