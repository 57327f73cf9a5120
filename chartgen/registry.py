"""Container repository references: the host grammars of ECR, Artifact Registry and ACR.

`parse_repository` splits a repository such as `123456789012.dkr.ecr.us-east-1.amazonaws.com/
union/builds` into its parts (account, region, partition, project, ...) and lists what makes it
unusable as a push target (a tag, a digest, upper case, a scheme). Rules use it to check that the
repository matches `authenticationType`; the IAM generators use it to build resource ARNs and
scopes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["ecr", "ecr-public", "artifact-registry", "gcr", "acr", "other"]
Cloud = Literal["aws", "gcp", "azure"]

_REGION = r"[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}"
# ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn], plus the isolated partitions' domains.
_ECR = re.compile(
    rf"^(?P<account>\d{{12}})\.dkr\.ecr(?P<fips>-fips)?\.(?P<region>{_REGION})\."
    r"(?P<domain>amazonaws\.com|amazonaws\.com\.cn|c2s\.ic\.gov|sc2s\.sgov\.gov|"
    r"cloud\.adc-e\.uk|csp\.hci\.ic\.gov|amazonaws\.eu)$"
)
# Dual-stack endpoints: ACCOUNT.dkr-ecr[-fips].REGION.on.aws (China: on.amazonwebservices.com.cn).
_ECR_DUALSTACK = re.compile(
    rf"^(?P<account>\d{{12}})\.dkr-ecr(?P<fips>-fips)?\.(?P<region>{_REGION})\."
    r"(?P<domain>on\.aws|on\.amazonwebservices\.com\.cn)$"
)
_AR = re.compile(r"^(?P<location>[a-z0-9-]+)-docker\.pkg\.dev$")
_GCR = re.compile(r"^(?:(?:us|eu|asia)\.)?gcr\.io$")
_ACR = re.compile(r"^(?P<name>[^./]+)\.azurecr\.(?P<domain>io|cn|us)$")
_AR_PROJECT = re.compile(r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
_AR_REPO = re.compile(r"^[a-z]([a-z0-9-]*[a-z0-9])?$")
_PATH_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
_ACR_NAME = re.compile(r"^[a-zA-Z0-9]{5,50}$")

# Region prefix → ARN partition. Order matters: longer prefixes first.
_PARTITIONS: tuple[tuple[str, str], ...] = (
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-iso-", "aws-iso"),
    ("us-gov-", "aws-us-gov"),
    ("eusc-", "aws-eusc"),
    ("cn-", "aws-cn"),
)


def aws_partition(region: str) -> str:
    """The ARN partition of an AWS region (`cn-north-1` → `aws-cn`)."""
    for prefix, partition in _PARTITIONS:
        if region.startswith(prefix):
            return partition
    return "aws"


@dataclass(frozen=True)
class Repository:
    """A parsed repository reference (registry host plus repository path, no tag)."""

    raw: str
    host: str
    path: str
    kind: Kind
    account: str | None = None
    region: str | None = None
    partition: str | None = None
    fips: bool = False
    dualstack: bool = False
    location: str | None = None
    project: str | None = None
    ar_repository: str | None = None
    image_prefix: str | None = None
    registry_name: str | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def cloud(self) -> Cloud | None:
        if self.kind == "ecr":
            return "aws"
        if self.kind in ("artifact-registry", "gcr"):
            return "gcp"
        if self.kind == "acr":
            return "azure"
        return None

    @property
    def is_cloud_registry(self) -> bool:
        return self.kind in ("ecr", "ecr-public", "artifact-registry", "gcr", "acr")


def _split_reference(text: str) -> tuple[str, str, list[str]]:
    """Split `host/path[:tag][@digest]` into host and path; report tag/digest/scheme."""
    problems: list[str] = []
    reference = text.strip()
    scheme = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", reference)
    if scheme:
        problems.append(f"has a URL scheme ({scheme.group(0)}); write the bare registry host")
        reference = reference[scheme.end() :]
    if "@" in reference:
        reference, digest = reference.split("@", 1)
        problems.append(f"ends with a digest (@{digest[:19]}...); a push target cannot pin one")
    host, _, path = reference.partition("/")
    last = path.rsplit("/", 1)[-1] if path else ""
    if ":" in last:
        name, tag = last.rsplit(":", 1)
        path = path[: len(path) - len(last)] + name
        problems.append(f"ends with a tag (:{tag}); chartgen's builds set the tag themselves")
    path = path.strip("/")
    if any(c.isupper() for c in path) or any(c.isupper() for c in host):
        problems.append("contains upper-case letters; repository names must be lower case")
    return host.lower(), path, problems


def parse_repository(text: str) -> Repository:
    host, path, problems = _split_reference(text)
    if host == "public.ecr.aws":
        problems.append("is ECR Public, which cannot be a push target for private builds")
        return Repository(text, host, path, "ecr-public", problems=tuple(problems))
    for pattern, dualstack in ((_ECR, False), (_ECR_DUALSTACK, True)):
        match = pattern.match(host)
        if match:
            region = match.group("region")
            if not path:
                problems.append("names no repository after the registry host")
            elif not all(_PATH_COMPONENT.match(p) for p in path.split("/")):
                problems.append(f"repository name {path!r} is not a valid ECR repository name")
            return Repository(
                text,
                host,
                path,
                "ecr",
                account=match.group("account"),
                region=region,
                partition=aws_partition(region),
                fips=bool(match.group("fips")),
                dualstack=dualstack,
                problems=tuple(problems),
            )
    match = _AR.match(host)
    if match:
        parts = path.split("/") if path else []
        project = parts[0] if parts else None
        repo = parts[1] if len(parts) > 1 else None
        prefix = "/".join(parts[2:]) or None
        if project is None or repo is None:
            problems.append(
                "must be LOCATION-docker.pkg.dev/PROJECT/REPOSITORY[/PREFIX] "
                "(project and repository are required)"
            )
        else:
            if not _AR_PROJECT.match(project) and "." not in project:
                problems.append(f"{project!r} is not a valid GCP project ID")
            if not _AR_REPO.match(repo):
                problems.append(f"{repo!r} is not a valid Artifact Registry repository ID")
        return Repository(
            text,
            host,
            path,
            "artifact-registry",
            location=match.group("location"),
            project=project,
            ar_repository=repo,
            image_prefix=prefix,
            problems=tuple(problems),
        )
    if _GCR.match(host):
        parts = path.split("/") if path else []
        return Repository(
            text,
            host,
            path,
            "gcr",
            project=parts[0] if parts else None,
            problems=tuple(problems),
        )
    match = _ACR.match(host)
    if match:
        name = match.group("name")
        if not _ACR_NAME.match(name):
            problems.append(
                f"registry name {name!r} must be 5-50 letters and digits (Azure forbids '-')"
            )
        return Repository(
            text, host, path, "acr", registry_name=name.lower(), problems=tuple(problems)
        )
    return Repository(text, host, path, "other", problems=tuple(problems))


def parse_image(text: str) -> Repository:
    """The repository an image reference (`host/path[:tag][@digest]`) lives in.

    Unlike a push target, an image to pull (a base image) may name a tag or a digest: they are
    dropped rather than reported, and every other problem of `parse_repository` still applies.
    """
    reference = text.strip()
    reference = reference.split("@", 1)[0]
    host, slash, path = reference.partition("/")
    last = path.rsplit("/", 1)[-1]
    if slash and ":" in last:
        reference = f"{host}/{path[: len(path) - len(last)]}{last.rsplit(':', 1)[0]}"
    return parse_repository(reference)
