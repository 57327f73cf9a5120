"""Private registries: the registries no cloud's IAM reaches, and `noop`/`basic` guidance.

GitHub Container Registry, Quay, Docker Hub and any self-hosted registry (Harbor, `HOST:PORT`):
their hosts (`parse_registry` takes every host the clouds do not claim), where `docker login`
keeps their credential, and — for `chartgen iam-policy` with `authenticationType` noop or basic
— the documented image-pull-secret flow filled in from the values (`private_registry_steps`,
whose documentation is `TOPIC`, `chartgen explain private-registries`) and what must allow what
when no workload identity is involved (`build_guidance_plan`). `--secret-name` is its option;
`chartgen init --cloud none` starts from `STARTER_VALUES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NamedTuple

from chartgen.clouds.base import Flag, OptionGroup, StarterPlaceholder, grammar
from chartgen.iam.placeholder import Placeholder

if TYPE_CHECKING:
    from chartgen.iam.inputs import IamContext
    from chartgen.iam.plan import Plan
    from chartgen.model import Values
    from chartgen.registry import Kind, Reference, Repository

NAME = "none"  # `chartgen init --cloud none`; the plan's cloud for noop and basic
# The authenticationTypes that use no cloud's credentials: none at all, or a registry
# credential from a secret.
NOOP = "noop"
BASIC = "basic"

TOPIC = """Private registries: the documented image-pull-secret flow, filled in from the values.

For a repository on a registry that is not a cloud's (GitHub Container Registry, Quay, Docker
Hub, Harbor or any self-hosted registry), no cloud IAM can grant a push. The Image Builder
documents one flow instead ("Private registries"):

1. log in to the registry locally (`docker login HOST`);
2. create a Union secret of type `image_pull` from that Docker login:
   `flyte create secret --type image_pull --from-docker-config --registries HOST NAME`;
3. reference it in the image definition (`registry_secret=NAME`), so the build pushes with
   it, and mount it on the task environment (`secrets=[NAME]`), so task pods pull with it.

Scope: the image building process runs in the project and domain of the run, and the push
secret must be accessible there. The `flyte` CLI creates `image_pull` secrets tenant-wide (it
refuses `--project`/`--domain` for them), which every project and domain can read; the Union
Terraform provider (`unionai_secret`, type `image_pull_secret`) creates the same tenant-wide
secret when `project` and `domain` are left empty.

`--registries` takes the name under which `docker login` stored the credential: the host,
`HOST:PORT` for a registry on another port, and for Docker Hub the URL
`https://index.docker.io/v1/` (a bare `docker.io` finds nothing there).

Docker Hub bites three ways: `docker login` keeps its credential under
`https://index.docker.io/v1/` (so that is what `--registries` takes); every image name is a
repository of its own (`docker.io/NAMESPACE/IMAGE`, and a free account may hold one private
repository); and pulls are rate-limited — unauthenticated 10 an hour per IPv4 address (or IPv6
/64), a free Personal account 100 an hour — which nodes and buildkitd behind one NAT address
reach quickly: mount the secret on every task environment so its pulls authenticate, and give
buildkitd's own image (`docker.io/moby/buildkit`) a pull secret
(`imageBuilder.buildkit.serviceAccount.imagePullSecret`). A repository without a registry host
(`acme/images`) is Docker Hub to Docker; write `docker.io/acme/images` (rule IB241).

