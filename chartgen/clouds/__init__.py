"""Clouds: everything a cloud means to chartgen, one module each.

- `aws`, `gcp`, `azure`: the `authenticationType` each answers to, its registry (host grammar
  and facts, the AWS partition table among them), the default repository the reference chart
  derives for it, the annotation that gives a pod its identity, its part of `chartgen init`,
  and `chartgen iam-policy`'s options, usage rules and plan for it. Each is checked by mypy
  against `base.Cloud`.
- `private`: the registries no cloud's IAM reaches (GHCR, Quay, Docker Hub, self-hosted):
  their hosts, the image-pull-secret steps, `noop`/`basic` guidance, `init --cloud none`.

This package is the one place that maps between them: `authenticationType` → cloud, the
values that choose the registry of the derived default repository, a registry kind or an
identity annotation → cloud, and the option groups of `chartgen iam-policy`. A new cloud is a
module here and an entry in `CLOUDS`.

The modules' top levels stay light (the command line reads the option groups at start); what
an IAM plan needs is imported when a plan is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NamedTuple

from chartgen.clouds import aws, azure, gcp, private
from chartgen.clouds.base import Cloud, Flag, OptionGroup, Registry, StarterPlaceholder

if TYPE_CHECKING:
    from chartgen.values.provenance import Path

# In the reference chart's order of choosing the derived registry (storage.provider aws; gcp/gcs
# or the top-level provider gcp; azure), which is also the order of `--cloud`'s choices.
CLOUDS: tuple[Cloud, ...] = (aws, gcp, azure)

# Every registry module, in the order they look at a host: the private registries' module takes
# any host the clouds do not claim.
REGISTRIES: tuple[Registry, ...] = (aws, gcp, azure, private)

STORAGE_PROVIDER: Path = ("storage", "provider")
TOP_LEVEL_PROVIDER: Path = ("provider",)
REGISTRY_NAME: Path = ("imageBuilder", "registryName")


def starter_placeholders() -> tuple[StarterPlaceholder, ...]:
    """Every value a `chartgen init` starter leaves for the user to fill in (IB223), once."""
    found: dict[str, StarterPlaceholder] = {}
    for declared in (*(cloud.PLACEHOLDERS for cloud in CLOUDS), private.PLACEHOLDERS):
        for placeholder in declared:
            found.setdefault(placeholder.value, placeholder)
    return tuple(found.values())


def named(name: str) -> Cloud | None:
    return next((cloud for cloud in CLOUDS if name == cloud.NAME), None)


def of_authentication(authentication_type: str) -> Cloud | None:
    """The cloud whose credentials `authenticationType` uses; None for noop and basic."""
    return next((c for c in CLOUDS if authentication_type == c.AUTHENTICATION_TYPE), None)


def of_registry(kind: str) -> Cloud | None:
    """The cloud whose registry a `registry.Kind` is."""
    return next((cloud for cloud in CLOUDS if kind in cloud.REGISTRY_KINDS), None)


def registry_choice(storage_provider: str, top_level_provider: str) -> tuple[Cloud | None, Path]:
    """The cloud whose registry the default repository is derived for, and the value that chose
    it, in the reference chart's order: `storage.provider` before the top-level `provider`, aws
    before gcp before azure; None (and `registryName`, used as it is) when no cloud is chosen.
    `authenticationType` plays no part, as in the reference."""
    for cloud in CLOUDS:
        if storage_provider in cloud.STORAGE_PROVIDERS:
            return cloud, STORAGE_PROVIDER
        if top_level_provider in cloud.TOP_LEVEL_PROVIDERS:
            return cloud, TOP_LEVEL_PROVIDER
    return None, REGISTRY_NAME


def of_identity_annotation(key: str) -> Cloud | None:
    """The cloud whose pod identity an annotation key configures (IRSA, Workload Identity)."""
    for cloud in CLOUDS:
        if key == cloud.IDENTITY_ANNOTATION:
            return cloud
        name = cloud.IDENTITY_ANNOTATION.rpartition("/")[2]
        if cloud.IDENTITY_PREFIX_VARIES and "/" in key and key.rpartition("/")[2] == name:
            return cloud
    return None


def cloud_identity(annotation_key: str) -> str | None:
    """The identity system an annotation key configures (`IRSA`, ...), or None."""
    cloud = of_identity_annotation(annotation_key)
    return cloud.IDENTITY_SYSTEM if cloud else None


# -- options every cloud's plan reads ---------------------------------------------------------


class WorkloadOptions(NamedTuple):
    """Who build tasks run as, for the workload identity of every cloud's plan."""

    build_namespaces: Annotated[
        tuple[str, ...],
        Flag(
            "--build-namespace",
            "A namespace build tasks run in (repeatable; AWS also takes patterns such as "
            "'*-development'). Default: the release namespace in single-namespace mode; "
            "Union's PROJECT-DOMAIN namespaces otherwise.",
            metavar="NAMESPACE",
        ),
    ] = ()
    service_account: Annotated[
        str | None,
        Flag(
            "--service-account",
            "The Kubernetes service account build tasks run as (default: union in "
            "single-namespace mode, default otherwise).",
            metavar="NAME",
        ),
    ] = None


WORKLOAD_OPTIONS = OptionGroup(
    "Workload identity",
    WorkloadOptions,
    tuple(cloud.NAME for cloud in CLOUDS),
    "--cloud " + " or ".join(cloud.NAME for cloud in CLOUDS),
)

# The option groups of `chartgen iam-policy`, in the order of its help and of its checks.
OPTION_GROUPS: tuple[OptionGroup, ...] = (
    aws.OPTIONS,
    WORKLOAD_OPTIONS,
    gcp.OPTIONS,
    azure.OPTIONS,
    private.OPTIONS,
)


def misplaced_options(
    groups: tuple[object, ...], cloud: str | None, *, private_registries: bool | None = None
) -> list[str]:
    """The options given for another cloud than `cloud` (None: authenticationType chose none
    and `--cloud` was not given), as usage errors. `private_registries` limits the check to the
    private registries' group (True) or to the others (False)."""
    problems = []
    for group in OPTION_GROUPS:
        if private_registries is not None and (private.NAME in group.clouds) != private_registries:
            continue
        given = next((g for g in groups if isinstance(g, group.options)), None)
        if given is None or (cloud or private.NAME) in group.clouds:
            continue
        for name, option, default in group.flags():
            if getattr(given, name) == default:
                continue
            flag = option.flag
            if cloud is None:
                problems.append(
                    f"{flag} applies to {group.applies_to}; authenticationType selects no "
                    "cloud, so pass --cloud"
                )
            elif private.NAME in group.clouds:
                problems.append(f"{flag} applies to {group.applies_to}")
            else:
                problems.append(f"{flag} applies to {group.applies_to}, not {cloud}")
    return problems


def choice_problems(groups: tuple[object, ...]) -> list[str]:
    """Option values outside their choices (`--signblob-scope org`), as usage errors."""
    problems = []
    for group in OPTION_GROUPS:
        given = next((g for g in groups if isinstance(g, group.options)), None)
        if given is not None:
            problems.extend(group.choice_problems(given))
    return problems
