"""Container repository references: registry hosts, their kinds, and the facts about them.

`parse_repository` splits a repository such as `123456789012.dkr.ecr.us-east-1.amazonaws.com/
union/builds` into its parts (account, region, partition, project, ...), names the kind of
registry behind the host (ECR, Artifact Registry, ACR, GitHub Container Registry, Quay, Docker
Hub, a self-hosted registry) and lists what makes it unusable as a push target (a tag, a digest,
upper case, a scheme, an ECR host that does not exist in its partition). Rules use it to check
that the repository matches `authenticationType`; the IAM generators use it to build resource
ARNs, scopes and the private-registry steps.

Every pattern here is matched against the *whole* string (`fullmatch`): `$` would also match
before a trailing newline, and a newline in a host is how a value escapes into a shell script.

The AWS facts — which regions belong to which partition, which DNS domain each partition's
registry hosts use, where dual-stack and FIPS registry endpoints exist — are one table,
`AWS_PARTITIONS`, read by the validate rules and by `chartgen iam-policy` alike (source: the
AWS SDK's endpoint data and the ECR endpoint reference: FIPS registry endpoints `dkr.ecr-fips`
exist only in us-east-1, us-east-2, us-west-1, us-west-2, us-gov-east-1 and us-gov-west-1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "ecr",
    "ecr-public",
    "artifact-registry",
    "gcr",
    "acr",
    "ghcr",
    "quay",
    "docker-hub",
    "self-hosted",
]
Cloud = Literal["aws", "gcp", "azure"]

PRIVATE_KINDS: frozenset[str] = frozenset({"ghcr", "quay", "docker-hub", "self-hosted"})


# -- AWS partitions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AwsPartition:
    """One AWS partition as ECR sees it."""

    name: str  # the ARN partition: aws, aws-cn, ...
    label: str  # how messages name it
    region: re.Pattern[str]  # the shape of its region names (full match)
    registry_domain: str  # ACCOUNT.dkr.ecr.REGION.<registry_domain>
    dualstack_domain: str | None  # ACCOUNT.dkr-ecr.REGION.<dualstack_domain>; None: no dual-stack
    fips_regions: frozenset[str]  # regions with a dkr.ecr-fips registry endpoint


def _regions(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


# Most specific first: `us-gov-west-1` must not be taken for a commercial `us-` region.
AWS_PARTITIONS: tuple[AwsPartition, ...] = (
    AwsPartition(
        "aws-us-gov",
        "AWS GovCloud (US)",
        _regions(r"us-gov-[a-z]+-\d+"),
        "amazonaws.com",
        "on.aws",
        frozenset({"us-gov-east-1", "us-gov-west-1"}),
    ),
    AwsPartition(
        "aws-iso-b", "AWS ISOB", _regions(r"us-isob-[a-z]+-\d+"), "sc2s.sgov.gov", None, frozenset()
    ),
    AwsPartition(
        "aws-iso-f",
        "AWS ISOF",
        _regions(r"us-isof-[a-z]+-\d+"),
        "csp.hci.ic.gov",
        None,
        frozenset(),
    ),
    AwsPartition(
        "aws-iso", "AWS ISO", _regions(r"us-iso-[a-z]+-\d+"), "c2s.ic.gov", None, frozenset()
    ),
    AwsPartition(
        "aws-iso-e",
        "AWS ISOE",
        _regions(r"eu-isoe-[a-z]+-\d+"),
        "cloud.adc-e.uk",
        None,
        frozenset(),
    ),
    AwsPartition(
        "aws-eusc",
        "AWS European Sovereign Cloud",
        _regions(r"eusc-[a-z]+-[a-z]+-\d+"),
        "amazonaws.eu",
        None,
        frozenset(),
    ),
    AwsPartition(
        "aws-cn",
        "AWS China",
        _regions(r"cn-[a-z]+-\d+"),
        "amazonaws.com.cn",
        "on.amazonwebservices.com.cn",
        frozenset(),
    ),
    AwsPartition(
        "aws",
        "AWS commercial",
        _regions(r"(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+"),
        "amazonaws.com",
        "on.aws",
        frozenset({"us-east-1", "us-east-2", "us-west-1", "us-west-2"}),
    ),
)
FIPS_REGIONS: frozenset[str] = frozenset().union(*(p.fips_regions for p in AWS_PARTITIONS))
_REGISTRY_DOMAINS = frozenset(p.registry_domain for p in AWS_PARTITIONS)
_DUALSTACK_DOMAINS = frozenset(p.dualstack_domain for p in AWS_PARTITIONS if p.dualstack_domain)


def partition_of(region: str) -> AwsPartition | None:
    """The partition whose region names `region` has the shape of, or None."""
    for partition in AWS_PARTITIONS:
        if partition.region.fullmatch(region):
            return partition
    return None


def aws_partition(region: str) -> str:
    """The ARN partition of an AWS region (`cn-north-1` → `aws-cn`; unknown shapes → `aws`)."""
    partition = partition_of(region)
    return partition.name if partition else "aws"


def ecr_registry_host(account: str, region: str) -> str:
    """The standard registry host of `account` in `region` (`...amazonaws.com.cn` in China)."""
    partition = partition_of(region)
    domain = partition.registry_domain if partition else "amazonaws.com"
    return f"{account}.dkr.ecr.{region}.{domain}"


# ACCOUNT.dkr.ecr[-fips].REGION.DOMAIN and ACCOUNT.dkr-ecr[-fips].REGION.DOMAIN (dual-stack).
_ECR_HOST = re.compile(
    r"(?P<account>\d{12})\.(?P<service>dkr\.ecr|dkr-ecr)(?P<fips>-fips)?\."
    r"(?P<region>[a-z0-9]+(?:-[a-z0-9]+)+)\.(?P<domain>[a-z0-9.-]+)",
    re.ASCII,
)


def _ecr_host_problems(region: str, domain: str, fips: bool, dualstack: bool) -> list[str]:
    """Why an ECR-shaped host does not exist, from the partition table."""
    partition = partition_of(region)
    if partition is None:
        return [f"{region!r} is not an AWS region name"]
    problems = []
    expected = partition.dualstack_domain if dualstack else partition.registry_domain
    kind = "dual-stack registry hosts" if dualstack else "registry hosts"
    if expected is None:
        problems.append(
            f"the {partition.label} partition ({region}) has no dual-stack ECR endpoint"
        )
    elif domain != expected:
        problems.append(
            f"{region} is in the {partition.label} partition, whose {kind} end in .{expected}, "
            f"not .{domain}"
        )
    if fips and region not in partition.fips_regions:
        where = ", ".join(sorted(FIPS_REGIONS))
        problems.append(
            f"ECR has no FIPS registry endpoint in {region} (only in {where}); drop -fips"
        )
    return problems


# -- other registries ---------------------------------------------------------------------------

_AR = re.compile(r"(?P<location>[a-z0-9-]+)-docker\.pkg\.dev", re.ASCII)
_GCR = re.compile(r"(?:(?:us|eu|asia)\.)?gcr\.io", re.ASCII)
_ACR = re.compile(r"(?P<name>[^./]+)\.azurecr\.(?P<domain>io|cn|us)", re.ASCII)
_AR_PROJECT = re.compile(r"[a-z][a-z0-9-]{4,28}[a-z0-9]", re.ASCII)
_AR_REPO = re.compile(r"[a-z]([a-z0-9-]*[a-z0-9])?", re.ASCII)
# A path component of an image name (the distribution reference grammar).
_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*", re.ASCII)
_ACR_NAME = re.compile(r"[a-zA-Z0-9]{5,50}", re.ASCII)
# A registry host: DNS labels or an IPv6 literal, with an optional port.
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_HOST = re.compile(
    rf"(?:{_LABEL}(?:\.{_LABEL})*|\[[0-9a-f:.]+\])(?::(?P<port>\d{{1,5}}))?", re.ASCII
)

DOCKER_HUB_HOSTS = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})
# Where `docker login` stores Docker Hub credentials in ~/.docker/config.json (and so the name
# `flyte create secret --from-docker-config --registries` must be given for Docker Hub).
DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/"

_PRIVATE_HOSTS: dict[str, Kind] = {
    "ghcr.io": "ghcr",
    "quay.io": "quay",
    **dict.fromkeys(DOCKER_HUB_HOSTS, "docker-hub"),
}

REGISTRY_LABELS: dict[str, str] = {
    "ecr": "Amazon ECR",
    "ecr-public": "Amazon ECR Public",
    "artifact-registry": "Artifact Registry",
    "gcr": "Container Registry (gcr.io)",
    "acr": "Azure Container Registry",
    "ghcr": "GitHub Container Registry",
    "quay": "Quay",
    "docker-hub": "Docker Hub",
    "self-hosted": "a self-hosted registry",
}


def fullmatch(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.fullmatch(text) is not None


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
    qualified: bool = True  # False: no registry host, so Docker would assume docker.io
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
    def is_private_registry(self) -> bool:
        """A registry reached with credentials (an image pull secret), not cloud IAM."""
        return self.kind in PRIVATE_KINDS

    @property
    def label(self) -> str:
        return REGISTRY_LABELS[self.kind]

    @property
    def docker_config_key(self) -> str:
        """The key under which `docker login` stores this registry's credentials."""
        return DOCKER_HUB_CONFIG_KEY if self.kind == "docker-hub" else self.host