What chartgen cannot know — the secret's name (`--secret-name`), the credential itself — stays
a placeholder (`${IMAGE_PULL_SECRET}`) or a Terraform variable.
"""

# -- the registries -----------------------------------------------------------------------------

DOCKER_HUB_HOSTS = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})
# Where `docker login` stores Docker Hub credentials in ~/.docker/config.json (and so the name
# `flyte create secret --from-docker-config --registries` must be given for Docker Hub).
DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/"

_HOSTS: dict[str, Kind] = {
    "ghcr.io": "ghcr",
    "quay.io": "quay",
    **dict.fromkeys(DOCKER_HUB_HOSTS, "docker-hub"),
}
LABELS: dict[str, str] = {
    "ghcr": "GitHub Container Registry",
    "quay": "Quay",
    "docker-hub": "Docker Hub",
    "self-hosted": "a self-hosted registry",
}

# A registry host: DNS labels or an IPv6 literal, with an optional port.
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_HOST = grammar(
    rf"(?:{_LABEL}(?:\.{_LABEL})*|\[[0-9a-f:.]+\])(?::(?P<port>\d{{1,5}}))?",
    "a host name (with an optional :PORT)",
)


def parse_registry(reference: Reference) -> Repository:
    """Any host no cloud claims: GHCR, Quay, Docker Hub, or a self-hosted registry."""
    from chartgen.registry import Repository, path_problems

    text, host, path = reference.raw, reference.host, reference.path
    problems = list(reference.problems)
    kind: Kind = _HOSTS.get(host, "self-hosted")
    if not _HOST.accepts(host):
        problems.append(f"registry host {host!r} is not a host name (with an optional :PORT)")
    problems.extend(path_problems(path))
    if kind == "docker-hub" and path and "/" not in path:
        problems.append(
            f"has no Docker Hub namespace: docker.io/{path} means docker.io/library/{path}, "
            f"where only Docker publishes; write docker.io/YOUR_NAMESPACE/{path}"
        )
    if kind != "self-hosted" and not path:
        problems.append(f"names no repository after {host}")
    return Repository(
        text,
        host,
        path,
        kind,
        LABELS[kind],
        is_private_registry=True,
        credential_key=DOCKER_HUB_CONFIG_KEY if kind == "docker-hub" else "",
        qualified=reference.qualified,
        problems=tuple(problems),
    )


ORGANISATION_PLACEHOLDER = StarterPlaceholder(
    "my-org",
    "the starter's example organisation",
    "your organisation or namespace on the registry: ghcr.io/ORG/REPO, quay.io/ORG/REPO, "
    "docker.io/NAMESPACE/REPO or HOST:PORT/PROJECT/REPO",
)
PLACEHOLDERS: tuple[StarterPlaceholder, ...] = (ORGANISATION_PLACEHOLDER,)

STARTER_VALUES = f"""\
# A private registry (GitHub Container Registry, Quay, Docker Hub, Harbor, any HOST:PORT):
# builds push with a Union image_pull secret instead of a cloud identity, so no cloud
# credential helper runs: authenticationType noop. Once, after writing this file:
#   docker login ghcr.io                        # your registry host
#   flyte create secret --type image_pull --from-docker-config --registries ghcr.io REGISTRY_SECRET
# (Docker Hub: --registries https://index.docker.io/v1/, where docker login keeps it), then
# name REGISTRY_SECRET in your images (registry_secret=) and task environments (secrets=[...]).
# `chartgen iam-policy this-file.yaml` prints these steps filled in for your registry;
# `chartgen explain private-registries` explains them.
imageBuilder:
  authenticationType: noop
  # The repository builds push to, with its registry host: ghcr.io/ORG/REPO,
  # quay.io/ORG/REPO, docker.io/NAMESPACE/REPO or harbor.example.com:8443/PROJECT/REPO.
  defaultRepository: ghcr.io/{ORGANISATION_PLACEHOLDER.value}/union-images  # REPLACE
