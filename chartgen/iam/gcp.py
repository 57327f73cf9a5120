"""GCP: Artifact Registry bindings for the user, node and operator-proxy service accounts.

Who needs what (SPEC §5), all bound on the **repository**, never the project:

- the **user GSA** (build tasks, through `docker-credential-gcr`): `roles/artifactregistry.writer`;
  `roles/iam.serviceAccountTokenCreator` *on itself* for `iam.serviceAccounts.signBlob`
  (`--signblob-scope project` reproduces the documented project-wide grant, with a warning: it
  lets the account impersonate every service account in the project); and one Workload Identity
  binding `roles/iam.workloadIdentityUser` per build namespace,
  `serviceAccount:PROJECT.svc.id.goog[NS/KSA]` — the `union` service account of the release
  namespace in single-namespace mode, the `default` one of every project-domain namespace
  (`--build-namespace`, repeatable) in multi-namespace mode. Each binding names one namespace
  and one service account, narrower than the namespace principal set
  (`principalSet://.../namespace/NS`, which covers every service account there);
- the **node SA** pulls what was built and the **operator-proxy GSA** checks which images exist:
  `roles/artifactregistry.reader`;
- `--base-image` in another repository: `roles/artifactregistry.reader` there for the user GSA
  and the node SA.

Artifact Registry grants per repository: an image prefix (`.../REPOSITORY/PREFIX`) cannot be
scoped, which a warning says. Legacy `gcr.io` hosts are Artifact Registry repositories named after
the host (`gcr.io` in `us`, `eu.gcr.io` in `europe`, ...). The Workload Identity pool is the
data plane's project (`storage.gcp.projectId`); service accounts are given as e-mail addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chartgen.findings import Severity
from chartgen.iam import (
    BAD_BASE_IMAGE,
    BAD_IDENTIFIER,
    BAD_REPOSITORY,
    LEGACY_GCR,
    SIGNBLOB_PROJECT,
    UNSCOPED_PREFIX,
)
from chartgen.iam.inputs import IamContext, build_subjects
from chartgen.iam.plan import Binding, GcpResource, Placeholder, WorkloadSettings
from chartgen.registry import Repository, parse_image

WRITER = "roles/artifactregistry.writer"
READER = "roles/artifactregistry.reader"
TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator"
WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser"
KSA_ANNOTATION = "iam.gke.io/gcp-service-account"

# Container Registry hosts → the Artifact Registry repository serving them (location, name).
GCR_REPOSITORIES: dict[str, tuple[str, str]] = {
    "gcr.io": ("us", "gcr.io"),
    "us.gcr.io": ("us", "us.gcr.io"),
    "eu.gcr.io": ("europe", "eu.gcr.io"),
    "asia.gcr.io": ("asia", "asia.gcr.io"),
}

_GSA_PROJECT = re.compile(r"[^@]+@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com")
_PROJECT = re.compile(r"([a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]")


@dataclass(frozen=True)
class Identity:
    key: str
    field: str
    placeholder: Placeholder


@dataclass(frozen=True)
class RepositoryRole:
    identity: str
    role: str
    base_image_role: str | None
    purpose: str


USER = Identity(
    "user-gsa",
    "user_gsa",
    Placeholder(
        "USER_GSA", "the e-mail of the Google service account build tasks run as", "--user-gsa"
    ),
)
IDENTITIES: tuple[Identity, ...] = (
    USER,
    Identity(
        "node-sa",
        "node_sa",
        Placeholder("NODE_SA", "the e-mail of the GKE node service account", "--node-sa"),
    ),
    Identity(
        "operator-proxy-gsa",
        "operator_proxy_gsa",
        Placeholder(
            "OPERATOR_PROXY_GSA",
            "the e-mail of the operator-proxy Google service account",
            "--operator-proxy-gsa",
        ),
    ),
)

REPOSITORY_ROLES: tuple[RepositoryRole, ...] = (
    RepositoryRole("user-gsa", WRITER, READER, "build tasks push the built image and pull layers"),
    RepositoryRole("node-sa", READER, READER, "nodes pull the built images"),
    RepositoryRole(
        "operator-proxy-gsa", READER, None, "the operator-proxy checks which images exist"
    ),
)

GKE_PROJECT = Placeholder(
    "GKE_PROJECT_ID",
    "the project of the GKE cluster, whose workload pool is PROJECT.svc.id.goog",
    "storage.gcp.projectId",
)
USER_GSA_PROJECT = Placeholder(
    "USER_GSA_PROJECT_ID", "the project the user service account lives in", "--user-gsa"
)


def artifact_repository(repository: Repository) -> tuple[GcpResource, str] | None:
    """The Artifact Registry repository serving `repository`, and the image prefix in it."""
    if repository.kind == "artifact-registry":
        if not (repository.project and repository.ar_repository and repository.location):
            return None
        resource = GcpResource(
            "repository", repository.project, repository.location, repository.ar_repository
        )
        return resource, repository.image_prefix or ""
    if repository.kind == "gcr" and repository.project:
        location, name = GCR_REPOSITORIES.get(repository.host, ("us", repository.host))
        prefix = repository.path.partition("/")[2]
        return GcpResource("repository", repository.project, location, name), prefix
    return None


def _project_of(email: str) -> str:
    match = _GSA_PROJECT.fullmatch(email)
    return match.group(1) if match else ""


def _workload_project(ctx: IamContext) -> str:
    storage = ctx.values.storage
    project = storage.gcp.projectId if storage and storage.gcp else None
    if project:
        if _PROJECT.fullmatch(project):
            return project
        ctx.value_finding(
            BAD_IDENTIFIER,
            Severity.ERROR,
            ("storage", "gcp", "projectId"),
            f"storage.gcp.projectId {project!r} is not a GCP project ID",
            "Set storage.gcp.projectId to the data plane's project ID.",
        )
    return ctx.identifier(None, GKE_PROJECT.option, "gsa", GKE_PROJECT)


def _base_repository(ctx: IamContext, target: GcpResource) -> GcpResource | None:
    text = ctx.options.base_image
    if text is None:
        return None
    base = parse_image(text)
    found = artifact_repository(base)
    problems = list(base.problems)
    if found is None:
        problems.append("is not in an Artifact Registry repository (LOCATION-docker.pkg.dev/...)")
    for problem in dict.fromkeys(problems):
        ctx.option_finding(
            BAD_BASE_IMAGE,
            Severity.ERROR,
            "--base-image",
            f"base image {text!r} {problem}",
            "Pass a private Artifact Registry image; public images need no IAM.",
        )
    if problems or found is None:
        return None
    if found[0] == target:
        ctx.plan.notes.append(
            "The base image is in the target repository: the roles on it already cover it."
        )
        return None
    return found[0]


def build_gcp_plan(ctx: IamContext) -> None:
    """Fill `ctx.plan` with the GCP bindings for `ctx.repository`."""
    options, plan, repository = ctx.options, ctx.plan, ctx.repository
    found = artifact_repository(repository)
    if found is None:
        ctx.repository_finding(
            BAD_REPOSITORY,
            Severity.ERROR,
            f"repository {repository.raw!r} names no project",
            "Write LOCATION-docker.pkg.dev/PROJECT/REPOSITORY[/PREFIX].",
        )
        return
    target, prefix = found
    if repository.kind == "gcr":
        ctx.repository_finding(
            LEGACY_GCR,
            Severity.WARNING,
            f"repository {repository.raw!r} is on legacy Container Registry; the bindings "
            f"target the Artifact Registry repository {target.repository!r} in "
            f"{target.location}",
            "Move to a LOCATION-docker.pkg.dev repository.",
        )
    if prefix:
        ctx.repository_finding(
            UNSCOPED_PREFIX,
            Severity.WARNING,
            f"the roles apply to the whole repository {target.repository!r}, not only to images "
            f"under {prefix}/: Artifact Registry cannot scope IAM to an image prefix",
            "Use a dedicated repository for image builds if other images must stay out of reach.",
        )

    emails = {
        identity.key: ctx.identifier(
            getattr(options, identity.field),
            identity.placeholder.option,
            "gsa",
            identity.placeholder,
        )
        for identity in IDENTITIES
    }
    base = _base_repository(ctx, target)
    for entry in REPOSITORY_ROLES:
        role_name = entry.role.rsplit(".", 1)[1]
        plan.grants.append(
            Binding(
                f"{entry.identity}-{role_name}",
                target,
                entry.role,
                f"serviceAccount:{emails[entry.identity]}",
                entry.purpose,
            )
        )
    if base is not None:
        for entry in REPOSITORY_ROLES:
            if entry.base_image_role is None:
                continue
            role_name = entry.base_image_role.rsplit(".", 1)[1]
            plan.grants.append(
                Binding(
                    f"{entry.identity}-base-image-{role_name}",
                    base,
                    entry.base_image_role,
                    f"serviceAccount:{emails[entry.identity]}",
                    "pull the private base image",
                )
            )

    user = emails[USER.key]
    user_account = GcpResource("service-account", _project_of(user) or "-", email=user)
    if (options.signblob_scope or "self") == "project":
        project = _project_of(user) or ctx.identifier(
            None, USER_GSA_PROJECT.option, "gsa", USER_GSA_PROJECT
        )
        ctx.option_finding(
            SIGNBLOB_PROJECT,
            Severity.WARNING,
            "--signblob-scope",
            f"Service Account Token Creator on project {project} lets {user} impersonate every "
            "service account in that project",
            "Use --signblob-scope self (the default): signBlob only needs the role on the user "
            "service account itself.",
        )
        signer = GcpResource("project", project)
    else:
        signer = user_account
    plan.grants.append(
        Binding(
            "user-gsa-token-creator",
            signer,
            TOKEN_CREATOR,
            f"serviceAccount:{user}",
            "build tasks sign blobs as themselves (iam.serviceAccounts.signBlob)",
        )
    )

    pool = _workload_project(ctx)
    chosen = build_subjects(ctx, patterns_allowed=False)
    for namespace, ksa in chosen.subjects:
        suffix = f"-{namespace}" if len(chosen.subjects) > 1 else ""
        plan.grants.append(
            Binding(
                f"user-gsa-workload-identity{suffix}",
                user_account,
                WORKLOAD_IDENTITY_USER,
                f"serviceAccount:{pool}.svc.id.goog[{namespace}/{ksa}]",
                f"Workload Identity: {namespace}/{ksa} acts as the user GSA",
            )
        )
    plan.grants.append(
        WorkloadSettings(
            "user-workload",
            chosen.subjects,
            ((KSA_ANNOTATION, user),),
            purpose="the service accounts build tasks run as map to the user GSA",
        )
    )
    plan.notes.append(f"Build identities: {chosen.source}.")
