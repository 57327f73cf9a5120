"""Container repository references: the registry host, the path, and what is wrong with them.

`parse_repository` splits a repository such as `123456789012.dkr.ecr.us-east-1.amazonaws.com/
union/builds` into host and path and lists what makes it unusable as a push target (a tag, a
digest, upper case, a scheme, a path that is not an image name); then the module of the cloud
whose registry the host is (`chartgen.clouds`: ECR with the AWS partition facts, Artifact
Registry, ACR) or of the private registries (GHCR, Quay, Docker Hub, a self-hosted registry)
parses the rest — account, region, project — and adds its own problems. Rules use the result
to check that the repository matches `authenticationType`; the IAM plans use it to build
resource ARNs, scopes and the private-registry steps.

Every pattern is matched against the *whole* string (`clouds.base.Grammar`): `$` would also
match before a trailing newline, and a newline in a host is how a value escapes into a shell
script.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from chartgen.clouds.base import grammar
from chartgen.record import field, record

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

# A path component of an image name (the distribution reference grammar).
PATH_COMPONENT = grammar(
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*", "an image name's path component"
)


@record(frozen=True)
class Reference:
    """A reference split into registry host and path, before any registry looked at it."""

    raw: str
    host: str
    path: str
    qualified: bool  # False: no registry host, so Docker would assume docker.io
    problems: list[str]  # what is wrong whatever the registry; the registry's module adds its own


@record(frozen=True)
class Repository:
    """A parsed repository reference (registry host plus repository path, no tag)."""

    raw: str
    host: str
    path: str
    kind: Kind
    label: str  # how messages name the registry: "Amazon ECR"
    cloud: str | None = None  # the cloud whose IAM grants on it (`chartgen.clouds`), if any
    # Reached with credentials (an image pull secret), not cloud IAM.
    is_private_registry: bool = False
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
    credential_key: str = ""  # where `docker login` keeps its credential, when not the host
    qualified: bool = True  # False: no registry host, so Docker would assume docker.io
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def docker_config_key(self) -> str:
        """The key under which `docker login` stores this registry's credentials."""
        return self.credential_key or self.host


def _has_registry_host(first: str) -> bool:
    """Whether the first component of a reference names a registry (Docker's own test)."""
    return "." in first or ":" in first or first == "localhost"


def split_reference(text: str) -> Reference:
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
    if _has_upper(path) or _has_upper(host):
        problems.append("contains upper-case letters; repository names must be lower case")
    return Reference(text, host.lower(), path, qualified, problems)


def _has_upper(text: str) -> bool:
    # In ASCII exactly the letters lower() changes are upper case; test character by character
    # only beyond it (a title-case letter changes without being upper case).
    if text.isascii():
        return text != text.lower()
    return any(c.isupper() for c in text)


def path_problems(path: str) -> list[str]:
    # Upper case is reported on its own; judge the rest of the grammar in lower case.
    if path and not all(PATH_COMPONENT.accepts(p) for p in path.lower().split("/")):
        return [
            f"repository path {path!r} is not a valid image name (lower-case letters and "
            "digits separated by '.', '_', '__' or '-', components joined by '/')"
        ]
    return []


# A pure function of the text with an immutable result, asked about the same few repositories
# many times per values file (several rules, and the example repositories they try); bounded,
# so a batch of thousands of files does not keep every one.
@lru_cache(maxsize=256)
def parse_repository(text: str) -> Repository:
    """`text` as a repository: the first registry module that knows its host parses it (the
    private registries' module knows every host)."""
    from chartgen.clouds import REGISTRIES

    reference = split_reference(text)
    for registry in REGISTRIES:
        repository = registry.parse_registry(reference)
        if repository is not None:
            return repository
    raise AssertionError(f"no registry module parsed {text!r}")  # the last one parses any host


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
