"""The repository does not fit `authenticationType`, or cannot be a push target at all.

The build task pushes every image to the default repository (`imageBuilder.defaultRepository`,
or the one chartgen derives from `registryName` and the cloud settings), authenticating the way
`authenticationType` says. A mismatch fails every build at the push, after the whole build ran:

- `aws` authenticates to Amazon ECR: `ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]/NAME`
  (also the dual-stack `dkr-ecr....on.aws` hosts and the isolated partitions);
- `google` authenticates to Artifact Registry: `LOCATION-docker.pkg.dev/PROJECT/REPO[/PREFIX]`
  (legacy `gcr.io` is rule IB202);
- `azure` authenticates to Azure Container Registry: `NAME.azurecr.io`, where NAME is 5-50
  letters and digits.

Whatever the type, a repository with a tag or digest, upper-case letters, a URL scheme, or
`public.ecr.aws` (ECR Public cannot receive private pushes) is refused.

The finding points at `defaultRepository` when you set it, otherwise at the value the derived
repository was built from, and its message shows the expected form filled with your own values.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen import clouds
from chartgen.findings import Finding, Severity
from chartgen.registry import parse_repository
from chartgen.rules import RuleContext
from chartgen.rules._common import (
    DEFAULT_REPOSITORY,
    REGISTRY_NAME,
    derivation_trigger,
    example_repository,
    has_template,
    on_user_line,
)
from chartgen.values.provenance import Path

ID = "IB201"
NAME = "repository-format"
SEVERITY = Severity.ERROR

ACCOUNT_ID: Path = ("global", "AWS_ACCOUNT_ID")


def _culprit(ctx: RuleContext) -> Path | None:
    """The value a finding about the repository points at; None when IB220 covers it."""
    values = ctx.values
    repository = values.default_repository()
    if not repository.derived:
        return DEFAULT_REPOSITORY
    cloud = clouds.named(repository.cloud)
    if cloud is None:
        return REGISTRY_NAME
    _, unfit = example_repository(values, cloud.REPOSITORY)
    if ACCOUNT_ID in unfit:
        return None  # the account ID is wrong: IB220 says so, more precisely
    return unfit[0] if unfit else REGISTRY_NAME


def _findings(ctx: RuleContext, path: Path) -> Iterator[Finding]:
    values = ctx.values
    repository = values.default_repository()
    auth = values.imageBuilder.authenticationType
    parsed = parse_repository(repository.value)
    cloud = clouds.of_authentication(auth)
    expected = cloud.REPOSITORY if cloud is not None else None
    shown = (
        f'the derived default repository "{repository.value}"'
        if repository.derived
        else f'defaultRepository "{repository.value}"'
    )
    hint = "Write the repository as HOST/PATH in lower case, without scheme, tag or digest."
    if expected is not None and (
        (parsed.is_private_registry and parsed.qualified)
        or (not parsed.qualified and not repository.derived)
    ):
        # A private registry with a cloud authenticationType is IB240's, a repository you wrote
        # without a registry host IB241's: both say what to do there. A bare name *derived* from
        # registryName (no `provider` chose a cloud registry) stays here: the cloud's form is
        # what the user needs to see.
        expected = None
    # gcr.io under `google` is IB202's warning; ECR Public is named by its own problem.
    mismatch = (
        expected is not None
        and parsed.kind != expected.kind
        and parsed.kind not in ("gcr", "ecr-public")
    )
    if expected is not None and (mismatch or parsed.problems):
        # The example (built by trying the user's values in the expected form) is only for
        # what the findings say, so it is built only when there is a finding.
        example, _ = example_repository(values, expected)
        hint = f"Write the repository as {expected.pattern}, e.g. {example}."
        if mismatch:
            yield ctx.finding(
                ID,
                path,
                f"{shown} is not {expected.product}, but authenticationType is {auth}: "
                f"expected {expected.pattern}, e.g. {example}",
                f"Use {expected.product} such as {example}, or change authenticationType to "
                "the registry's cloud.",
            )
    for problem in parsed.problems:
        yield ctx.finding(ID, path, f"{shown}: {problem}", hint)


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    repository = values.default_repository()
    if not values.imageBuilder.enabled or not repository.value:
        return
    if has_template(repository.value):
        return  # a template chartgen could not resolve; IB010 reports it
    path = _culprit(ctx)
    if path is None:
        return
    for finding in _findings(ctx, path):
        if repository.derived:
            # Built from a default (registryName, say): point at what chose the cloud instead.
            finding = on_user_line(ctx, finding, path, derivation_trigger(values))
        yield finding
