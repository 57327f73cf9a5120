"""Private registries: the documented image-pull-secret flow, filled in from the values.

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

from __future__ import annotations

from chartgen.iam.inputs import IamContext
from chartgen.iam.plan import ImagePullSecret, Placeholder, Snippet
from chartgen.iam.quoting import python_string
from chartgen.registry import Repository

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
    plan = ctx.plan
    secret = ctx.identifier(ctx.options.secret_name, "--secret-name", "union-secret", SECRET_NAME)
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
