"""`noop` and `basic` authentication: nothing to grant in cloud IAM — say what must allow what.

With `noop` the build task and the operator-proxy do not authenticate at all, so only the node
identity (or an anonymous registry) can make pushes work; with `basic` a registry credential from
a secret does. Either way there is no per-workload cloud identity: `chartgen iam-policy` prints
this guidance (as JSON notes, Terraform or shell comments) and exits 0.
"""

from __future__ import annotations

from chartgen.iam.plan import Plan
from chartgen.model import Values
from chartgen.registry import parse_repository

GUIDANCE: dict[str, tuple[str, ...]] = {
    "noop": (
        "authenticationType noop: build tasks and the operator-proxy do not authenticate to "
        "{repository}, so there is no workload identity to grant anything to.",
        "Pushes and pulls work only if the registry accepts them anonymously or through the "
        "node's own identity (EKS node role, GKE node service account, AKS kubelet identity), "
        "which must then be allowed to push to and pull from it.",
    ),
    "basic": (
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
    cloud = parse_repository(repository).cloud if repository else None
    if auth == "noop" and cloud is not None:
        plan.notes.append(CLOUD_HINT.format(repository=repository, cloud=cloud))
    if auth == "basic" and basic.passwordPlainText:
        plan.notes.append(PLAIN_TEXT_PASSWORD)