def _has_registry_host(first: str) -> bool:
    """Whether the first component of a reference names a registry (Docker's own test)."""
    return "." in first or ":" in first or first == "localhost"


def _split_reference(text: str) -> tuple[str, str, bool, list[str]]:
    """Split `host/path[:tag][@digest]` into host and path; report tag/digest/scheme."""
    problems: list[str] = []
    reference = text
    if reference != reference.strip():
        problems.append("has leading or trailing white space")
        reference = reference.strip()
    scheme = re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", reference)
    if scheme:
        problems.append(f"has a URL scheme ({scheme.group(0)}); write the bare registry host")
        reference = reference[scheme.end() :]
    if "@" in reference:
        reference, digest = reference.split("@", 1)
        problems.append(f"ends with a digest (@{digest[:19]}...); a push target cannot pin one")
    host, _, path = reference.partition("/")
    qualified = _has_registry_host(host)
    if path and not qualified:
        # `acme/images` is Docker Hub's docker.io/acme/images; a bare `name` (no slash) stays
        # a host-only reference, as chartgen derives it from registryName.
        host, path = "docker.io", reference
    last = path.rsplit("/", 1)[-1] if path else ""
    if ":" in last:
        name, tag = last.rsplit(":", 1)
        path = path[: len(path) - len(last)] + name
        problems.append(f"ends with a tag (:{tag}); chartgen's builds set the tag themselves")
    path = path.strip("/")
    if any(c.isupper() for c in path) or any(c.isupper() for c in host):
        problems.append("contains upper-case letters; repository names must be lower case")
    return host.lower(), path, qualified, problems