"""

# -- iam-policy -----------------------------------------------------------------------------------

# Union secret names (the unionai Terraform provider's pattern ^[-a-zA-Z0-9_]+$).
SECRET = grammar(r"[-a-zA-Z0-9_]{1,253}", "a Union secret name (letters, digits, - and _)")


class Options(NamedTuple):
    """The private-registry options of `chartgen iam-policy`."""

    secret_name: Annotated[
        str | None,
        Flag("--secret-name", "The name of the Union image_pull secret.", metavar="NAME"),
    ] = None


OPTIONS = OptionGroup(
    "Private registry",
    Options,
    (NAME,),
    "private registries (authenticationType noop or basic)",
)

SECRET_NAME = Placeholder(
    "IMAGE_PULL_SECRET",
    "the name of the Union image_pull secret that holds the registry credential",
    "--secret-name",
)

SCOPE_NOTE = (
    "Scope: builds run in the project and domain of the run, and the push secret must be "
    "readable there. flyte creates image_pull secrets tenant-wide (it refuses --project and "
    "--domain for them), so every project and domain can use this one; a secret scoped to one "
    "project or domain (Terraform unionai_secret with project/domain) serves only builds of "
    "runs there."
)

# What each kind of registry needs to know, where it bites.
REGISTRY_NOTES: dict[str, tuple[str, ...]] = {
    "ghcr": (
        "GitHub Container Registry: log in with a personal access token (classic) that has the "
        "write:packages scope: docker login ghcr.io -u YOUR_GITHUB_USER.",
    ),
    "quay": (
        "Quay: log in as a robot account with write permission on the repository: "
        "docker login quay.io -u ORGANIZATION+ROBOT.",
    ),
    "docker-hub": (
        "Docker Hub: docker login stores the credential under https://index.docker.io/v1/, so "
        "that is the name --registries takes (docker.io finds nothing).",
        "Docker Hub pull limits: unauthenticated pulls are limited to 10 per hour per IPv4 "
        "address (or IPv6 /64), a free Personal account to 100 per hour. Nodes and buildkitd "
        "behind one NAT address exhaust the anonymous limit quickly: mount the secret on every "
        "task environment (secrets=[...]) so their pulls authenticate, and give buildkitd's "
        "own image a pull secret (imageBuilder.buildkit.serviceAccount.imagePullSecret).",
        "Docker Hub repositories: every image name is a repository of its own "
        "(docker.io/NAMESPACE/IMAGE), and a free Personal account may hold only one private "
        "repository.",
    ),
    "self-hosted": (
        "{host} is a self-hosted registry (Harbor and the like): log in as a robot or service "
        "account that may push to {path}: docker login {host}. buildkitd and the nodes must "
        "trust its TLS certificate.",
    ),
}


def private_registry_steps(ctx: IamContext, repository: Repository) -> None:
    """Add the image-pull-secret flow for `repository` to `ctx.plan`."""
    from chartgen.iam.plan import ImagePullSecret, Snippet
    from chartgen.iam.quoting import python_string

    plan = ctx.plan
    given = ctx.options.group(Options).secret_name
    secret = ctx.identifier(given, "--secret-name", SECRET, SECRET_NAME)
    plan.notes.append(
        f"{repository.raw} is on {repository.label}: builds push there with a registry "
        "credential kept in a Union image_pull secret, not with cloud IAM."
    )
    plan.notes.extend(
        note.format(host=repository.host, path=repository.path or repository.host)
        for note in REGISTRY_NOTES[repository.kind]
    )
    plan.notes.append(SCOPE_NOTE)
    plan.grants.append(
        ImagePullSecret(
            "image-pull-secret",
            repository.host,
            repository.docker_config_key,
            secret,
            f"after docker login {repository.host} on this machine: build tasks push with it, "
            "task pods pull with it (tenant-wide)",
        )
    )
    registry = repository.raw
    plan.grants.append(
        Snippet(
            "image-definition",
            "The image definition: the build pushes with the secret "
            "(registry= may be left out, defaultRepository names it)",
            "python",
            "image = flyte.Image.from_debian_base(\n"
            f"    registry={python_string(registry)},\n"
            '    name="my-image",\n'
            f"    registry_secret={python_string(secret)},\n"
            ")",
        )
    )
    plan.grants.append(
        Snippet(
            "task-environment",
            "The task environment: its pods pull the image with the same secret",
            "python",
            "env = flyte.TaskEnvironment(\n"
            '    name="my-env",\n'
            "    image=image,\n"
            f"    secrets=[{python_string(secret)}],\n"
            ")",
        )
    )


# -- noop and basic: what must allow what ---------------------------------------------------------

GUIDANCE: dict[str, tuple[str, ...]] = {
    NOOP: (
        "authenticationType noop: build tasks and the operator-proxy do not authenticate to "
        "{repository}, so there is no workload identity to grant anything to.",
        "Pushes and pulls work only if the registry accepts them anonymously or through the "
        "node's own identity (EKS node role, GKE node service account, AKS kubelet identity), "
        "which must then be allowed to push to and pull from it.",
    ),
    BASIC: (
        "authenticationType basic: build tasks sign in to {repository} as {username} with the "
        "password in the secret {secret}.",
        "That registry credential, not a cloud identity, must be allowed to push to and pull "
        "from the repository: nothing to grant in cloud IAM.",
    ),
}

CLOUD_HINT = (
    "{repository} is a {cloud} registry: for the node identity's permissions run "
    "chartgen iam-policy --cloud {cloud}, or set authenticationType to use workload identity."
)
PLAIN_TEXT_PASSWORD = (
    "basicAuth.passwordPlainText puts the password in the values: keep it in the secret "
    "instead, or use the documented flow for private registries, a Union image_pull secret "
    "(flyte create secret --type image_pull --from-docker-config --registries HOST NAME) "
    "referenced as registry_secret in the image definition."
)


def build_guidance_plan(values: Values, repository: str, plan: Plan) -> None:
    auth = values.imageBuilder.authenticationType
    basic = values.imageBuilder.basicAuth
    fields = {
        "repository": repository or "the registry (no repository is configured)",
        "username": basic.username,
        "secret": basic.passwordSecretName,
    }
    plan.notes.extend(note.format(**fields) for note in GUIDANCE[auth])
    from chartgen.registry import parse_repository

    cloud = parse_repository(repository).cloud if repository else None
    if auth == NOOP and cloud is not None:
        plan.notes.append(CLOUD_HINT.format(repository=repository, cloud=cloud))
    if auth == BASIC and basic.passwordPlainText:
        plan.notes.append(PLAIN_TEXT_PASSWORD)