def _path_problems(path: str) -> list[str]:
    # Upper case is reported on its own; judge the rest of the grammar in lower case.
    if path and not all(fullmatch(_PATH_COMPONENT, p) for p in path.lower().split("/")):
        return [
            f"repository path {path!r} is not a valid image name (lower-case letters and "
            "digits separated by '.', '_', '__' or '-', components joined by '/')"
        ]
    return []


def _ecr(text: str, host: str, path: str, problems: list[str]) -> Repository | None:
    match = _ECR_HOST.fullmatch(host)
    if not match:
        return None
    dualstack = match.group("service") == "dkr-ecr"
    domain = match.group("domain")
    if domain not in _REGISTRY_DOMAINS | _DUALSTACK_DOMAINS:
        return None  # an ECR-like name under some other domain: not ECR at all
    region = match.group("region")
    fips = bool(match.group("fips"))
    problems.extend(_ecr_host_problems(region, domain, fips, dualstack))
    if not path:
        problems.append("names no repository after the registry host")
    elif not all(fullmatch(_PATH_COMPONENT, p) for p in path.lower().split("/")):
        problems.append(f"repository name {path!r} is not a valid ECR repository name")
    return Repository(
        text,
        host,
        path,
        "ecr",
        account=match.group("account"),
        region=region,
        partition=aws_partition(region),
        fips=fips,
        dualstack=dualstack,
        problems=tuple(dict.fromkeys(problems)),
    )


def parse_repository(text: str) -> Repository:
    host, path, qualified, problems = _split_reference(text)
    if host == "public.ecr.aws":
        problems.append("is ECR Public, which cannot be a push target for private builds")
        return Repository(text, host, path, "ecr-public", problems=tuple(problems))
    ecr = _ecr(text, host, path, problems)
    if ecr is not None:
        return ecr
    match = _AR.fullmatch(host)
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
            if not fullmatch(_AR_PROJECT, project) and "." not in project:
                problems.append(f"{project!r} is not a valid GCP project ID")
            if not fullmatch(_AR_REPO, repo):
                problems.append(f"{repo!r} is not a valid Artifact Registry repository ID")
            if prefix:
                problems.extend(_path_problems(prefix))
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
    if fullmatch(_GCR, host):
        parts = path.split("/") if path else []
        problems.extend(_path_problems(path))
        return Repository(
            text,
            host,
            path,
            "gcr",
            project=parts[0] if parts else None,
            problems=tuple(problems),
        )
    match = _ACR.fullmatch(host)
    if match:
        name = match.group("name")
        if not fullmatch(_ACR_NAME, name):
            problems.append(
                f"registry name {name!r} must be 5-50 letters and digits (Azure forbids '-')"
            )
        problems.extend(_path_problems(path))
        return Repository(
            text, host, path, "acr", registry_name=name.lower(), problems=tuple(problems)
        )
    kind: Kind = _PRIVATE_HOSTS.get(host, "self-hosted")
    if not fullmatch(_HOST, host):
        problems.append(f"registry host {host!r} is not a host name (with an optional :PORT)")
    problems.extend(_path_problems(path))
    if kind == "docker-hub" and path and "/" not in path:
        problems.append(
            f"has no Docker Hub namespace: docker.io/{path} means docker.io/library/{path}, "
            f"where only Docker publishes; write docker.io/YOUR_NAMESPACE/{path}"
        )
    if kind != "self-hosted" and not path:
        problems.append(f"names no repository after {host}")
    return Repository(text, host, path, kind, qualified=qualified, problems=tuple(problems))


def parse_image(text: str) -> Repository:
    """The repository an image reference (`host/path[:tag][@digest]`) lives in.

    Unlike a push target, an image to pull (a base image) may name a tag or a digest: they are
    dropped rather than reported, and every other problem of `parse_repository` still applies.
    """
    reference = text.split("@", 1)[0]
    host, slash, path = reference.partition("/")
    last = path.rsplit("/", 1)[-1]
    if slash and ":" in last:
        reference = f"{host}/{path[: len(path) - len(last)]}{last.rsplit(':', 1)[0]}"
    return parse_repository(reference)
